/**
 * Checks the registry makes before building a provider, so a mistake in the config is reported
 * when the session starts, naming the setting, rather than as an HTTP 404 on the first reply.
 * Model names are only checked against OpenAI's own API: a compatible server (Ollama, vLLM …)
 * names its models as it likes. The patterns are families, not lists, so a model OpenAI ships
 * next month still passes.
 */
import { isOpenAIHost } from './openai/client';

export type ProviderSlot = 'llm' | 'stt' | 'tts' | 'vad' | 'caller';

/** A provider the config asks for cannot be built; the message says what to change. */
export class ProviderConfigError extends Error {
  override name = 'ProviderConfigError';
  /** The config entry refused (`providers.llm[0]`); set by the registry, which knows the chain. */
  entry?: string;

  constructor(
    readonly kind: ProviderSlot,
    readonly provider: string,
    /** The setting to fix, e.g. `providers.llm[1].model`. */
    readonly setting: string,
    message: string,
    /** The cause in a few words, for the session header: "OPENAI_API_KEY missing". */
    readonly brief = 'cannot be built',
  ) {
    super(message);
  }
}

const FAMILIES: Record<'llm' | 'stt' | 'tts', { re: RegExp; examples: string }> = {
  llm: {
    re: /^(gpt-(?!.*(tts|transcribe|realtime|audio|image))|o\d|chatgpt-|ft:)/,
    examples: 'gpt-4o-mini, gpt-4.1, o4-mini',
  },
  stt: {
    re: /^(whisper-|gpt-4o(-mini)?-transcribe)/,
    examples: 'gpt-4o-transcribe, gpt-4o-mini-transcribe, whisper-1',
  },
  tts: { re: /^(tts-|gpt-4o(-mini)?-tts)/, examples: 'gpt-4o-mini-tts, tts-1, tts-1-hd' },
};

const OPENAI_VOICES = [
  'alloy',
  'ash',
  'ballad',
  'coral',
  'echo',
  'fable',
  'nova',
  'onyx',
  'sage',
  'shimmer',
  'verse',
  'marin',
  'cedar',
];

/** Which kind a model name belongs to, to say "that is a TTS model" rather than only "unknown". */
function kindOf(model: string): 'llm' | 'stt' | 'tts' | null {
  for (const k of ['stt', 'tts', 'llm'] as const) if (FAMILIES[k].re.test(model)) return k;
  return null;
}

export function checkOpenAIModel(
  kind: 'llm' | 'stt' | 'tts',
  model: string,
  baseURL: string | undefined,
  setting: string,
): void {
  if (baseURL !== undefined && !isOpenAIHost(baseURL)) return;
  if (FAMILIES[kind].re.test(model)) return;
  const other = kindOf(model);
  const what = other
    ? `is an ${other.toUpperCase()} model, not an ${kind.toUpperCase()} model`
    : `is not an OpenAI ${kind.toUpperCase()} model`;
  throw new ProviderConfigError(
    kind,
    'openai',
    `${setting}.model`,
    `openai ${kind}: ${setting}.model "${model}" ${what}; use one like ${FAMILIES[kind].examples}, or set ${setting}.baseURL for an OpenAI-compatible server`,
    `model "${model}" unknown`,
  );
}

export function checkOpenAIVoice(voice: string, baseURL: string | undefined, setting: string): void {
  if (baseURL !== undefined && !isOpenAIHost(baseURL)) return;
  if (!OPENAI_VOICES.includes(voice)) {
    throw new ProviderConfigError(
      'tts',
      'openai',
      `${setting}.voice`,
      `openai tts: ${setting}.voice "${voice}" is not an OpenAI voice; use one of ${OPENAI_VOICES.join(', ')}`,
      `voice "${voice}" unknown`,
    );
  }
}
