/**
 * Syllable splitting for the transcript synchronizer, which paces words by syllables per second.
 *
 * Deviation from upstream: livekit uses Liang's TeX hyphenation patterns (~4500 English
 * patterns). This is a small heuristic instead: one syllable per vowel group (with the common
 * silent endings removed), split between vowel groups by the usual V-CV / VC-CV rules, never
 * leaving fewer than two letters at either end, and words of four characters or fewer unsplit as
 * upstream. It gets the syllable count right for most English words, which is all the pacing
 * needs; the pieces always join back into the word.
 */

const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);
/** Consonant pairs that start a syllable together (split before them, not inside). */
const ONSETS = new Set([
  'th',
  'sh',
  'ch',
  'ph',
  'wh',
  'gr',
  'br',
  'cr',
  'dr',
  'fr',
  'pr',
  'tr',
  'bl',
  'cl',
  'fl',
  'gl',
  'pl',
  'sl',
]);

function isVowelAt(lower: string, i: number): boolean {
  const c = lower[i];
  if (!VOWELS.has(c)) return false;
  // a leading "y" (yes, young) is a consonant
  return !(c === 'y' && (i === 0 || !/[a-z]/.test(lower[i - 1])));
}

/** Vowel groups as [start, end) — each one a syllable nucleus. */
function nuclei(lower: string): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let i = 0;
  while (i < lower.length) {
    if (isVowelAt(lower, i)) {
      const s = i;
      while (i < lower.length && isVowelAt(lower, i)) i += 1;
      out.push([s, i]);
    } else {
      i += 1;
    }
  }
  return out;
}

/** Drops the nucleus of a silent ending: "make", "played" (but not "table", "wanted"). */
function dropSilentEnding(lower: string, nuc: Array<[number, number]>): void {
  if (nuc.length < 2) return;
  const [s, e] = nuc[nuc.length - 1];
  const n = lower.length;
  const consonantBefore = s > 0 && !isVowelAt(lower, s - 1);
  if (e - s !== 1 || lower[s] !== 'e' || !consonantBefore) return;
  if (e === n) {
    // "-le" after a consonant is its own syllable (ta-ble)
    if (lower[s - 1] === 'l' && s >= 2 && !isVowelAt(lower, s - 2)) return;
    nuc.pop();
  } else if (e === n - 1 && (lower[n - 1] === 'd' || lower[n - 1] === 's')) {
    // "-ed" is silent unless after t/d; "-es" unless after a sibilant
    const prev = lower[s - 1];
    const sounded =
      lower[n - 1] === 'd'
        ? 'td'.includes(prev)
        : 'sxzgc'.includes(prev) || lower.slice(s - 2, s) === 'ch' || lower.slice(s - 2, s) === 'sh';
    if (!sounded) nuc.pop();
  }
}

export function hyphenateWord(word: string): string[] {
  if (word.length <= 4) return [word];
  const lower = word.toLowerCase();
  const nuc = nuclei(lower);
  dropSilentEnding(lower, nuc);
  const cuts: number[] = [];
  for (let k = 0; k + 1 < nuc.length; k += 1) {
    const from = nuc[k][1];
    const to = nuc[k + 1][0];
    const consonants = to - from;
    let cut: number;
    if (consonants <= 1) cut = from;
    else if (consonants === 2 && ONSETS.has(lower.slice(from, to))) cut = from;
    else if (lower.slice(from, from + 2) === 'ck') cut = from + 2;
    else cut = from + 1;
    if (cut >= 2 && cut <= word.length - 2 && cut > (cuts[cuts.length - 1] ?? 0)) cuts.push(cut);
  }
  const pieces: string[] = [];
  let prev = 0;
  for (const c of cuts) {
    pieces.push(word.slice(prev, c));
    prev = c;
  }
  pieces.push(word.slice(prev));
  return pieces;
}
