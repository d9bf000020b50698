/**
 * The mic relay (MicRelay; the capture itself is mic-capture.ts) keeps the microphone open
 * exactly while main runs a 'microphone' session (status.inputMode), and sends its chunks with
 * `pushAudio` in capture order. A microphone that cannot be opened is said twice: in the error
 * banner, and to main (`reportMicrophone`), which records it in the session's event stream and
 * keeps the session running for typed turns. Chunks bypass the store's command bookkeeping:
 * thirty commands a second must not re-render the controls. With push-to-talk on, chunks are
 * sent only while the key is held; pressing it interrupts a speaking agent (a walkie-talkie
 * barge-in) and releasing it commits the user's turn at once.
 */
import type { StoreApi } from 'zustand';
import type { StudioClient, StudioError, StudioStatus } from '../../../shared/studio-api';
import { encodePcm16 } from './pcm';
import { MIC_PUSH_RATE } from './resample';
import {
  classifyMicError,
  type MicCapture,
  type MicError,
  type MicProblem,
  type OpenMicOptions,
} from './mic-capture';
import type { StudioStore } from '../store/studio-store';
import { selectAgentState } from '../store/feed-slice';
import { PttGate } from './ptt-gate';

export type MicState =
  | { kind: 'off' }
  | { kind: 'starting'; sessionId: string }
  | { kind: 'live'; sessionId: string; captureRate: number }
  | { kind: 'problem'; sessionId: string; problem: MicProblem; message: string };

export interface MicStats {
  /** Chunks main accepted, and chunks dropped here because too many were still unanswered. */
  sent: number;
  dropped: number;
}

export interface MicRelayDeps {
  client: StudioClient;
  store: StoreApi<StudioStore>;
  open(opts: Pick<OpenMicOptions, 'onChunk' | 'onEnded'>): Promise<MicCapture>;
  /** Unanswered pushAudio commands allowed before chunks are dropped (~1.6 s of 32 ms chunks). */
  maxInFlight?: number;
}

/** The session whose audio the microphone should feed, or null. */
export function wantedMicSession(status: StudioStatus | null): string | null {
  return status?.phase === 'running' && status.inputMode === 'microphone' && status.sessionId
    ? status.sessionId
    : null;
}

export class MicRelay {
  private state: MicState = { kind: 'off' };
  private capture: MicCapture | null = null;
  /** Bumped whenever the wanted session changes; an open that resolves late checks it. */
  private generation = 0;
  private inFlight = 0;
  private readonly listeners = new Set<() => void>();
  private readonly counts: MicStats = { sent: 0, dropped: 0 };
  private offStore: (() => void) | null = null;
  private readonly ptt = new PttGate();

  constructor(private readonly deps: MicRelayDeps) {}

  /** Starts following the store's status; returns the stop function (which closes the mic). */
  start(): () => void {
    this.offStore = this.deps.store.subscribe((s, prev) => {
      if (s.status !== prev.status) this.sync(wantedMicSession(s.status));
    });
    this.sync(wantedMicSession(this.deps.store.getState().status));
    return () => this.dispose();
  }

  getState = (): MicState => this.state;

  stats(): MicStats {
    return { ...this.counts };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Turns push-to-talk on or off (off by default: every chunk is sent and the VAD decides). */
  setPushToTalk(on: boolean): void {
    this.ptt.setEnabled(on);
  }

  /** Push-to-talk key down: opens the gate; an agent speaking in a live mic session is interrupted. */
  pttPress(): void {
    if (!this.ptt.press() || this.state.kind !== 'live') return;
    if (selectAgentState(this.deps.store.getState()) === 'speaking') this.command('interrupt', {});
  }

  /** Push-to-talk key up: closes the gate and, in a live mic session, ends the user's turn now. */
  pttRelease(): void {
    if (this.ptt.release() && this.state.kind === 'live') this.command('commitUserTurn', {});
  }

  dispose(): void {
    this.offStore?.();
    this.offStore = null;
    this.sync(null);
  }

  private sync(wanted: string | null): void {
    const current = this.state.kind === 'off' ? null : this.state.sessionId;
    if (wanted === current) return;
    this.generation += 1;
    this.capture?.stop();
    this.capture = null;
    this.inFlight = 0;
    if (wanted === null) this.setState({ kind: 'off' });
    else void this.open(wanted, this.generation);
  }

  private async open(sessionId: string, generation: number): Promise<void> {
    this.setState({ kind: 'starting', sessionId });
    let capture: MicCapture;
    try {
      capture = await this.deps.open({
        onChunk: (pcm) => this.send(sessionId, generation, pcm),
        onEnded: (err) => {
          if (generation === this.generation) this.fail(sessionId, err);
        },
      });
    } catch (err) {
      if (generation === this.generation) this.fail(sessionId, classifyMicError(err));
      return;
    }
    if (generation !== this.generation) {
      capture.stop(); // the session ended while the microphone was opening
      return;
    }
    this.capture = capture;
    this.setState({ kind: 'live', sessionId, captureRate: capture.captureRate });
  }

  private send(sessionId: string, generation: number, pcm: Int16Array): void {
    if (generation !== this.generation || !this.ptt.passes()) return;
    if (this.inFlight >= (this.deps.maxInFlight ?? 50)) {
      this.counts.dropped += 1;
      return;
    }
    this.inFlight += 1;
    const input = { sessionId, sampleRate: MIC_PUSH_RATE, channels: 1, pcm: encodePcm16(pcm) };
    void this.deps.client.invoke('pushAudio', input).then((r) => {
      if (generation !== this.generation) return;
      this.inFlight = Math.max(0, this.inFlight - 1);
      if (r.ok) this.counts.sent += 1;
      else this.refused(sessionId, r.error);
    });
  }

  /** A push-to-talk command; a session that just ended is no news, any other refusal is shown. */
  private command(command: 'interrupt' | 'commitUserTurn', input: Record<string, never>): void {
    void this.deps.client.invoke(command, input).then((r) => {
      if (!r.ok && r.error.code !== 'no_session')
        this.deps.store.getState().pushError({ source: command, ...r.error });
    });
  }

  /** Main refused a chunk: a session that just ended is no news; anything else is shown once. */
  private refused(sessionId: string, error: StudioError): void {
    this.generation += 1;
    this.capture?.stop();
    this.capture = null;
    if (error.code === 'no_session') {
      this.setState({ kind: 'off' });
      return;
    }
    this.deps.store.getState().pushError({ source: 'pushAudio', ...error });
    this.setState({ kind: 'problem', sessionId, problem: 'failed', message: error.message });
  }

  private fail(sessionId: string, err: MicError): void {
    this.capture?.stop();
    this.capture = null;
    const message = `${err.message}. The session keeps running: type the user's turns instead.`;
    this.setState({ kind: 'problem', sessionId, problem: err.problem, message });
    this.deps.store.getState().pushError({ source: 'microphone', code: 'not_available', message });
    void this.deps.client
      .invoke('reportMicrophone', { sessionId, problem: err.problem, message: err.message })
      .then((r) => {
        // A session that already ended has nobody to tell; anything else would hide the cause.
        if (!r.ok && r.error.code !== 'no_session')
          this.deps.store.getState().pushError({ source: 'reportMicrophone', ...r.error });
      });
  }

  private setState(state: MicState): void {
    this.state = state;
    for (const l of [...this.listeners]) l();
  }
}
