/**
 * The latency timeline of a realtime (speech-to-speech) turn: the model's server detects the end
 * of the user's speech and answers with audio itself, so there are no LLM or TTS requests to draw.
 * Its turns start when the server said the user stopped speaking (or when a typed reply was
 * asked for) and are covered by the server's turn detection, the model's time to first audio
 * (its metrics' TTFT from response.created) and the audio output until playback started.
 */
import type { SpeechTimes, TurnEventIndex } from './turn-timeline-index';

/** A segment adder, as the builder passes it (kinds and rows are the builder's). */
type Add = (
  kind: 'rt_turn_detection' | 'rt_request' | 'rt_first_audio' | 'playout',
  row: 'user' | 'llm' | 'playout',
  label: string,
  from: number | null,
  to: number | null,
) => void;

export function isRealtimeSpeech(s: SpeechTimes): boolean {
  return s.byRealtimeServer || s.realtime.length > 0;
}

/** When the model began answering: its first response.created, else the speech's creation. */
function respondedAt(s: SpeechTimes): number | null {
  return s.realtime[0]?.responseAt ?? s.createdAt;
}

/**
 * Realtime speeches the server started after the user stopped speaking, with that stop as their
 * start; a speech with another speech begun between the stop and it (a tool's reply) is not a turn.
 */
export function realtimeTurnStarts(
  ix: TurnEventIndex,
  taken: ReadonlySet<string>,
): { speechId: string; startAt: number }[] {
  const out: { speechId: string; startAt: number }[] = [];
  const speeches = [...ix.speeches.values()];
  for (const s of speeches) {
    if (taken.has(s.id) || !s.byRealtimeServer) continue;
    const at = respondedAt(s);
    if (at === null) continue;
    const stop = ix.userStoppedAt.filter((t) => t <= at).at(-1);
    if (stop === undefined) continue;
    const between = speeches.some(
      (o) => o.id !== s.id && o.createdAt !== null && o.createdAt > stop && o.createdAt < (s.createdAt ?? at),
    );
    if (!between) out.push({ speechId: s.id, startAt: stop });
  }
  return out;
}

/** The realtime segments of one turn; `serverTurn`: it began at the server's end of speech. */
export function realtimeSegments(
  s: SpeechTimes,
  startAt: number,
  serverTurn: boolean,
  horizon: number,
  add: Add,
): void {
  // A reply the engine asked for (typed text, generateReply): asked when the speech was created
  // (the seed's realtime reply task asks first, then waits for its turn), until the server answered.
  if (!serverTurn && s.realtime.length > 0)
    add(
      'rt_request',
      'llm',
      'Reply asked of the model → response created',
      s.createdAt,
      s.realtime[0].responseAt,
    );
  if (serverTurn)
    add(
      'rt_turn_detection',
      'user',
      'Server turn detection: end of speech → response created',
      startAt,
      respondedAt(s),
    );
  const responses = s.realtime.filter((r) => r.responseAt < horizon);
  for (const [i, r] of responses.entries()) {
    const step = responses.length > 1 ? ` #${i + 1}` : '';
    if (r.firstAt !== null)
      add('rt_first_audio', 'llm', `Realtime response${step} → first audio`, r.responseAt, r.firstAt);
    else
      add(
        'rt_first_audio',
        'llm',
        `Realtime response${step} (no audio or text reported)`,
        r.responseAt,
        r.endAt,
      );
  }
  if (responses.length === 0 && s.createdAt !== null) {
    // No metrics for the response (yet): one honest span up to the audio, not a made-up split.
    add(
      'rt_first_audio',
      'llm',
      'Realtime response → audio out (the model reported no first-audio time)',
      s.createdAt,
      s.audioAt,
    );
    return;
  }
  const first = responses.find((r) => r.firstAt !== null)?.firstAt ?? null;
  // Text-only replies are voiced by the TTS, whose segments the builder draws.
  if (first !== null && s.audioAt !== null && s.tts.length === 0) {
    const resumed = s.pauses.filter((p) => p.end !== null).map((p) => Math.min(p.end!, s.audioAt!));
    const from = Math.max(first, s.authorizedAt ?? first, ...resumed);
    add('playout', 'playout', 'Audio output: first audio from the model → playback started', from, s.audioAt);
  }
}
