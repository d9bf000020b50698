/**
 * The agent's chat context as the studio reconstructs it from the event stream: messages come
 * from `conversation_item_added`, function calls and their outputs from `function_tools_executed`
 * (the engine adds tool items to the context without a per-item event). Entries are kept in
 * creation order, as the engine's ChatContext keeps its items, so a reply that arrives after its
 * tool calls still sits where the model saw it.
 */
import type { EngineEvent } from '../../../../shared/engine-events';
import { SIMULATED_STT_LIVE_AUDIO } from '../../../../shared/warning-codes';
import type { EventBatch } from '../../store/event-feed';

export type ChatEntry =
  | {
      kind: 'message';
      id: string;
      role: 'system' | 'developer' | 'user' | 'assistant';
      /** For an interrupted message this is already only what the user heard. */
      content: string;
      interrupted: boolean;
      at: number;
    }
  | {
      kind: 'function_call';
      id: string;
      callId: string;
      name: string;
      arguments: string;
      /** Null while the tool has produced no output (or never will, e.g. a handoff without one). */
      output: { text: string; isError: boolean } | null;
      at: number;
    }
  | { kind: 'handoff'; id: string; oldAgentId: string | null; newAgentId: string; at: number };

export interface ChatContextSnapshot {
  entries: readonly ChatEntry[];
  /** Older events were dropped from the live buffer, so the start of the context is missing. */
  truncated: boolean;
  /**
   * The session said its live audio gets no transcript (the simulated STT on a microphone or a
   * room): that warning's message, else null. Its user turns are empty for that reason.
   */
  noTranscriptReason: string | null;
}

/** What an empty message shows instead of its text: why it is empty, as far as the studio knows. */
export function emptyMessageText(
  entry: Extract<ChatEntry, { kind: 'message' }>,
  snapshot: Pick<ChatContextSnapshot, 'noTranscriptReason'>,
): string {
  if (entry.role === 'user')
    return snapshot.noTranscriptReason !== null
      ? '(simulated STT: no transcript for live audio)'
      : '(no transcript)';
  if (entry.role === 'assistant' && entry.interrupted) return '(interrupted before anything was heard)';
  return '(empty)';
}

export class ChatContextModel {
  private entries: ChatEntry[] = [];
  private readonly ids = new Set<string>();
  private readonly toolStarts = new Map<string, number>();
  private truncated = false;
  private noTranscriptReason: string | null = null;
  private snap: ChatContextSnapshot = { entries: [], truncated: false, noTranscriptReason: null };

  /** Applies one batch from the event cursor; returns true when the snapshot changed. */
  apply(batch: EventBatch): boolean {
    let changed = false;
    if (batch.reset) {
      changed = this.entries.length > 0 || this.truncated || this.noTranscriptReason !== null;
      this.entries = [];
      this.ids.clear();
      this.toolStarts.clear();
      this.truncated = false;
      this.noTranscriptReason = null;
    }
    if (batch.truncated && !this.truncated) {
      this.truncated = true;
      changed = true;
    }
    for (const ev of batch.events) if (this.ingest(ev)) changed = true;
    if (changed)
      this.snap = {
        entries: [...this.entries],
        truncated: this.truncated,
        noTranscriptReason: this.noTranscriptReason,
      };
    return changed;
  }

  snapshot(): ChatContextSnapshot {
    return this.snap;
  }

  private ingest(ev: EngineEvent): boolean {
    switch (ev.type) {
      case 'conversation_item_added': {
        const item = ev.item;
        if (item.type === 'message') {
          return this.insert({
            kind: 'message',
            id: item.id,
            role: item.role,
            content: item.content,
            interrupted: item.interrupted,
            at: item.createdAt,
          });
        }
        if (item.type === 'function_call')
          return this.upsertCall(item.callId, item.name, item.arguments, item.createdAt);
        if (item.type === 'function_call_output')
          return this.setOutput(item.callId, item.name, item.output, item.isError, item.createdAt);
        return false;
      }
      case 'tool_execution':
        if (ev.phase === 'start') this.toolStarts.set(ev.callId, ev.t);
        return false;
      case 'function_tools_executed': {
        let changed = false;
        ev.functionCalls.forEach((call, i) => {
          const at = this.toolStarts.get(call.callId) ?? ev.t;
          if (this.upsertCall(call.callId, call.name, call.arguments, at)) changed = true;
          const out = ev.functionCallOutputs[i];
          if (out && this.setOutput(out.callId, out.name, out.output, out.isError, ev.t)) changed = true;
        });
        return changed;
      }
      case 'warning':
        if (ev.code !== SIMULATED_STT_LIVE_AUDIO || this.noTranscriptReason !== null) return false;
        this.noTranscriptReason = ev.message;
        return true;
      case 'agent_handoff':
        return this.insert({
          kind: 'handoff',
          id: `handoff@${ev.t}:${ev.newAgentId}`,
          oldAgentId: ev.oldAgentId,
          newAgentId: ev.newAgentId,
          at: ev.t,
        });
      default:
        return false;
    }
  }

  private upsertCall(callId: string, name: string, args: string, at: number): boolean {
    const id = `call:${callId}`;
    if (this.ids.has(id)) return false;
    return this.insert({ kind: 'function_call', id, callId, name, arguments: args, output: null, at });
  }

  private setOutput(callId: string, name: string, text: string, isError: boolean, at: number): boolean {
    const id = `call:${callId}`;
    if (!this.ids.has(id))
      this.insert({ kind: 'function_call', id, callId, name, arguments: '', output: null, at });
    const index = this.entries.findIndex((e) => e.id === id);
    const entry = this.entries[index];
    if (entry.kind !== 'function_call') return false;
    if (entry.output && entry.output.text === text && entry.output.isError === isError) return false;
    this.entries[index] = { ...entry, output: { text, isError } };
    return true;
  }

  /** Inserts after every entry created at the same time or earlier, as ChatContext.insert does. */
  private insert(entry: ChatEntry): boolean {
    if (this.ids.has(entry.id)) return false;
    this.ids.add(entry.id);
    let i = this.entries.length;
    while (i > 0 && this.entries[i - 1].at > entry.at) i--;
    this.entries.splice(i, 0, entry);
    return true;
  }
}
