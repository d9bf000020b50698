/**
 * The state a fallback chain shares across its requests (upstream FallbackAdapter's _status):
 * which providers are available, which one is in use, and the background probes that bring a
 * failed provider back. A failed provider is skipped until a probe, run after a delay on the
 * clock, succeeds; then requests go back to it, because the list is in order of preference.
 * Every change of the provider in use is reported as a `provider_switched` event.
 */
import type { EngineEventOf } from '../../../shared/engine-events';
import {
  abortable,
  CancelledError,
  type Clock,
  errorText,
  isCancelled,
  type TimerHandle,
} from '../../engine';
import { ProviderError, type ProviderKind } from '../common/provider-error';

export type ProviderSwitchedEvent = Omit<EngineEventOf<'provider_switched'>, 't'>;

export interface FallbackOptions {
  clock: Clock;
  /** Receives every switch (wire it to the session's event sink). */
  onSwitch?: (ev: ProviderSwitchedEvent) => void;
  /** Wait before probing a failed provider (and between failed probes), ms. */
  recoveryDelayMs?: number;
  /** A probe that has not succeeded within this long counts as failed, ms. */
  probeTimeoutMs?: number;
}

export type Probe<P> = (provider: P, signal: AbortSignal) => Promise<void>;

/** One provider's try at a request, as `ProviderPool.serve` runs it. */
export interface Attempt {
  /** Reads the provider's output to its end, passing it on. */
  read(): Promise<void>;
  /** Whether output already reached the listener: a failure after that ends the request. */
  committed(): boolean;
  /** Runs after the try, however it ended. */
  close(): Promise<void>;
}

interface Status {
  available: boolean;
  timer: TimerHandle | null;
  probe: { ctrl: AbortController; done: Promise<void> } | null;
}

export class ProviderPool<P extends { readonly label: string }> {
  readonly names: string[];
  private readonly status: Status[];
  private activeIdx = 0;
  private closed = false;
  private readonly recoveryDelayMs: number;
  private readonly probeTimeoutMs: number;

  constructor(
    readonly kind: ProviderKind,
    readonly providers: readonly P[],
    private readonly opts: FallbackOptions,
    private readonly probe: Probe<P>,
  ) {
    if (providers.length === 0)
      throw new Error(`Fallback${kind.toUpperCase()}: at least one provider is needed`);
    // Two providers of one kind share a label; events must still tell them apart.
    const counts = new Map<string, number>();
    for (const p of providers) counts.set(p.label, (counts.get(p.label) ?? 0) + 1);
    this.names = providers.map((p, i) => ((counts.get(p.label) ?? 0) > 1 ? `${p.label}#${i + 1}` : p.label));
    this.status = providers.map(() => ({ available: true, timer: null, probe: null }));
    this.recoveryDelayMs = opts.recoveryDelayMs ?? 10_000;
    this.probeTimeoutMs = opts.probeTimeoutMs ?? 10_000;
  }

  get clock(): Clock {
    return this.opts.clock;
  }

  /** The provider requests currently go to. */
  get active(): number {
    return this.activeIdx;
  }

  isAvailable(i: number): boolean {
    return this.status[i].available;
  }

  /** Providers to try, best first: the available ones, or all when none is (upstream). */
  candidates(): number[] {
    const ok = this.status.flatMap((s, i) => (s.available ? [i] : []));
    return ok.length > 0 ? ok : this.providers.map((_, i) => i);
  }

  /** A request is about to use provider `i`; `reason` explains a switch if it is one. */
  use(i: number, reason: string): void {
    if (i === this.activeIdx) return;
    this.switchTo(i, reason);
  }

  /** Why a request starts on `i` when no failure in this request led there. */
  retryReason(i: number): string {
    return this.status[i].available
      ? `${this.names[i]} is available`
      : `all providers unavailable, retrying ${this.names[i]}`;
  }

  /** Provider `i` failed: skip it until a probe succeeds. */
  markFailed(i: number): void {
    const s = this.status[i];
    s.available = false;
    if (!s.timer && !s.probe) this.scheduleProbe(i);
  }

  /** The error to throw when every candidate failed. */
  allFailed(last: unknown): ProviderError {
    return new ProviderError({
      provider: 'fallback',
      kind: this.kind,
      code: 'all_failed',
      message: `all ${this.kind.toUpperCase()} providers failed (${this.names.join(', ')}); last error: ${errorText(last)}`,
    });
  }

  /**
   * Runs one request down the candidates: each failure before output marks that provider failed
   * and moves on with the reason; a failure after output (`committed`) ends the request with its
   * error, as does a failure of all. An abort or cancellation ends it quietly.
   * `stopIfAborted`: do not start another provider once `signal` is aborted.
   */
  async serve(
    signal: AbortSignal,
    start: (provider: P) => Attempt,
    { stopIfAborted = false }: { stopIfAborted?: boolean } = {},
  ): Promise<void> {
    let reason = '';
    let lastError: unknown = null;
    for (const i of this.candidates()) {
      if (stopIfAborted && signal.aborted) return;
      this.use(i, reason || this.retryReason(i));
      const attempt = start(this.providers[i]);
      try {
        await attempt.read();
        return;
      } catch (err) {
        if (signal.aborted || isCancelled(err)) return;
        this.markFailed(i);
        if (attempt.committed()) throw err;
        lastError = err;
        reason = `${this.names[i]} failed: ${errorText(err)}`;
      } finally {
        await attempt.close();
      }
    }
    throw this.allFailed(lastError);
  }

  /** Stops probes and their timers; the pool is unusable afterwards. */
  async close(): Promise<void> {
    this.closed = true;
    const running: Promise<void>[] = [];
    for (const s of this.status) {
      s.timer?.cancel();
      s.timer = null;
      if (s.probe) {
        s.probe.ctrl.abort(new CancelledError('fallback closed'));
        running.push(s.probe.done);
      }
    }
    await Promise.all(running);
  }

  private switchTo(i: number, reason: string): void {
    const from = this.names[this.activeIdx];
    this.activeIdx = i;
    this.opts.onSwitch?.({ type: 'provider_switched', kind: this.kind, from, to: this.names[i], reason });
  }

  private scheduleProbe(i: number): void {
    if (this.closed) return;
    const s = this.status[i];
    s.timer = this.opts.clock.setTimer(() => {
      s.timer = null;
      this.startProbe(i);
    }, this.recoveryDelayMs);
  }

  private startProbe(i: number): void {
    const probe = { ctrl: new AbortController(), done: Promise.resolve() };
    this.status[i].probe = probe;
    probe.done = this.runProbe(i, probe);
  }

  private async runProbe(i: number, probe: NonNullable<Status['probe']>): Promise<void> {
    const s = this.status[i];
    const { signal } = probe.ctrl;
    const deadline = this.opts.clock.setTimer(
      () => probe.ctrl.abort(new CancelledError('probe timed out')),
      this.probeTimeoutMs,
    );
    let ok = false;
    try {
      // abortable: a probe that ignores its signal still ends at the deadline.
      await abortable(this.probe(this.providers[i], signal), signal);
      ok = true;
    } catch {
      ok = false;
    } finally {
      deadline.cancel();
      if (s.probe === probe) s.probe = null;
    }
    if (this.closed) return;
    if (!ok) {
      this.scheduleProbe(i);
      return;
    }
    s.available = true;
    // Back to the preferred provider as soon as it works again.
    if (i < this.activeIdx || !this.status[this.activeIdx].available)
      this.switchTo(i, `${this.names[i]} recovered`);
  }
}
