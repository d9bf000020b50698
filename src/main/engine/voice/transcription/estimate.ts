/**
 * The synchronizer's pacing as a pure function, for callers that know the whole text and audio
 * duration up front (a `say` with pre-rendered audio, the studio's timeline preview): the text
 * heard after `positionMs` of playback, assuming syllables spread evenly over the audio — the
 * same rate the live synchronizer settles on once text and audio are complete.
 */
import { BasicWordTokenizer } from '../../tokenize/basic';
import { hyphenateWord as defaultHyphenate } from '../../tokenize/hyphenate';

const WORDS = new BasicWordTokenizer({ retainFormat: true, ignorePunctuation: false, splitCharacter: true });

export interface EstimateOptions {
  hyphenateWord?: (word: string) => string[];
}

/** Whole words whose syllables were fully spoken by `positionMs`; all of it at the end. */
export function transcriptAtPosition(
  text: string,
  positionMs: number,
  audioDurationMs: number,
  opts: EstimateOptions = {},
): string {
  if (positionMs >= audioDurationMs) return text;
  if (positionMs <= 0 || audioDurationMs <= 0) return '';
  const hyphenate = opts.hyphenateWord ?? defaultHyphenate;
  const words = WORDS.tokenize(text);
  const counts = words.map((w) => hyphenate(w).length);
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return '';
  const msPerSyllable = audioDurationMs / total;
  let heard = '';
  let t = 0;
  for (let i = 0; i < words.length; i += 1) {
    t += counts[i] * msPerSyllable;
    if (t > positionMs) break;
    heard += words[i];
  }
  return heard;
}
