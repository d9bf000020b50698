/**
 * The header's line for a part of the session that runs on a fallback: what runs and why, for
 * as long as the session runs, so nobody measures a simulated model believing it is the real one.
 */
import type { ProviderFallbackInfo } from '../../../../shared/studio-api';

const SLOT_NAMES: Record<ProviderFallbackInfo['slot'], string> = {
  llm: 'LLM',
  stt: 'STT',
  tts: 'TTS',
  vad: 'VAD',
  caller: 'Caller',
  demo: 'Demo',
};

/** "LLM: simulated — fallback, OPENAI_API_KEY missing". */
export function fallbackLabel(f: ProviderFallbackInfo): string {
  return `${SLOT_NAMES[f.slot]}: ${f.using} — fallback, ${f.cause}`;
}

/** The labels of a status's fallbacks; none outside a running (or stopping) session. */
export function fallbackLabels(
  status: { phase: string; fallbacks?: ProviderFallbackInfo[] } | null | undefined,
): string[] {
  if (!status || (status.phase !== 'running' && status.phase !== 'stopping')) return [];
  return (status.fallbacks ?? []).map(fallbackLabel);
}
