/**
 * When things happen in an exported scenario, worked out so that the virtual run reproduces the
 * recorded timeline, not only the recorded metrics. A live (real-time) session differs from the
 * scripted providers in ways the scenario format cannot say directly; each is scripted so the
 * agent sees every input when it did, and said in a note:
 *
 * - the live VAD reports the end of speech some time after the back-dated end (~576 ms for the
 *   studio's), the scripted VAD exactly FAKE_VAD_MIN_SILENCE_MS after `endMs`: a speech is scripted
 *   to end that long before the recorded report, since the report is what ends the user's turn;
 * - a streaming TTS gives audio before the LLM has finished the text; the scripted TTS waits for
 *   the whole segment: the reply's text is scripted to end at its first token, and the TTS first
 *   byte counted from there;
 * - a tool takes what the recording measured for it, not the config's `delayMs`;
 * - a Stop (the studio closing the session mid-conversation) is a `close` action at the time the
 *   close began; a user speech it cut keeps the final transcript the close committed, at the time
 *   it came, or no transcript when the agent never got one.
 */
import { FAKE_VAD_MIN_SILENCE_MS } from '../simulation/simulated-user';
import type { LlmFact, SessionFacts, SpeechFact, TtsFact } from './session-facts';

export const ms = (x: number): number => Math.max(0, Math.round(x));
/** Script time of an event-clock time. */
export const rel = (f: SessionFacts, t: number): number => ms(t - f.originT);

/** `a–b` of rounded ms, or `a` when they round the same. */
const range = (xs: number[]): string => {
  const [lo, hi] = [ms(Math.min(...xs)), ms(Math.max(...xs))];
  return lo === hi ? `${lo}` : `${lo}–${hi}`;
};

const TIMEOUT_WARNING = /final transcript not received after (\d+) ms/;
/** How long a close waits for the final transcript of the user's turn (AgentSession's close). */
export const CLOSE_COMMIT_WAIT_MS = 2000;

/**
 * When the session's close began, if the recording shows a close that cut the session short (a
 * speech it interrupted, a user turn it had to commit); null when the session was idle or ended
 * by itself — the runner's own drain and close then reproduce it.
 */
export function closeStartT(f: SessionFacts): number | null {
  const close = f.events.find((e) => e.type === 'close');
  if (!close) return null;
  const marks: number[] = [];
  for (const ev of f.events) {
    if (ev.t > close.t) break;
    if (
      (ev.type === 'speech_lifecycle' && ev.state === 'interrupted' && ev.cause === 'close') ||
      (ev.type === 'interruption' && ev.cause === 'close')
    )
      marks.push(ev.t);
    else if (ev.type === 'warning' && ev.source === 'audio_recognition') {
      // The close commits the user's turn and waits that long for its final transcript.
      const m = TIMEOUT_WARNING.exec(ev.message);
      if (m) marks.push(ev.t - Number(m[1]));
    }
  }
  const cut = f.speeches.find((s) => s.reportedEndT === null && s.finalT !== null);
  // A final the close's commit waited for came at finalT: the close began before it.
  if (cut?.finalT != null) marks.push(cut.finalT - 1);
  return marks.length > 0 ? Math.min(...marks) : null;
}

export interface SpeechTiming {
  startMs: number;
  endMs: number;
  sttDelayMs: number;
}

/** The user's speeches, each timed so the scripted VAD reports its end when the recorded one did. */
export function speechTimings(f: SessionFacts, notes: string[]): SpeechTiming[] {
  const closeT = f.events.find((e) => e.type === 'close')?.t ?? f.endT;
  const stopT = closeStartT(f);
  const lags: number[] = [];
  const out: SpeechTiming[] = [];
  for (const sp of f.speeches) {
    const { endT, finalT } = scriptedEnd(f, sp, closeT, stopT, notes);
    if (sp.reportedEndT !== null) lags.push(sp.reportedEndT - sp.endT);
    const sttDelayMs = finalT === null ? 200 : ms(Math.max(finalT, endT) - endT);
    if (finalT !== null && finalT < endT - 1)
      notes.push(
        `the final transcript of the user speech at ${rel(f, sp.startT)} ms came ${ms(endT - finalT)} ms before the scripted end of speech; it comes at the end`,
      );
    out.push({ startMs: rel(f, sp.startT), endMs: rel(f, endT), sttDelayMs });
  }
  const off = lags.filter((l) => Math.abs(l - FAKE_VAD_MIN_SILENCE_MS) > 1);
  if (off.length > 0)
    notes.push(
      `the recorded VAD reported the end of speech ${range(lags)} ms after it (the scenario's VAD: ${FAKE_VAD_MIN_SILENCE_MS} ms); each speech ends ${FAKE_VAD_MIN_SILENCE_MS} ms before the recorded report, so the agent hears it end when it did`,
    );
  return out;
}

/** When a speech ends for the scripted VAD, and when its final transcript comes (event clock). */
function scriptedEnd(
  f: SessionFacts,
  sp: SpeechFact,
  closeT: number,
  stopT: number | null,
  notes: string[],
): { endT: number; finalT: number | null } {
  if (sp.reportedEndT !== null)
    return { endT: Math.max(sp.startT, sp.reportedEndT - FAKE_VAD_MIN_SILENCE_MS), finalT: sp.finalT };
  // Still speaking at the Stop: no end of speech may be heard before the session closed.
  const at = rel(f, sp.startT);
  if (sp.finalT === null) {
    notes.push(
      `the user was still speaking (from ${at} ms) when the session was stopped and no transcript reached the agent; the speech has none`,
    );
    return { endT: Math.max(sp.startT, closeT - FAKE_VAD_MIN_SILENCE_MS + 1), finalT: null };
  }
  // The close commits what it has once its wait for a final is over: the final must come within
  // the scripted close's wait, which begins at the Stop (a live close may begin a few ms later).
  const finalT = stopT === null ? sp.finalT : Math.min(sp.finalT, stopT + CLOSE_COMMIT_WAIT_MS - 1);
  notes.push(
    `the user was still speaking (from ${at} ms) when the session was stopped; the close committed "${sp.transcript}" at ${rel(f, sp.finalT)} ms, scripted as its final transcript at ${rel(f, finalT)} ms (within the close's wait)`,
  );
  if (finalT + FAKE_VAD_MIN_SILENCE_MS <= closeT)
    notes.push(
      `the scenario's VAD hears the end of the user speech at ${at} ms before the session closed; the recorded one never did`,
    );
  return { endT: finalT, finalT };
}

export interface ReplyTimings {
  /** Scripted ttft and duration of each LLM request, by request id. */
  llm: Map<string, { ttftMs: number; durationMs: number }>;
  /** Scripted ttfb and duration of each TTS request, by request id. */
  tts: Map<string, { ttfbMs: number; durationMs: number }>;
}

/** A TTS that gave audio before its LLM had finished the text. */
const streamedBefore = (r: LlmFact, s: TtsFact): boolean =>
  s.firstByteT !== null &&
  s.textReadyT === null &&
  r.firstTokenT !== null &&
  r.endT !== null &&
  s.firstByteT < r.endT;

/** LLM and TTS timings that put each reply's first audio where the recording has it. */
export function replyTimings(f: SessionFacts, notes: string[]): ReplyTimings {
  const llm = new Map<string, { ttftMs: number; durationMs: number }>();
  const tts = new Map<string, { ttfbMs: number; durationMs: number }>();
  /** When the scripted TTS gets each request's whole text, event clock. */
  const textIn = new Map<string, number>();
  const early: string[] = [];
  for (const r of f.llm) {
    if (r.endT === null) continue;
    const durationMs = r.endT - r.startT;
    const ttftMs = r.firstTokenT === null ? durationMs : r.firstTokenT - r.startT;
    const s = f.tts.find((x) => x.requestId === r.ttsRequestId);
    if (s === undefined || !streamedBefore(r, s)) {
      llm.set(r.requestId, { ttftMs: ms(ttftMs), durationMs: ms(Math.max(durationMs, ttftMs)) });
      // the scripted TTS gets the whole text when the scripted reply ends
      if (s) textIn.set(s.requestId, r.endT);
      continue;
    }
    if (r.toolCalls.length === 0) {
      // All the scripted text comes at the first token; ending there lets the TTS start on it.
      llm.set(r.requestId, { ttftMs: ms(ttftMs), durationMs: ms(ttftMs) });
      textIn.set(s.requestId, r.firstTokenT!);
      early.push(r.requestId);
    } else {
      llm.set(r.requestId, { ttftMs: ms(ttftMs), durationMs: ms(durationMs) });
      textIn.set(s.requestId, r.endT);
      notes.push(
        `the TTS of LLM request ${r.requestId} gave audio ${ms(r.endT - s.firstByteT!)} ms before the request ended with its tool calls; the scripted TTS waits for the end, so that reply starts ${ms(r.endT - s.firstByteT!)} ms late`,
      );
    }
  }
  if (early.length > 0)
    notes.push(
      `the TTS streamed audio before the LLM finished (${early.join(', ')}); the scripted TTS waits for the whole text, so those replies' text ends at their first token and the TTS first byte counts from there`,
    );
  for (const s of f.tts) {
    if (s.ttfbMs === null || s.durationMs === null) continue;
    const base = s.textReadyT ?? s.firstTextT;
    // Not voicing an LLM reply (a say): its whole text is in as the request starts.
    const ready = textIn.get(s.requestId) ?? s.startT;
    if (s.firstByteT === null || base === null) {
      tts.set(s.requestId, { ttfbMs: ms(s.ttfbMs), durationMs: ms(s.durationMs) });
      continue;
    }
    const ttfbMs = ms(s.firstByteT - ready);
    tts.set(s.requestId, { ttfbMs, durationMs: Math.max(ttfbMs, ms(base + s.durationMs - ready)) });
  }
  return { llm, tts };
}

/** How long each tool took, as recorded: one scripted delay per tool (the median), a note when runs differ. */
export function toolDelays(f: SessionFacts, notes: string[]): Map<string, number> {
  const by = new Map<string, number[]>();
  for (const r of f.tools) {
    if (r.endT === null) continue;
    by.set(r.name, [...(by.get(r.name) ?? []), r.endT - r.startT]);
  }
  const out = new Map<string, number>();
  for (const [name, ds] of by) {
    const sorted = [...ds].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    out.set(name, ms(median));
    if (sorted.at(-1)! - sorted[0] > 1)
      notes.push(`tool ${name} took ${range(sorted)} ms; the scenario takes ${ms(median)} ms every time`);
  }
  return out;
}
