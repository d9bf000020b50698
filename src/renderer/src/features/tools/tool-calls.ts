/**
 * Tool calls paired by callId from the trace (`tool_execution` start/end, which carry timing)
 * and the session event (`function_tools_executed`, which carries the output the model saw).
 * Either half may be missing: the live buffer can drop a start, and a tool that was cancelled
 * never ends, so every field that needs both halves is nullable rather than guessed.
 */
import type { EngineEvent } from '../../../../shared/engine-events';
import type { EventBatch } from '../../store/event-feed';

export type ToolCallStatus = 'running' | 'ok' | 'error' | 'no_output';

export interface ToolCallRecord {
  callId: string;
  name: string;
  arguments: string;
  speechId: string | null;
  startedAt: number | null;
  endedAt: number | null;
  /** end - start on the session clock; null until both are known. */
  durationMs: number | null;
  output: string | null;
  isError: boolean;
  status: ToolCallStatus;
}

export interface ToolCallsSnapshot {
  /** In order of first sight (start, or the executed event when the start was dropped). */
  calls: readonly ToolCallRecord[];
  byId: ReadonlyMap<string, ToolCallRecord>;
}

function statusOf(r: Omit<ToolCallRecord, 'status'>, ended: boolean): ToolCallStatus {
  if (!ended) return 'running';
  if (r.output === null) return 'no_output';
  return r.isError ? 'error' : 'ok';
}

export class ToolCallsModel {
  private calls: ToolCallRecord[] = [];
  private readonly index = new Map<string, number>();
  private snap: ToolCallsSnapshot = { calls: [], byId: new Map() };

  apply(batch: EventBatch): boolean {
    let changed = false;
    if (batch.reset) {
      changed = this.calls.length > 0;
      this.calls = [];
      this.index.clear();
    }
    for (const ev of batch.events) if (this.ingest(ev)) changed = true;
    if (changed) {
      const calls = [...this.calls];
      this.snap = { calls, byId: new Map(calls.map((c) => [c.callId, c])) };
    }
    return changed;
  }

  snapshot(): ToolCallsSnapshot {
    return this.snap;
  }

  private ingest(ev: EngineEvent): boolean {
    if (ev.type === 'tool_execution') {
      if (ev.phase === 'start') {
        return this.update(
          ev.callId,
          ev.name,
          (r) => ({ ...r, arguments: ev.arguments, speechId: ev.speechId, startedAt: ev.t }),
          false,
        );
      }
      return this.update(
        ev.callId,
        ev.name,
        (r) => ({
          ...r,
          arguments: ev.arguments || r.arguments,
          speechId: ev.speechId ?? r.speechId,
          endedAt: ev.t,
          output: ev.output ?? r.output,
          isError: ev.isError ?? r.isError,
        }),
        true,
      );
    }
    if (ev.type === 'function_tools_executed') {
      let changed = false;
      ev.functionCalls.forEach((call, i) => {
        const out = ev.functionCallOutputs[i];
        const done = this.update(
          call.callId,
          call.name,
          (r) => ({
            ...r,
            arguments: r.arguments || call.arguments,
            // The output the model saw is the truth; a dropped end event leaves only this.
            output: out ? out.output : r.output,
            isError: out ? out.isError : r.isError,
          }),
          true,
        );
        if (done) changed = true;
      });
      return changed;
    }
    return false;
  }

  private update(
    callId: string,
    name: string,
    patch: (r: ToolCallRecord) => ToolCallRecord,
    ended: boolean,
  ): boolean {
    const at = this.index.get(callId);
    const base: ToolCallRecord =
      at === undefined
        ? {
            callId,
            name,
            arguments: '',
            speechId: null,
            startedAt: null,
            endedAt: null,
            durationMs: null,
            output: null,
            isError: false,
            status: 'running',
          }
        : this.calls[at];
    const next = patch(base);
    const durationMs =
      next.startedAt !== null && next.endedAt !== null ? Math.max(0, next.endedAt - next.startedAt) : null;
    const isEnded = ended || base.status !== 'running';
    const record: ToolCallRecord = { ...next, durationMs, status: statusOf(next, isEnded) };
    if (at === undefined) {
      this.index.set(callId, this.calls.length);
      this.calls.push(record);
    } else {
      this.calls[at] = record;
    }
    return true;
  }
}
