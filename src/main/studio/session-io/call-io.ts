/**
 * A simulated call ('call'): the config's simulated caller says its lines (caller.turns) as audio
 * that the configured VAD and STT hear, and listens to the agent to take its turns. The call is
 * over once the caller said every line and the agent has been listening for a moment (it may
 * still answer the last line); then it ends by itself, as a scenario does.
 */
import type { StudioConfig } from '../../../shared/config';
import type { EngineEvent, TimerHandle } from '../../engine';
import type { PacedAudioOutput } from '../../io/paced-audio-output';
import type { ScriptedCaller } from '../../providers/simulated';
import type { SessionProviders } from '../session-providers';
import { agentSpeaks, closeProviders, openConfigured, rendererSpeakers } from './configured-session';
import type { OpenedSession, SessionControl, SessionIO, SessionIOContext } from './session-io';

/** How long the agent must stay listening after the caller's last line before a call ends. */
export const CALL_END_QUIET_MS = 3000;

export class CallIO implements SessionIO {
  readonly mic = null;
  private control: SessionControl | null = null;
  private ended = false;
  private endTimer: TimerHandle | null = null;

  constructor(
    private readonly caller: ScriptedCaller,
    readonly audioOutput: PacedAudioOutput | null,
    private readonly providers: SessionProviders,
    private readonly ctx: SessionIOContext,
  ) {}

  get audioInput(): ScriptedCaller {
    return this.caller;
  }

  async start(control: SessionControl): Promise<void> {
    this.control = control;
    await this.caller.start();
  }

  observe(ev: EngineEvent): void {
    this.caller.observe(ev);
    if (ev.type !== 'agent_state_changed' || this.ended) return;
    this.cancelEnd();
    const control = this.control;
    if (!control || !this.caller.finished || ev.newState !== 'listening') return;
    this.endTimer = this.ctx.clock.setTimer(() => {
      this.endTimer = null;
      control.finish();
    }, CALL_END_QUIET_MS);
  }

  end(): void {
    this.ended = true;
    this.cancelEnd();
  }

  halt(): void {
    this.end();
    this.audioOutput?.dispose();
  }

  async release(): Promise<void> {
    await closeProviders(this.providers, this.ctx);
  }

  pendingWork(): string[] {
    const out = this.caller.pendingWork();
    if (this.endTimer) out.push('script end timer');
    return out;
  }

  private cancelEnd(): void {
    this.endTimer?.cancel();
    this.endTimer = null;
  }
}

export function openCall(config: StudioConfig, ctx: SessionIOContext): Promise<OpenedSession> {
  return openConfigured(config, ctx, { audioInput: true, check: callerOf }, ({ providers }) => {
    const output = agentSpeaks(providers) ? rendererSpeakers(ctx, true) : null;
    return new CallIO(callerOf(providers), output, providers, ctx);
  });
}

/** Without the caller nothing would be said: the start fails naming why it was not built. */
function callerOf(providers: SessionProviders, why = ''): ScriptedCaller {
  if (!providers.caller) throw new Error(`the simulated caller could not be built${why}`);
  return providers.caller;
}
