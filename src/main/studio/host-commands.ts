/**
 * The command table of the session host: which handler answers each studio API command, and the
 * two guards commands run behind — "a session is running" (withSession) and "this microphone
 * session is running" (withMic, synchronous so audio chunks keep their order). Starting, stopping
 * and config changes wait for any start or stop in progress (`settled`), so they see a settled
 * phase. The host keeps the state; this file only routes to it.
 */
import type { EngineEvent } from '../../shared/engine-events';
import type { CommandResult, StudioError, StudioStatus } from '../../shared/studio-api';
import type { StudioConfig } from '../../shared/config';
import type { Logger } from '../log';
import { fail, ok, type CommandHandlers, type ValidInput } from './command-router';
import { errorText } from '../engine';
import { MicFormatError, type LiveMicrophone } from './session-io/microphone-io';
import type { LiveSession } from './live-session';
import { createPresetHandlers, PresetStore } from './presets';
import { RecordingCommands } from './recording-commands';
import { createRecordingLibrary } from './recording-library';
import { createDiffHandlers, type RerunFn } from './diff-commands';

/** What the command table needs from the host. */
export interface CommandHost {
  now(): number;
  getStatus(): StudioStatus;
  getConfig(): StudioConfig;
  /** The embedded demo's config, or null when it could not be loaded. */
  getDemoConfig(): StudioConfig | null;
  /** The buffered events of the current session, for getState. */
  events(): EngineEvent[];
  /** The running session, or null. */
  readonly live: LiveSession | null;
  /** Resolves when no start or stop is in progress. */
  idle(): Promise<void>;
  /** Runs fn once no start or stop is in progress. */
  settled<T>(fn: () => Promise<T> | T): Promise<T>;
  startSession(input: ValidInput<'startSession'>): Promise<CommandResult<'startSession'>>;
  stopSession(input: ValidInput<'stopSession'>): Promise<CommandResult<'stopSession'>>;
  updateConfig(config: unknown): Promise<CommandResult<'updateConfig'>>;
  recordingsSettled(): Promise<void>;
}

type Result<T> = { ok: true; value: T } | { ok: false; error: StudioError };

export function createHostCommands(
  host: CommandHost,
  deps: { recordingsDir: string; presetsDir: string; logger: Logger; rerun?: RerunFn },
): CommandHandlers {
  /** Runs a command against the running session; engine refusals become `failed` results. */
  const withSession = async <T>(fn: (live: LiveSession) => T | Promise<T>): Promise<Result<T>> => {
    await host.idle();
    const live = host.live;
    if (!live || host.getStatus().phase !== 'running')
      return fail('no_session', 'no session is running; start one first');
    try {
      return ok(await fn(live));
    } catch (err) {
      return fail('failed', errorText(err));
    }
  };

  /**
   * Runs a microphone command against the running session it names. Synchronous on purpose:
   * audio chunks arrive ~30 times a second and must reach the input in arrival order.
   */
  const withMic = <T>(sessionId: string, fn: (mic: LiveMicrophone) => T): Result<T> => {
    const live = host.live;
    const status = host.getStatus();
    if (!live || status.phase !== 'running' || status.sessionId !== sessionId)
      return fail('no_session', `session ${sessionId} is not running`);
    if (!live.mic)
      return fail(
        'failed',
        `session ${sessionId} takes no microphone audio: its input mode is not "microphone"`,
        'sessionId',
      );
    try {
      return ok(fn(live.mic));
    } catch (err) {
      if (err instanceof MicFormatError) return fail('invalid_input', err.message, 'pcm');
      return fail('failed', errorText(err));
    }
  };

  return {
    ping: (input) => ok({ nonce: input.nonce, receivedAt: host.now() }),
    getState: () =>
      ok({
        status: host.getStatus(),
        config: host.getConfig(),
        events: host.events(),
        demoConfig: host.getDemoConfig(),
      }),
    updateConfig: (input) => host.settled(() => host.updateConfig(input.config)),
    startSession: (input) => host.settled(() => host.startSession(input)),
    stopSession: (input) => host.settled(() => host.stopSession(input)),
    sendText: (input) => withSession((live) => live.sendText(input.text)),
    commitUserTurn: () => withSession((live) => live.commitUserTurn()),
    clearUserTurn: () => withSession((live) => live.clearUserTurn()),
    say: (input) => withSession((live) => ({ speechId: live.say(input.text, input.allowInterruptions) })),
    generateReply: (input) => withSession((live) => ({ speechId: live.generateReply(input) })),
    interrupt: (input) =>
      withSession(async (live) => ({ interrupted: await live.interrupt(input.force ?? false) })),
    pushAudio: (input) =>
      withMic(input.sessionId, (mic) => {
        mic.push(input);
        return { accepted: true as const };
      }),
    reportMicrophone: (input) =>
      withMic(input.sessionId, (mic) => {
        mic.report(input.problem, input.message);
        return { reported: true as const };
      }),
    ...new RecordingCommands({
      library: createRecordingLibrary(deps.recordingsDir),
      logger: deps.logger,
      settled: () => host.recordingsSettled(),
    }).handlers,
    ...createDiffHandlers({
      library: createRecordingLibrary(deps.recordingsDir),
      logger: deps.logger,
      currentConfig: () => host.getConfig(),
      settled: () => host.recordingsSettled(),
      rerun: deps.rerun,
    }),
    ...createPresetHandlers(new PresetStore(deps.presetsDir, deps.logger), () => host.getConfig()),
  };
}
