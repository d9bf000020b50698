/**
 * The engine of every kind that runs the config's own providers (text, simulated call,
 * microphone, LiveKit room, a recording's audio): providers are built and checked first, so a
 * provider that cannot be built fails the start before any engine work exists, and whatever was
 * built is released when opening fails later on.
 */
import type { StudioConfig } from '../../../shared/config';
import { AgentSession, errorText, RealtimeModel } from '../../engine';
import { PacedAudioOutput } from '../../io/paced-audio-output';
import { rendererAudioSink } from '../../io/renderer-audio';
import { startRefusal } from '../../providers/registry-report';
import { agentsFromConfig, type ConfigAgents } from '../../agents-config';
import type { SessionProviders } from '../session-providers';
import type { OpenedSession, SessionIO, SessionIOContext } from './session-io';

export interface ConfiguredEngine {
  session: AgentSession;
  agents: ConfigAgents;
  providers: SessionProviders;
}

export interface ConfiguredOptions {
  /** False in text mode: no VAD, STT or caller is built. */
  audioInput: boolean;
  /** A kind's own requirement on what was built; throws naming what is missing (`why`: the refusals). */
  check?(providers: SessionProviders, why: string): void;
}

/** Builds the providers, then the engine on the session's bus, then the kind's I/O around it. */
export async function openConfigured(
  config: StudioConfig,
  ctx: SessionIOContext,
  opts: ConfiguredOptions,
  makeIO: (engine: ConfiguredEngine) => Promise<SessionIO> | SessionIO,
): Promise<OpenedSession> {
  const { clock, events } = ctx;
  const providers = await ctx.createProviders(config, {
    clock,
    audioInput: opts.audioInput,
    emit: (ev) => events.emit(ev),
  });
  try {
    // A provider the config asked for and no fallback list covers: refused, never replaced.
    const refusal = startRefusal(providers.blocking ?? []);
    if (refusal) throw refusal;
    const why = providers.warnings.length > 0 ? `: ${providers.warnings.join('; ')}` : '';
    // Without an LLM nothing could answer.
    if (!providers.llm) throw new Error(`no LLM could be built${why}`);
    opts.check?.(providers, why);
    const agents = agentsFromConfig(config, { clock });
    const { llm, tts, stt, vad } = providers;
    const session = new AgentSession({
      clock,
      options: config.options,
      llm,
      tts,
      stt,
      vad,
      events: events.bus,
      logger: ctx.logger,
      ...(providers.mcpServers?.length ? { mcpServers: providers.mcpServers } : {}),
    });
    const io = await makeIO({ session, agents, providers });
    return { session, agents, io, fallbacks: [...(providers.fallbacks ?? [])] };
  } catch (err) {
    await providers.close();
    throw err;
  }
}

/**
 * Whether the agent has a voice: a TTS, or a realtime model that speaks its replies itself (its
 * TTS, only for say(), may be missing). Without one the kind gives the engine no audio output.
 */
export function agentSpeaks(providers: Pick<SessionProviders, 'llm' | 'tts'>): boolean {
  return (
    providers.tts !== null ||
    (providers.llm instanceof RealtimeModel && providers.llm.capabilities.audioOutput)
  );
}

/** The renderer's speakers, paced on the session clock. */
export function rendererSpeakers(ctx: SessionIOContext, canPause: boolean): PacedAudioOutput {
  return new PacedAudioOutput(ctx.clock, {
    canPause,
    ...rendererAudioSink(ctx.sessionId, (p) => ctx.onAudio(p)),
  });
}

/** Closes the providers after the session; a failure is a warning, the session still ends. */
export async function closeProviders(providers: SessionProviders, ctx: SessionIOContext): Promise<void> {
  await providers
    .close()
    .catch((err: unknown) => ctx.events.warn(`closing providers failed: ${errorText(err)}`));
}
