/**
 * A 'scenario' session: a scenario file played live as the user, with its scripted VAD, STT, LLM
 * and TTS (the scenario world), the agent's voice paced to the renderer. As in the headless
 * runner, t = 0 of the script is the first audio frame right after the engine started; when the
 * script is over the session drains and ends by itself.
 */
import { errorText, type EngineEvent, type TimerHandle } from '../../engine';
import type { PacedAudioOutput } from '../../io/paced-audio-output';
import type { Scenario } from '../../simulation/scenario-loader';
import { runEndMs } from '../../simulation/scenario-runner';
import { actionKind, buildSimulatedWorld, type SimulatedWorld } from '../../simulation/simulated-world';
import { rendererSpeakers } from './configured-session';
import type { OpenedSession, SessionControl, SessionIO, SessionIOContext } from './session-io';

export class ScenarioIO implements SessionIO {
  readonly mic = null;
  private endTimer: TimerHandle | null = null;

  constructor(
    private readonly world: SimulatedWorld,
    private readonly scenario: Scenario,
    readonly audioOutput: PacedAudioOutput,
    private readonly ctx: SessionIOContext,
  ) {}

  get audioInput(): SimulatedWorld['input'] {
    return this.world.input;
  }

  async start(control: SessionControl): Promise<void> {
    this.world.timeline.start();
    this.world.input.start();
    this.endTimer = this.ctx.clock.setTimer(() => {
      this.endTimer = null;
      control.finish();
    }, runEndMs(this.scenario));
  }

  observe(_ev: EngineEvent): void {}

  end(): void {
    this.cancelEnd();
    this.world.timeline.stop();
  }

  halt(): void {
    this.cancelEnd();
    this.world.stop();
    this.world.output.dispose();
    this.audioOutput.dispose();
  }

  async release(): Promise<void> {}

  pendingWork(): string[] {
    const out = this.world.openFakeStreams();
    const pending = this.world.timeline.pendingCount;
    if (pending > 0) out.push(`scenario timeline (${pending} pending)`);
    if (this.endTimer) out.push('script end timer');
    return out;
  }

  private cancelEnd(): void {
    this.endTimer?.cancel();
    this.endTimer = null;
  }
}

export function openScenario(scenario: Scenario, ctx: SessionIOContext): OpenedSession {
  const failed = (i: number, a: Parameters<typeof actionKind>[0], err: unknown): void =>
    ctx.events.warn(`scenario action ${i} (${actionKind(a)}) failed: ${errorText(err)}`);
  const world = buildSimulatedWorld(scenario, ctx.clock, {
    onActionError: failed,
    onActionRejected: failed,
    events: ctx.events.bus,
  });
  const output = rendererSpeakers(ctx, scenario.audioOutput.canPause);
  const io = new ScenarioIO(world, scenario, output, ctx);
  return { session: world.session, agents: world.agents, io, fallbacks: [] };
}
