/**
 * Test rig for the session I/O kinds: a context on a VirtualClock whose event stream and
 * renderer audio are recorded, and providers scripted from the config's simulated LLM (plus,
 * for a call, a simulated caller with a silent voice), counting how often they are closed. A
 * realtime config is built by the real provider registry instead, trusting a test server's
 * certificate and reading its key from `realtime.keys`. Test-only; not part of the studio.
 */
import {
  CallerConfigSchema,
  isRealtimeProvider,
  StudioConfigSchema,
  type StudioConfig,
} from '../../../../shared/config';
import type { AudioPush } from '../../../io/renderer-audio';
import { VirtualClock, type EngineEvent } from '../../../engine/index';
import { ScriptedCaller, tableLlm } from '../../../providers/simulated/index';
import { scenarioTts } from '../../../simulation/scenario-providers';
import { createProviders } from '../../../providers/registry';
import type { ProviderFactory, SessionProviders } from '../../session-providers';
import { SessionEvents } from '../session-events';
import type { SessionControl, SessionIOContext } from '../session-io';

export const REPLY = 'Hello from the agent.';

export function ioConfig(extra: Record<string, unknown> = {}): StudioConfig {
  return StudioConfigSchema.parse({
    providers: { llm: { provider: 'simulated', responses: [{ input: 'hi', content: REPLY }] } },
    ...extra,
  });
}

/** The key name of `realtimeConfig`'s model; `ioRig({ realtime })` maps it to the test key. */
export const REALTIME_KEY_NAME = 'IO_RIG_REALTIME_KEY';

/**
 * A realtime session's config whose TTS cannot be built (its key is missing): the model's own
 * voice is the agent's only one. Building it opens no connection; `baseURL` is where a session would.
 */
export function realtimeConfig(baseURL: string, extra: Record<string, unknown> = {}): StudioConfig {
  return StudioConfigSchema.parse({
    providers: {
      vad: { provider: 'none' },
      llm: { provider: 'openai-realtime', baseURL, apiKeyName: REALTIME_KEY_NAME },
      tts: { provider: 'openai', apiKeyName: 'IO_RIG_NO_SUCH_TTS_KEY' },
    },
    ...extra,
  });
}

export interface ProviderRecord {
  closed: number;
  built: SessionProviders[];
}

/** Where the registry finds a realtime model's key and which certificate it trusts (a test server's). */
export interface RealtimeRigDeps {
  keys: Record<string, string>;
  ca: string;
}

export interface IoRigOptions {
  tts?: boolean;
  /** Lets the rig build a realtime config (providers.llm "openai-realtime") with the registry. */
  realtime?: RealtimeRigDeps;
}

/**
 * The config's simulated LLM, a scripted TTS, and the config's caller when audio comes in; a
 * realtime LLM (with `opts.realtime`) gets what the studio's registry builds for the config.
 */
export function ioProviders(record: ProviderRecord, opts: IoRigOptions = {}): ProviderFactory {
  return async (config, deps) => {
    const llm = Array.isArray(config.providers.llm) ? config.providers.llm[0] : config.providers.llm;
    if (isRealtimeProvider(llm)) {
      if (!opts.realtime) throw new Error('the io rig builds a realtime LLM only with ioRig({ realtime })');
      const keys = opts.realtime.keys;
      const built = await createProviders(config, {
        clock: deps.clock,
        keys: { get: (name) => keys[name] },
        audioInput: deps.audioInput,
        onEvent: (ev) => deps.emit(ev),
        tls: { ca: opts.realtime.ca },
      });
      const counted: SessionProviders = {
        ...built,
        close: async () => {
          await built.close();
          record.closed += 1;
        },
      };
      record.built.push(counted);
      return counted;
    }
    if (llm.provider !== 'simulated')
      throw new Error(
        `the io rig scripts only the simulated LLM and builds realtime ones (got ${llm.provider})`,
      );
    const caller =
      deps.audioInput && config.caller.turns.length > 0
        ? new ScriptedCaller(CallerConfigSchema.parse(config.caller), {
            clock: deps.clock,
            voice: { synthesize: async (text) => ({ data: tone(text.length * 40), sampleRate: 16000 }) },
          })
        : null;
    const built: SessionProviders = {
      llm: tableLlm(llm, deps.clock),
      tts: opts.tts === false ? null : scenarioTts(deps.clock, []),
      stt: null,
      vad: null,
      caller,
      warnings: [],
      close: async () => {
        caller?.stop();
        record.closed += 1;
      },
    };
    record.built.push(built);
    return built;
  };
}

/** A loud 200 Hz tone of `ms` at 16 kHz: what the caller's voice says (silence would be refused). */
function tone(ms: number): Int16Array {
  const data = new Int16Array((ms * 16000) / 1000);
  for (let i = 0; i < data.length; i++)
    data[i] = Math.round(8000 * Math.sin((2 * Math.PI * 200 * i) / 16000));
  return data;
}

export function ioRig(opts: IoRigOptions = {}) {
  const clock = new VirtualClock(0);
  const events: EngineEvent[] = [];
  const audio: AudioPush[] = [];
  const providers: ProviderRecord = { closed: 0, built: [] };
  const ctx: SessionIOContext = {
    sessionId: 'session_io',
    clock,
    events: new SessionEvents(clock, (ev) => events.push(ev)),
    createProviders: ioProviders(providers, opts),
    onAudio: (chunk) => audio.push(chunk),
  };
  const finished = { count: 0 };
  const control: SessionControl = { finish: () => void (finished.count += 1) };
  return { clock, ctx, events, audio, providers, finished, control };
}
