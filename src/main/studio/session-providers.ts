/**
 * The seam between a studio session and its providers. The host takes a factory so tests run
 * the live session on scripted providers and the virtual clock, and so the provider registry
 * (issue 4) plugs in without the session code changing. Until the registry lands, the interim
 * factory below covers the embedded default: the simulated LLM and the local TTS.
 */
import { providerChain, type LlmProviderConfig, type StudioConfig } from '../../shared/config';
import type { Clock } from '../engine/base/clock';
import type { LLM } from '../engine/llm/llm';
import type { STT } from '../engine/stt/stt';
import type { TTS } from '../engine/tts/tts';
import type { VAD } from '../engine/vad/vad';
import { createLocalTts, detectLocalTts } from '../providers/local-tts';
import type { LlmResponse } from '../simulation/scenario-loader';
import { FakeLLM, llmLookupKey } from '../simulation/fake-llm';
import type { ChatOptions, LLMStream } from '../engine/llm/llm';

export interface SessionProviders {
  llm: LLM | null;
  stt: STT | null;
  tts: TTS | null;
  vad: VAD | null;
  /** Things the user should know about the providers (a missing voice …); shown as warnings. */
  warnings: string[];
  /** Releases what the providers hold (processes, sockets); called after the session closed. */
  close(): Promise<void>;
}

export interface ProviderDeps {
  clock: Clock;
  /** False in text mode: no audio comes in, so no VAD or STT is built. */
  audioInput: boolean;
}

export type ProviderFactory = (config: StudioConfig, deps: ProviderDeps) => Promise<SessionProviders>;

/** A provider the config asks for cannot be built here; the start fails with this message. */
export class ProviderUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderUnavailableError';
  }
}

type SimulatedLlmConfig = Extract<LlmProviderConfig, { provider: 'simulated' }>;

/**
 * The config's simulated LLM (responses by input, a fallback reply, latency knobs) on the
 * scenario fake: each request is answered by a one-response FakeLLM, so streaming, tool calls and
 * cancellation behave exactly as in scenario runs.
 */
export class ConfigScriptedLLM implements LLM {
  readonly label = 'studio.SimulatedLLM';
  readonly model = 'simulated';

  constructor(
    private readonly clock: Clock,
    private readonly config: SimulatedLlmConfig,
  ) {}

  chat(options: ChatOptions): LLMStream {
    const key = llmLookupKey(options) ?? '';
    const scripted = this.match(key);
    const content = scripted?.content ?? this.config.fallbackReply.replaceAll('{input}', key);
    const toolCalls = (scripted?.toolCalls ?? []).map((c, i) => ({
      name: c.name,
      arguments: typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments),
      callId: `call_${i + 1}`,
    }));
    // About four characters a token: the stream lasts as long as the configured rate says.
    const streamMs = ((content.length / 4) * 1000) / this.config.tokensPerSecond;
    const response: LlmResponse = {
      input: key,
      content,
      toolCalls,
      ttftMs: this.config.ttftMs,
      durationMs: this.config.ttftMs + streamMs,
    };
    return new FakeLLM(this.clock, [response]).chat(options);
  }

  /** Exact match (case-insensitive) first, then "/regex/flags", then a substring. */
  private match(key: string): SimulatedLlmConfig['responses'][number] | undefined {
    const lower = key.toLowerCase();
    const rs = this.config.responses;
    return (
      rs.find((r) => r.input.toLowerCase() === lower) ??
      rs.find((r) => {
        const m = /^\/(.+)\/([a-z]*)$/.exec(r.input);
        if (!m) return false;
        try {
          return new RegExp(m[1], m[2]).test(key);
        } catch {
          return false;
        }
      }) ??
      rs.find((r) => r.input !== '' && lower.includes(r.input.toLowerCase()))
    );
  }
}

/** The interim factory: simulated LLM, local TTS; anything else waits for the registry. */
export const interimProviders: ProviderFactory = async (config, deps) => {
  const warnings: string[] = [];
  const llmConfig = providerChain(config.providers.llm)[0];
  if (llmConfig.provider !== 'simulated') {
    throw new ProviderUnavailableError(
      `providers.llm: "${llmConfig.provider}" needs the provider registry, which is not wired into the studio yet; use "simulated"`,
    );
  }
  if (deps.audioInput) {
    throw new ProviderUnavailableError(
      'audio input needs the provider registry (VAD and STT), which is not wired into the studio yet',
    );
  }
  const ttsConfig = providerChain(config.providers.tts)[0];
  let tts: TTS | null = null;
  if (ttsConfig.provider === 'local') {
    const found = await detectLocalTts();
    if (found.available) tts = createLocalTts(ttsConfig, { clock: deps.clock });
    else warnings.push(`local TTS unavailable, replies are text only: ${found.reason}`);
  } else {
    warnings.push(
      `providers.tts: "${ttsConfig.provider}" is not wired into the studio yet; replies are text only`,
    );
  }
  return {
    llm: new ConfigScriptedLLM(deps.clock, llmConfig),
    stt: null,
    tts,
    vad: null,
    warnings,
    close: async () => undefined,
  };
};
