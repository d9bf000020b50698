/**
 * The deadlines of one local-TTS sentence on the clock: the engine must write its first audio
 * within `firstTokenTimeoutMs` and be done within `totalTimeoutMs`. A deadline that passes aborts
 * `signal` (which kills the engine process); `check` then throws the error naming the setting.
 */
import { CancelledError, type Clock, type TimerHandle } from '../../engine';
import { LocalTtsError } from './engine-process';
import type { LocalTtsEngine } from './engines';

export interface SentenceDeadlines {
  firstTokenTimeoutMs: number;
  totalTimeoutMs: number;
}

export class SentenceDeadline {
  private readonly controller = new AbortController();
  private first: TimerHandle | null = null;
  private total: TimerHandle | null = null;
  private expired: 'firstTokenTimeoutMs' | 'totalTimeoutMs' | null = null;
  private readonly onOuterAbort = (): void => this.controller.abort(this.outer.reason);

  constructor(
    clock: Clock,
    private readonly outer: AbortSignal,
    private readonly deadlines: SentenceDeadlines,
  ) {
    if (outer.aborted) this.controller.abort(outer.reason);
    else outer.addEventListener('abort', this.onOuterAbort, { once: true });
    if (deadlines.firstTokenTimeoutMs > 0)
      this.first = clock.setTimer(() => this.expire('firstTokenTimeoutMs'), deadlines.firstTokenTimeoutMs);
    if (deadlines.totalTimeoutMs > 0)
      this.total = clock.setTimer(() => this.expire('totalTimeoutMs'), deadlines.totalTimeoutMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Audio arrived: the first-audio deadline no longer applies. */
  progress(): void {
    this.first?.cancel();
    this.first = null;
  }

  /** Throws if a deadline ended the sentence (the engine was killed, so its output stopped quietly). */
  check(engine: LocalTtsEngine, settingPrefix: string): void {
    if (!this.expired || this.outer.aborted) return;
    const ms = this.deadlines[this.expired];
    const setting = `${settingPrefix}.${this.expired}`;
    const what = this.expired === 'firstTokenTimeoutMs' ? 'wrote no audio' : 'did not finish the sentence';
    throw new LocalTtsError(
      `local tts: ${engine} ${what} within ${ms} ms (${setting}) and was stopped: check that it runs from a terminal, or raise ${setting}`,
    );
  }

  dispose(): void {
    this.first?.cancel();
    this.total?.cancel();
    this.first = null;
    this.total = null;
    this.outer.removeEventListener('abort', this.onOuterAbort);
  }

  private expire(which: 'firstTokenTimeoutMs' | 'totalTimeoutMs'): void {
    if (which === 'firstTokenTimeoutMs') this.first = null;
    else this.total = null;
    if (this.expired || this.controller.signal.aborted) return;
    this.expired = which;
    this.controller.abort(new CancelledError(`local tts ${which} passed`));
  }
}
