/**
 * The speech queue's bookkeeping: speech bars from lifecycle events, rows so overlapping
 * speeches stay visible, and the interruptions and preemptive generations that refer to them.
 * Split from the model because these events resolve each other across time (a pause becomes a
 * resume or an interruption seconds later).
 */
import type { EngineEventOf, SpeechLifecycleState } from '../../../../../shared/engine-events';
import { SpanIndex, TimeList } from './span-index';
import type { InterruptionMark, PreemptiveSpan, SpeechBar, SpeechDisplayState } from './timeline-types';

/**
 * Rows the speech-queue lane shows at full height. A speech takes the lowest row free when it
 * is created, and a new row when none is: two speeches never share a row while both are open.
 */
export const SPEECH_ROWS = 5;

const DISPLAY: Record<SpeechLifecycleState, SpeechDisplayState> = {
  created: 'created',
  scheduled: 'scheduled',
  authorized: 'authorized',
  playout_started: 'playing',
  paused: 'paused',
  resumed: 'resumed',
  interrupted: 'interrupted',
  done: 'done',
};

export class SpeechLanes {
  readonly speeches = new SpanIndex<SpeechBar>();
  readonly byId = new Map<string, SpeechBar>();
  readonly interruptions = new TimeList<InterruptionMark>();
  readonly preemptive = new SpanIndex<PreemptiveSpan>();
  private readonly preemptiveById = new Map<string, PreemptiveSpan>();
  /** End of the last speech in each row (Infinity while it is open); grows with concurrency. */
  private readonly rowEnds: number[] = [];

  /** The bar of a speech, created on first sight: events of one speech may arrive in any order. */
  speech(id: string, t: number): SpeechBar {
    let bar = this.byId.get(id);
    if (bar) return bar;
    bar = {
      id,
      start: t,
      end: null,
      source: null,
      priority: null,
      allowInterruptions: null,
      userInitiated: null,
      text: '',
      phases: [],
      state: 'created',
      interruptCause: null,
      truncatedAtMs: null,
      row: this.pickRow(t),
    };
    this.rowEnds[bar.row] = Infinity;
    this.byId.set(id, bar);
    this.speeches.add(bar);
    return bar;
  }

  onCreated(e: EngineEventOf<'speech_created'>): void {
    const bar = this.speech(e.speechId, e.t);
    bar.source = e.source;
    bar.userInitiated = e.userInitiated;
  }

  onLifecycle(e: EngineEventOf<'speech_lifecycle'>): void {
    const bar = this.speech(e.speechId, e.t);
    if (e.source !== undefined) bar.source = e.source;
    if (e.priority !== undefined) bar.priority = e.priority;
    if (e.allowInterruptions !== undefined) bar.allowInterruptions = e.allowInterruptions;
    if (e.text !== undefined && e.text !== '') bar.text = e.text;
    bar.phases.push(
      e.cause === undefined ? { state: e.state, t: e.t } : { state: e.state, t: e.t, cause: e.cause },
    );
    if (e.state === 'interrupted') {
      bar.interruptCause = e.cause ?? bar.interruptCause ?? 'unknown';
      this.resolvePause(e.speechId, e.t, 'interrupted');
    }
    if (bar.state !== 'interrupted') bar.state = DISPLAY[e.state];
    if (e.state === 'done') this.finish(bar, e.t);
  }

  /** A TTS text fills in what a speech said when its lifecycle carried no text. */
  onSpeechText(speechId: string | null, text: string | undefined, t: number): void {
    if (speechId === null || !text) return;
    const bar = this.speech(speechId, t);
    if (bar.text === '') bar.text = text;
  }

  onInterruption(e: EngineEventOf<'interruption'>): void {
    this.interruptions.add({
      t: e.t,
      speechId: e.speechId,
      cause: e.cause,
      paused: e.paused,
      outcome: e.paused ? 'pending' : 'interrupted',
      resolvedAt: e.paused ? null : e.t,
    });
  }

  /** The false-interruption verdict resolves the newest pause still waiting for one. */
  onFalseInterruption(e: EngineEventOf<'agent_false_interruption'>): void {
    const pending = this.newestPending(null);
    if (pending) {
      pending.outcome = e.resumed ? 'resumed' : 'not_resumed';
      pending.resolvedAt = e.t;
      return;
    }
    this.interruptions.add({
      t: e.t,
      speechId: null,
      cause: 'false_interruption',
      paused: true,
      outcome: e.resumed ? 'resumed' : 'not_resumed',
      resolvedAt: e.t,
    });
  }

  /** The realtime server's copy of an interrupted reply was cut at what the user heard. */
  onTruncated(e: EngineEventOf<'realtime_truncated'>): void {
    this.speech(e.speechId, e.t).truncatedAtMs = e.audioEndMs;
  }

  onPreemptive(e: EngineEventOf<'preemptive_generation'>): void {
    let span = this.preemptiveById.get(e.speechId);
    if (!span) {
      span = this.preemptive.add({
        speechId: e.speechId,
        start: e.t,
        end: null,
        outcome: 'pending',
        reason: null,
      });
      this.preemptiveById.set(e.speechId, span);
    }
    if (e.phase === 'started') return;
    span.outcome = e.phase;
    span.reason = e.reason ?? null;
    this.preemptive.close(span, e.t);
  }

  /** The session closed: whatever is still open ends here. */
  closeAll(t: number): void {
    for (const bar of [...this.speeches.openItems()]) this.finish(bar, t);
    this.preemptive.closeAll(t);
    for (const mark of this.interruptions.items) {
      if (mark.outcome !== 'pending') continue;
      mark.outcome = 'not_resumed';
      mark.resolvedAt = t;
    }
  }

  clear(): void {
    this.speeches.clear();
    this.byId.clear();
    this.interruptions.clear();
    this.preemptive.clear();
    this.preemptiveById.clear();
    this.rowEnds.length = 0;
  }

  /** Rows used so far: the most speeches that were open at once. */
  get rowCount(): number {
    return this.rowEnds.length;
  }

  private finish(bar: SpeechBar, t: number): void {
    this.speeches.close(bar, t);
    if (bar.end !== null) this.rowEnds[bar.row] = bar.end;
    // Its pause, if any, ended with it.
    this.resolvePause(bar.id, t, 'not_resumed');
  }

  private resolvePause(speechId: string, t: number, outcome: InterruptionMark['outcome']): void {
    const pending = this.newestPending(speechId);
    if (!pending) return;
    pending.outcome = outcome;
    pending.resolvedAt = t;
  }

  private newestPending(speechId: string | null): InterruptionMark | undefined {
    const items = this.interruptions.items;
    // Only the last few marks can still be pending; stop at the first settled one from the end.
    for (let i = items.length - 1; i >= 0 && i >= items.length - 16; i--) {
      const mark = items[i];
      if (mark.outcome === 'pending' && (speechId === null || mark.speechId === speechId)) return mark;
    }
    return undefined;
  }

  /** The lowest row whose last speech ended before `t`, else a new row. */
  private pickRow(t: number): number {
    for (let r = 0; r < this.rowEnds.length; r++) if (this.rowEnds[r] < t) return r;
    this.rowEnds.push(-Infinity);
    return this.rowEnds.length - 1;
  }
}
