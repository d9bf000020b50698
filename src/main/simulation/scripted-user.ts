/**
 * The scenario's scripted user: turns the scripted user speeches into the exact VAD and STT event
 * plans of format §4.1/§4.2 and plays them on the script timeline. The scripted VAD and STT
 * streams only attach to its feeds, so a stream created late (after a handoff) hears what is
 * still to come and nothing twice. The plans are computed like the peer's sequential fake loops: a speech that starts
 * before the previous one's END_OF_SPEECH is heard right after it, never interleaved.
 */
import type { Clock, SpeechEvent, StreamFeed, VADEvent, VADEventType } from '../engine';
import { LANE, type ScriptTimeline } from './script-timeline';

/** Fixed harness VAD settings (format §2). */
export const FAKE_VAD_MIN_SPEECH_MS = 50;
export const FAKE_VAD_MIN_SILENCE_MS = 500;
/** Inference period of the fake VAD: the min speech duration, as in the peer's fake. */
export const FAKE_VAD_INTERVAL_MS = FAKE_VAD_MIN_SPEECH_MS;

export interface SimulatedSpeech {
  startMs: number;
  endMs: number;
  transcript: string;
  sttDelayMs: number;
  final: boolean;
}

/** One planned VAD event, in script ms; the stream stamps it with the clock when delivered. */
export interface PlannedVadEvent {
  type: VADEventType;
  atMs: number;
  speechIndex: number;
  speechDurationMs: number;
  silenceDurationMs: number;
  rawAccumulatedSpeechMs: number;
  rawAccumulatedSilenceMs: number;
  probability: number;
}

export interface PlannedTranscript {
  atMs: number;
  speechIndex: number;
  isFinal: boolean;
  text: string;
  startMs: number;
  endMs: number;
}

function vadFields(
  type: VADEventType,
  now: number,
  sp: SimulatedSpeech,
  speechIndex: number,
): PlannedVadEvent {
  const before = now <= sp.endMs;
  return {
    type,
    atMs: now,
    speechIndex,
    speechDurationMs: Math.min(now, sp.endMs) - sp.startMs,
    silenceDurationMs: Math.max(0, now - sp.endMs),
    rawAccumulatedSpeechMs: before ? now - sp.startMs : 0,
    rawAccumulatedSilenceMs: before ? 0 : now - sp.endMs,
    probability: before ? 1 : 0,
  };
}

/** VAD events of every speech, noise included (format §4.1). */
export function planVadEvents(speeches: readonly SimulatedSpeech[]): PlannedVadEvent[] {
  const out: PlannedVadEvent[] = [];
  let t = 0;
  speeches.forEach((sp, i) => {
    t = Math.max(t, sp.startMs + FAKE_VAD_MIN_SPEECH_MS);
    out.push(vadFields('start_of_speech', t, sp, i));
    const endOfSpeechAt = sp.endMs + FAKE_VAD_MIN_SILENCE_MS;
    while (t < endOfSpeechAt - FAKE_VAD_INTERVAL_MS * 2) {
      t += FAKE_VAD_INTERVAL_MS;
      out.push(vadFields('inference_done', t, sp, i));
    }
    t = Math.max(t, endOfSpeechAt);
    out.push(vadFields('end_of_speech', t, sp, i));
  });
  return out;
}

/** Interim (first two words) then final transcripts; noise is not transcribed (format §4.2). */
export function planTranscripts(speeches: readonly SimulatedSpeech[]): PlannedTranscript[] {
  const out: PlannedTranscript[] = [];
  let t = 0;
  speeches.forEach((sp, i) => {
    const words = sp.transcript.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    const base = { speechIndex: i, startMs: sp.startMs, endMs: sp.endMs };
    t = Math.max(t, sp.endMs + sp.sttDelayMs / 2);
    out.push({ ...base, atMs: t, isFinal: false, text: words.slice(0, 2).join(' ') });
    if (sp.final) {
      t = Math.max(t, sp.endMs + sp.sttDelayMs);
      out.push({ ...base, atMs: t, isFinal: true, text: sp.transcript });
    }
  });
  return out;
}

type Listener<T> = (ev: T) => void;

export class ScriptedUser {
  readonly speeches: readonly SimulatedSpeech[];
  readonly vadPlan: readonly PlannedVadEvent[];
  readonly transcriptPlan: readonly PlannedTranscript[];
  private readonly vadListeners = new Map<Listener<PlannedVadEvent>, string>();
  private readonly sttListeners = new Map<Listener<PlannedTranscript>, string>();

  /** Registers the plans on the timeline; they play once the timeline starts. */
  constructor(speeches: readonly SimulatedSpeech[], timeline: ScriptTimeline) {
    this.speeches = [...speeches].sort((a, b) => a.startMs - b.startMs);
    this.vadPlan = planVadEvents(this.speeches);
    this.transcriptPlan = planTranscripts(this.speeches);
    for (const ev of this.vadPlan) {
      timeline.add(ev.atMs, LANE.vad, `vad ${ev.type}`, () => {
        for (const fn of [...this.vadListeners.keys()]) fn(ev);
      });
    }
    for (const ev of this.transcriptPlan) {
      timeline.add(ev.atMs, LANE.stt, ev.isFinal ? 'stt final' : 'stt interim', () => {
        for (const fn of [...this.sttListeners.keys()]) fn(ev);
      });
    }
  }

  /** Subscribes a VAD stream; `name` identifies it in leak reports. */
  onVad(name: string, fn: Listener<PlannedVadEvent>): () => void {
    this.vadListeners.set(fn, name);
    return () => this.vadListeners.delete(fn);
  }

  onTranscript(name: string, fn: Listener<PlannedTranscript>): () => void {
    this.sttListeners.set(fn, name);
    return () => this.sttListeners.delete(fn);
  }

  /**
   * The VAD events as a scripted VAD's feed, stamped with the clock when delivered. A stream that
   * missed a speech's START_OF_SPEECH (created mid-speech, after a handoff) skips the rest of that
   * speech: a real VAD that never saw speech start cannot report its end.
   */
  vadFeed(clock: Clock): StreamFeed<VADEvent> {
    return {
      attach: (stream) => {
        const started = new Set<number>();
        return this.onVad(stream.name, (ev) => {
          if (ev.type === 'start_of_speech') started.add(ev.speechIndex);
          else if (!started.has(ev.speechIndex)) return;
          stream.send(toVadEvent(ev, clock.now()));
        });
      },
    };
  }

  /** The transcripts as a scripted STT's feed (interim and final, whatever audio arrives). */
  sttFeed(): StreamFeed<SpeechEvent> {
    return {
      attach: (stream) =>
        this.onTranscript(stream.name, (ev) =>
          stream.send({
            type: ev.isFinal ? 'final_transcript' : 'interim_transcript',
            requestId: stream.requestId,
            alternatives: [
              {
                text: ev.text,
                language: null,
                startTimeMs: ev.startMs,
                endTimeMs: ev.endMs,
                confidence: 1,
                speakerId: null,
              },
            ],
          }),
        ),
    };
  }

  /** Streams still subscribed (a closed session must have closed them all). */
  openStreams(): string[] {
    return [...this.vadListeners.values(), ...this.sttListeners.values()];
  }
}

function toVadEvent(ev: PlannedVadEvent, timestamp: number): VADEvent {
  return {
    type: ev.type,
    timestamp,
    samplesIndex: 0,
    speechDurationMs: ev.speechDurationMs,
    silenceDurationMs: ev.silenceDurationMs,
    probability: ev.probability,
    inferenceDurationMs: 0,
    // As the peer's fake: never "speaking", so the user-silence gate opens on every tick.
    speaking: false,
    rawAccumulatedSilenceMs: ev.rawAccumulatedSilenceMs,
    rawAccumulatedSpeechMs: ev.rawAccumulatedSpeechMs,
    frames: [],
  };
}
