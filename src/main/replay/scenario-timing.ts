/**
 * When things happen in an exported scenario, worked out so that the virtual run reproduces the
 * recorded timeline, not only the recorded metrics. A live (real-time) session differs from the
 * scripted providers in ways the scenario format cannot say directly; each is scripted so the
 * agent sees every input when it did, and said in a note:
 *
 * - the live VAD reports the end of speech some time after the back-dated end (~576 ms for the
 *   studio's) and the end of turn counts from its own last tick; the scripted VAD reports it
 *   exactly FAKE_VAD_MIN_SILENCE_MS after `endMs`: a speech is scripted to end so that the end of
 *   turn (or, with none, the VAD's report) comes when it did; and the live VAD interrupts the agent
 *   after its own count of speech, the scripted one minInterruptionDurationMs after `startMs`: a
 *   speech that interrupted starts that long before the recorded interruption;
 * - a streaming TTS gives audio before the LLM has finished the text; the scripted TTS waits for
 *   the whole segment: the reply's text is scripted to end at its first token, and the TTS first
 *   byte counted from there;
 * - a live audio output may start playing a moment after the first byte, the scripted one at
 *   once: the scripted first byte is when the recorded audio began playing;
 * - a tool takes what the recording measured for it, not the config's `delayMs`;
 * - a Stop (the studio closing the session mid-conversation) is a `close` action at the time the
 *   close began; a user speech it cut keeps the final transcript the close committed, at the time
 *   it came, or no transcript when the agent never got one.
 */
import { FAKE_VAD_MIN_SILENCE_MS } from '../simulation/scripted-user';
import type { EngineEventOf } from '../../shared/engine-events';
import type { LlmFact, SessionFacts, SpeechFact, TtsFact } from './session-facts';

export const ms = (x: number): number => Math.max(0, Math.round(x));
/** Script time of an event-clock time. */
export const rel = (f: SessionFacts, t: number): number => ms(t - f.originT);

/** `a to b` of rounded (signed) ms, or `a` when they round the same. */
const range = (xs: number[]): string => {
  const [lo, hi] = [Math.round(Math.min(...xs)), Math.round(Math.max(...xs))];
  return lo === hi ? `${lo}` : `${lo} to ${hi}`;
};

const TIMEOUT_WARNING = /final transcript not received after (\d+) ms/;
/** A playback this long after a first byte is not that byte's (a paused or queued reply). */
const MAX_PLAYBACK_LAG_MS = 1000;
/** Output start lags up to this are event-loop noise: scripted, not noted. */
const NOTED_LAG_MS = 5;
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
export function speechTimings(
  f: SessionFacts,
  minInterruptionDurationMs: number,
  notes: string[],
): SpeechTiming[] {
  const closeT = f.events.find((e) => e.type === 'close')?.t ?? f.endT;
  const stopT = closeStartT(f);
  const lags: number[] = [];
  const moved: number[] = [];
  const bargeIns: number[] = [];
  const out: SpeechTiming[] = [];
  for (const sp of f.speeches) {
    const { endT, finalT } = scriptedEnd(f, sp, closeT, stopT, notes);
    const startT = scriptedStart(f, sp, minInterruptionDurationMs, endT);
    if (Math.abs(startT - sp.startT) > 1) bargeIns.push(startT - sp.startT);
    if (sp.reportedEndT !== null) lags.push(sp.reportedEndT - sp.endT);
    if (sp.reportedEndT !== null && Math.abs(endT - sp.endT) > 1) moved.push(endT - sp.endT);
    const sttDelayMs = finalT === null ? 200 : ms(Math.max(finalT, endT) - endT);
    if (finalT !== null && finalT < endT - 1)
      notes.push(
        `the final transcript of the user speech at ${rel(f, sp.startT)} ms came ${ms(endT - finalT)} ms before the scripted end of speech; it comes at the end`,
      );
    out.push({ startMs: rel(f, startT), endMs: rel(f, endT), sttDelayMs });
  }
  if (bargeIns.length > 0)
    notes.push(
      `the recorded VAD interrupted the agent at other speech durations than ${minInterruptionDurationMs} ms (minInterruptionDurationMs) after the speech's start: ${bargeIns.length} speech start(s) moved by ${range(bargeIns)} ms so the scripted VAD interrupts when it did`,
    );
  if (moved.length > 0)
    notes.push(
      `the recorded VAD reported the end of speech ${range(lags)} ms after it (the scenario's VAD: ${FAKE_VAD_MIN_SILENCE_MS} ms, its last speech tick at the end): ${moved.length} speech end(s) moved by ${range(moved)} ms so the user's turn ends when it did (or, with no end of turn, the VAD's report comes when it did)`,
    );
  return out;
}

/**
 * When a speech starts for the scripted VAD: the recorded start, unless the VAD interrupted the
 * agent during it — the scripted one does so exactly minInterruptionDurationMs after the start
 * (its ticks count from there), the live one counts its own speech duration: the start is then
 * put that long before the recorded interruption.
 */
function scriptedStart(f: SessionFacts, sp: SpeechFact, minMs: number, endT: number): number {
  const until = sp.reportedEndT ?? Infinity;
  let min = minMs;
  for (const e of f.events) {
    if (e.t > until) break;
    if (e.type === 'config_updated' && e.field === 'minInterruptionDurationMs' && typeof e.value === 'number')
      min = e.value;
    if (e.type === 'interruption' && e.cause === 'vad' && e.t >= sp.reportedStartT - 1)
      return Math.min(endT, Math.max(0, e.t - min));
  }
  return sp.startT;
}

/** The end of turn that followed a speech's end (before the next speech began), if any. */
function turnEndOf(f: SessionFacts, sp: SpeechFact): EngineEventOf<'end_of_turn'> | undefined {
  if (sp.reportedEndT === null) return undefined;
  const next = f.speeches.find((x) => x.reportedStartT > sp.reportedStartT)?.reportedStartT ?? Infinity;
  return f.events.find(
    (e): e is EngineEventOf<'end_of_turn'> =>
      e.type === 'end_of_turn' && e.t >= sp.reportedEndT! - 1 && e.t < next,
  );
}

/** When a speech ends for the scripted VAD, and when its final transcript comes (event clock). */
function scriptedEnd(
  f: SessionFacts,
  sp: SpeechFact,
  closeT: number,
  stopT: number | null,
  notes: string[],
): { endT: number; finalT: number | null } {
  if (sp.reportedEndT !== null) {
    // The scripted VAD reports the end FAKE_VAD_MIN_SILENCE_MS after endMs, and its last tick that
    // hears speech is at most endMs: an end of turn (at the later of the report and that tick +
    // its delay) comes max(FAKE_VAD_MIN_SILENCE_MS, delay) after endMs. The live one counts from its
    // own last tick, which may be later than its report − its silence: the end of turn decides.
    const eot = turnEndOf(f, sp);
    const byReport = sp.reportedEndT - FAKE_VAD_MIN_SILENCE_MS;
    const byTurn = eot ? eot.t - Math.max(FAKE_VAD_MIN_SILENCE_MS, eot.delayMs) : byReport;
    return { endT: Math.max(sp.startT, byReport, byTurn), finalT: sp.finalT };
  }
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
  const lags: number[] = [];
  for (const s of f.tts) {
    if (s.ttfbMs === null || s.durationMs === null) continue;
    const base = s.textReadyT ?? s.firstTextT;
    // Not voicing an LLM reply (a say): its whole text is in as the request starts.
    const ready = textIn.get(s.requestId) ?? s.startT;
    if (s.firstByteT === null || base === null) {
      tts.set(s.requestId, { ttfbMs: ms(s.ttfbMs), durationMs: ms(s.durationMs) });
      continue;
    }
    // The scripted output plays the first frame at once; a live one may take a moment to start.
    const playedT = playbackStartOf(f, s) ?? s.firstByteT;
    if (playedT - s.firstByteT > NOTED_LAG_MS) lags.push(playedT - s.firstByteT);
    const ttfbMs = ms(playedT - ready);
    tts.set(s.requestId, { ttfbMs, durationMs: Math.max(ttfbMs, ms(base + s.durationMs - ready)) });
  }
  if (lags.length > 0)
    notes.push(
      `the recorded audio output began playing ${range(lags)} ms after the TTS first byte (${lags.length} time(s)); the scripted output plays at once, so the scripted TTS first byte is that much later`,
    );
  return { llm, tts };
}

/** When the audio of a TTS request began playing: the first playback of its speech after its first byte. */
function playbackStartOf(f: SessionFacts, s: TtsFact): number | null {
  if (s.firstByteT === null) return null;
  const from = s.firstByteT;
  const pb = f.events.find((e) => e.type === 'playback_started' && e.speechId === s.speechId && e.t >= from);
  if (!pb || pb.t - from > MAX_PLAYBACK_LAG_MS) return null;
  // Another request of the speech gave audio first: that playback is its.
  const other = f.tts.some(
    (x) =>
      x !== s &&
      x.speechId === s.speechId &&
      x.firstByteT !== null &&
      x.firstByteT > from &&
      x.firstByteT <= pb.t,
  );
  return other ? null : pb.t;
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
