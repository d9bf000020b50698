/**
 * The provider registry: turns the studio config into the VAD, STT, LLM and TTS of a session,
 * plus the simulated caller when the input is simulated. A list in the config becomes a
 * fallback chain in that order.
 *
 * A provider that cannot be built (unknown model, missing key, espeak-ng not installed) is
 * refused, never silently replaced: a prototyper who asked for OpenAI must not unknowingly
 * measure a simulated model. It is reported as a ProviderConfigError naming the setting and the
 * fix and dropped from its chain; a refusal that no later entry of a list covers is `blocking`
 * (the session host refuses the start with it), one a list covers is a `fallback` the session
 * header shows. `strict: true` (the CLI) throws the first problem instead.
 */
import { isRealtimeProvider, providerChain, type StudioConfig } from '../../shared/config';
import type { ProviderFallbackInfo } from '../../shared/studio-api';
import type { Clock, EngineEventInput, LLM, RealtimeModel, STT, TTS, VAD } from '../engine';
import type { Logger } from '../log';
import { FallbackLLM, FallbackSTT, FallbackTTS } from './fallback';
import type { RetryInfo } from './common/retry';
import { buildLlm, buildStt, buildTts, buildVad, type BuildDeps, type KeySource } from './registry-build';
import { ProviderConfigError, type ProviderSlot } from './registry-checks';
import { buildRealtime, realtimeSlots } from './registry-realtime';
import { assessProblems } from './registry-report';
import { ResampledTTS } from './registry-resample';
import { localCallerVoice, ScriptedCaller, type CallerVoice } from './simulated';

export { ProviderConfigError, type ProviderSlot } from './registry-checks';
export { ProviderStartError, startRefusal } from './registry-report';
export { buildLlm, buildStt, buildTts, buildVad, type KeySource } from './registry-build';

export interface RegistryDeps {
  clock: Clock;
  keys: KeySource;
  /** Provider switches of fallback chains, retries and refused providers, as engine events. */
  onEvent?: (ev: EngineEventInput) => void;
  log?: Logger;
  /** False in text mode: no audio comes in, so no VAD, STT or caller is built. */
  audioInput?: boolean;
  /** Throw the first problem instead of building what works. */
  strict?: boolean;
  /** The caller's voice; the local TTS with `caller.voice`/`caller.rate` by default. */
  callerVoice?: CallerVoice;
  localTtsBinary?: string;
  sileroModelPath?: string;
  /** Certificate authorities a realtime model's connection trusts besides the system's (e2e: the local test server). */
  tls?: { ca: string | Buffer };
}

export interface Providers {
  vad: VAD | null;
  stt: STT | null;
  /** A pipeline LLM, or the realtime model of a speech-to-speech session. */
  llm: LLM | RealtimeModel | null;
  tts: TTS | null;
  /** The audio input of inputMode "simulated"; wire `observe` to the session's events. */
  caller: ScriptedCaller | null;
  /** Providers refused, each naming its setting and the fix. */
  problems: ProviderConfigError[];
  /** The problems as lines for the user (the session host shows them as warnings). */
  warnings: string[];
  /**
   * Problems no configured fallback covers: the session must not start (startRefusal makes
   * the one message). Empty when everything the config asked for was built.
   */
  blocking: ProviderConfigError[];
  /** Slots running on a later entry of their fallback list, and why: the session header shows them. */
  fallbacks: ProviderFallbackInfo[];
  /** Stops the caller, fallback probes and the VAD model; call after the session closed. */
  close(): Promise<void>;
}

interface Built<T> {
  value: T | null;
  closers: Array<() => Promise<void>>;
}

export async function createProviders(config: StudioConfig, deps: RegistryDeps): Promise<Providers> {
  const problems: ProviderConfigError[] = [];
  const closers: Array<() => Promise<void>> = [];
  const refuse = (err: unknown, slot: ProviderSlot, setting: string): void => {
    const e =
      err instanceof ProviderConfigError
        ? err
        : new ProviderConfigError(
            slot,
            'unknown',
            setting,
            `${setting}: ${err instanceof Error ? err.message : String(err)}`,
          );
    e.entry ??= setting;
    if (deps.strict) throw e;
    problems.push(e);
    deps.log?.log('warn', 'provider refused', {
      kind: e.kind,
      provider: e.provider,
      setting: e.setting,
      message: e.message,
    });
  };
  const build: BuildDeps = {
    clock: deps.clock,
    keys: deps.keys,
    localTtsBinary: deps.localTtsBinary,
    sileroModelPath: deps.sileroModelPath,
    onRetry: (r) => deps.onEvent?.(retryEvent(r)),
  };
  const audio = deps.audioInput ?? true;

  try {
    let vad: VAD | null = null;
    let caller: ScriptedCaller | null = null;
    if (audio) {
      try {
        const silero = await buildVad(config.providers.vad, build);
        if (silero) closers.push(() => silero.close());
        vad = silero;
      } catch (err) {
        refuse(err, 'vad', 'providers.vad');
      }
      if (config.inputMode === 'simulated') caller = await buildCaller(config, deps, refuse);
      if (caller) {
        const c = caller;
        closers.push(async () => c.stop());
      }
    }

    const llmEntry = config.providers.llm;
    // A realtime model stands alone (the schema refuses it in a fallback list).
    const realtime = isRealtimeProvider(llmEntry) ? realtimeSlots(llmEntry) : null;
    const llm: Built<LLM | RealtimeModel> = isRealtimeProvider(llmEntry)
      ? buildAlone(() => buildRealtime(llmEntry, 'providers.llm', { ...build, tls: deps.tls }), 'llm', refuse)
      : wrap(
          llmEntry,
          'llm',
          (entry, setting) => buildLlm(entry, setting, build),
          (list) => new FallbackLLM(list, fallbackOpts(deps)),
          refuse,
        );
    const tts = await wrapAsync(
      config.providers.tts,
      'tts',
      (entry, setting) => buildTts(entry, setting, build),
      (list) => new FallbackTTS(sameRate(list), fallbackOpts(deps)),
      refuse,
    );
    // A realtime model that transcribes the user replaces the STT (the seed's user_transcription).
    const stt =
      audio && (realtime === null || realtime.stt)
        ? wrap(
            config.providers.stt,
            'stt',
            (entry, setting) => buildStt(entry, setting, { ...build, vad, caller }),
            (list) => new FallbackSTT(list, fallbackOpts(deps)),
            refuse,
          )
        : { value: null, closers: [] };
    closers.push(...llm.closers, ...tts.closers, ...stt.closers);

    const report = assessProblems(config, problems, {
      llm: llm.value !== null,
      stt: stt.value !== null,
      tts: tts.value !== null,
    });
    // A realtime model speaking for itself needs the TTS only for say(): its refusal is a warning.
    const blocking =
      realtime && !realtime.ttsRequired ? report.blocking.filter((p) => p.kind !== 'tts') : report.blocking;
    for (const p of problems)
      deps.onEvent?.({ type: 'warning', source: `providers.${p.kind}`, message: report.warningOf(p) });
    deps.log?.log('info', 'providers built', {
      vad: vad?.label ?? null,
      stt: stt.value?.label ?? null,
      llm: llm.value?.label ?? null,
      tts: tts.value?.label ?? null,
      caller: caller !== null,
      refused: problems.length,
    });
    return {
      vad,
      stt: stt.value,
      llm: llm.value,
      tts: tts.value,
      caller,
      problems,
      warnings: problems.map((p) => report.warningOf(p)),
      blocking,
      fallbacks: report.fallbacks,
      close: () => closeAll(closers),
    };
  } catch (err) {
    // Strict mode threw (or a bug did): release what was already built.
    await closeAll(closers);
    throw err;
  }
}

/** A provider's retry as the session's `provider_retry` event. */
export function retryEvent(r: RetryInfo): EngineEventInput {
  return {
    type: 'provider_retry',
    provider: r.provider,
    setting: r.setting,
    kind: r.kind,
    attempt: r.failedAttempt,
    delayMs: r.delayMs,
    reason: r.error.message,
    code: r.error.code,
  };
}

function fallbackOpts(deps: RegistryDeps) {
  return { clock: deps.clock, onSwitch: (ev: EngineEventInput) => deps.onEvent?.(ev) };
}

/** A chain plays one format: voices of another rate than the first are resampled to it. */
function sameRate(list: TTS[]): TTS[] {
  const rate = list[0].sampleRate;
  return list.map((t) => (t.sampleRate === rate && t.numChannels === 1 ? t : new ResampledTTS(t, rate)));
}

function settingOf(kind: 'llm' | 'stt' | 'tts', index: number, isList: boolean): string {
  return isList ? `providers.${kind}[${index}]` : `providers.${kind}`;
}

type Refuse = (err: unknown, slot: ProviderSlot, setting: string) => void;

function wrap<C, P extends { readonly label: string }>(
  entry: C | C[],
  kind: 'llm' | 'stt' | 'tts',
  make: (entry: C, setting: string) => P,
  chain: (list: P[]) => P & { close(): Promise<void> },
  refuse: Refuse,
): Built<P> {
  const isList = Array.isArray(entry);
  const list: P[] = [];
  providerChain(entry).forEach((e, i) => {
    const setting = settingOf(kind, i, isList);
    try {
      list.push(make(e, setting));
    } catch (err) {
      refuse(err, kind, setting);
    }
  });
  return finish(list, chain);
}

async function wrapAsync<C, P extends { readonly label: string }>(
  entry: C | C[],
  kind: 'llm' | 'stt' | 'tts',
  make: (entry: C, setting: string) => Promise<P>,
  chain: (list: P[]) => P & { close(): Promise<void> },
  refuse: Refuse,
): Promise<Built<P>> {
  const isList = Array.isArray(entry);
  const list: P[] = [];
  for (const [i, e] of providerChain(entry).entries()) {
    const setting = settingOf(kind, i, isList);
    try {
      list.push(await make(e, setting));
    } catch (err) {
      refuse(err, kind, setting);
    }
  }
  return finish(list, chain);
}

/** A provider that has no fallback list (the realtime model): built, or refused. */
function buildAlone<P extends { close(): Promise<void> }>(
  make: () => P,
  kind: 'llm',
  refuse: Refuse,
): Built<P> {
  try {
    const value = make();
    return { value, closers: [() => value.close()] };
  } catch (err) {
    refuse(err, kind, `providers.${kind}`);
    return { value: null, closers: [] };
  }
}

/** One provider is used as is; a chain only when two or more were built. */
function finish<P>(list: P[], chain: (list: P[]) => P & { close(): Promise<void> }): Built<P> {
  if (list.length === 0) return { value: null, closers: [] };
  if (list.length === 1) return { value: list[0], closers: [] };
  const c = chain(list);
  return { value: c, closers: [() => c.close()] };
}

async function buildCaller(
  config: StudioConfig,
  deps: RegistryDeps,
  refuse: Refuse,
): Promise<ScriptedCaller | null> {
  const voice =
    deps.callerVoice ??
    localCallerVoice({
      voice: config.caller.voice,
      rate: config.caller.rate,
      binaryPath: deps.localTtsBinary,
    });
  const caller = new ScriptedCaller(config.caller, { clock: deps.clock, voice });
  try {
    // Synthesized now, so a missing voice is reported at start and the call itself runs on the clock only.
    await caller.prepare();
    return caller;
  } catch (err) {
    caller.stop();
    const detail = err instanceof Error ? err.message : String(err);
    refuse(
      new ProviderConfigError(
        'caller',
        'simulated',
        'caller',
        `${detail}; the simulated caller speaks with the local TTS (espeak-ng)`,
        callerBrief(detail),
      ),
      'caller',
      'caller',
    );
    return null;
  }
}

/** The caller's refusal in a few words: usually its voice's engine is not installed. */
function callerBrief(detail: string): string {
  const engine = /\b(espeak-ng|say|sapi) not found/.exec(detail);
  return engine ? `${engine[1]} not installed` : 'the caller cannot speak';
}

async function closeAll(closers: Array<() => Promise<void>>): Promise<void> {
  const results = await Promise.allSettled([...closers].reverse().map((c) => c()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
