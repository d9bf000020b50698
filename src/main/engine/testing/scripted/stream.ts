/**
 * The one stream shell of every scripted provider (LLM, TTS, STT, VAD): items come from clock
 * timers or a feed, the consumer iterates a Channel, and the stream ends exactly once — when its
 * script is done, when it is closed, or when its abort signal fires — cancelling what is still
 * scheduled. Time comes only from the injected clock, so runs on the VirtualClock are exact.
 */
import type { AudioFrame } from '../../audio/frame';
import { offAbort, onAbort, type AbortEntry } from '../../base/abort-hub';
import { Channel } from '../../base/channel';
import { instantOf, type Clock, type TimerHandle } from '../../base/clock';

export interface ScriptedStreamInit<T> {
  clock: Clock;
  requestId: string;
  /** Aborting it ends the stream as close() does. */
  signal?: AbortSignal;
  /** Called once when the stream ends, however it ends. */
  onFinished?: (stream: ScriptedStream<T>) => void;
}

export class ScriptedStream<T> implements AsyncIterable<T> {
  readonly requestId: string;
  protected readonly clock: Clock;
  private readonly channel = new Channel<T>();
  private readonly timers = new Set<TimerHandle>();
  private readonly cleanups: Array<() => void> = [];
  private abortEntry: AbortEntry | null = null;
  private readonly onFinished: ((stream: ScriptedStream<T>) => void) | undefined;
  /** The stream has ended: nothing more will be delivered. */
  finished = false;
  /** The consumer called close() (a leak check wants every stream closed, not just ended). */
  closed = false;

  constructor(init: ScriptedStreamInit<T>) {
    this.clock = init.clock;
    this.requestId = init.requestId;
    this.onFinished = init.onFinished;
    if (init.signal?.aborted) this.finish();
    else if (init.signal) this.abortEntry = onAbort(init.signal, () => this.finish());
  }

  /** The clock's current instant (the VirtualClock's exact time when it has one). */
  nowMs(): number {
    return instantOf(this.clock);
  }

  /** Runs `fn` after `delayMs`, unless the stream ends first. */
  after(delayMs: number, fn: () => void): void {
    if (this.finished) return;
    const h = this.clock.setTimer(() => {
      this.timers.delete(h);
      fn();
    }, delayMs);
    this.timers.add(h);
  }

  /** Runs `fn` at clock instant `atMs`; an instant already past is skipped (never replayed late). */
  at(atMs: number, fn: () => void): void {
    const now = this.nowMs();
    if (atMs >= now) this.after(atMs - now, fn);
  }

  /** Delivers one item (ignored once the stream has ended). */
  send(item: T): void {
    this.channel.trySend(item);
  }

  /** Runs `fn` when the stream ends (unsubscribing from a feed). */
  onEnd(fn: () => void): void {
    if (this.finished) fn();
    else this.cleanups.push(fn);
  }

  /** Ends the stream; with an error the consumer's iteration throws it. */
  finish(error?: Error): void {
    if (this.finished) return;
    this.finished = true;
    for (const t of this.timers) t.cancel();
    this.timers.clear();
    if (this.abortEntry) offAbort(this.abortEntry);
    for (const fn of this.cleanups.splice(0)) fn();
    this.channel.close(error);
    this.onFinished?.(this);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.finish();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.channel[Symbol.asyncIterator]();
  }
}

/** Where a recognizer stream's events come from; `attach` returns how to detach. */
export interface StreamFeed<T> {
  attach(stream: ScriptedInputStream<T>): (() => void) | void;
}

export interface ScriptedInputInit<T> extends ScriptedStreamInit<T> {
  /** A name for leak reports. */
  name: string;
  feed: StreamFeed<T>;
  /** endInput() ends the event stream (no more audio, nothing more to detect); else only close() does. */
  endsOnInputEnd: boolean;
  /** Keep every pushed frame (tests read them); else only count them. */
  keepFrames?: boolean;
  onFrame?: () => void;
  /** The language the consumer asked for (an STT's stream option), null when none. */
  language?: string | null;
}

/** A scripted STT or VAD stream: takes audio (kept or counted, never analysed), emits its feed. */
export class ScriptedInputStream<T> extends ScriptedStream<T> {
  readonly name: string;
  readonly frames: AudioFrame[] = [];
  readonly language: string | null;
  inputEnded = false;

  constructor(private readonly init: ScriptedInputInit<T>) {
    super(init);
    this.name = init.name;
    this.language = init.language ?? null;
    const detach = init.feed.attach(this);
    if (detach) this.onEnd(detach);
  }

  pushFrame(frame: AudioFrame): void {
    if (this.inputEnded) throw new Error(`${this.name}: pushFrame after endInput`);
    if (this.init.keepFrames) this.frames.push(frame);
    this.init.onFrame?.();
  }

  flush(): void {}

  endInput(): void {
    this.inputEnded = true;
    if (this.init.endsOnInputEnd) this.finish();
  }
}

/** One item of a timed script: `value` is delivered at clock instant `atMs`. */
export interface Scripted<T> {
  atMs: number;
  value: T;
}

/**
 * A feed that plays a timed script into each stream from its creation on (a stream created late
 * never replays what is past); `fail` ends the stream with an error at its instant.
 */
export function timedFeed<T>(
  script: readonly Scripted<T>[],
  fail?: { atMs: number; error: Error },
): StreamFeed<T> {
  return {
    attach(stream) {
      for (const item of script) stream.at(item.atMs, () => stream.send(item.value));
      if (fail) stream.at(fail.atMs, () => stream.finish(fail.error));
    },
  };
}
