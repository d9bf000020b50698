/**
 * The `simulated` STT: the engine's scripted STT in oracle mode — its feed is told what the
 * simulated caller says instead of listening
 * (no open-vocabulary ASR runs offline here). It is still timed like a streaming recognizer
 * against the caller's real speech: start of speech when the voice sounds, interim transcripts
 * every `interimIntervalMs` with the words spoken so far, the final transcript `delayMs` after
 * the voice stops, then end of speech and usage. A caller line with `transcribe: false` produces
 * nothing, as a recognizer that hears a backchannel but finds no words. It reads time only from
 * the clock.
 */
import type { SttProviderConfig } from '../../../shared/config';
import {
  type Clock,
  type ScriptedInputStream,
  ScriptedSTT,
  type SpeechData,
  type SpeechEvent,
  type SpeechEventType,
  type StreamFeed,
} from '../../engine';
import type { CallerSpeechSource, CallerUtterance } from './scripted-caller';

export type SimulatedSttConfig = Extract<SttProviderConfig, { provider: 'simulated' }>;

/** The words of `text` a listener has heard `elapsedMs` into `voicedMs` of speech (by character position). */
export function wordsHeard(text: string, elapsedMs: number, voicedMs: number): string {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (voicedMs <= 0 || elapsedMs >= voicedMs) return words.join(' ');
  const total = words.reduce((n, w) => n + w.length, 0);
  const budget = (elapsedMs / voicedMs) * total;
  const out: string[] = [];
  let spent = 0;
  for (const w of words) {
    spent += w.length;
    if (spent > budget) break;
    out.push(w);
  }
  return out.join(' ');
}

/** The `simulated` provider's STT: a scripted STT on the oracle feed. */
export function oracleStt(
  config: SimulatedSttConfig,
  deps: { clock: Clock; caller: CallerSpeechSource },
): ScriptedSTT {
  return new ScriptedSTT({
    clock: deps.clock,
    feed: oracleFeed(config, deps.caller),
    label: 'simulated.OracleSTT',
    streamName: 'oracle stt stream',
    idPrefix: 'sim_stt_',
    interimResults: config.interimIntervalMs > 0,
  });
}

/** Each stream hears every utterance still to come (and the rest of the current one). */
export function oracleFeed(config: SimulatedSttConfig, caller: CallerSpeechSource): StreamFeed<SpeechEvent> {
  return {
    attach(stream) {
      const unsubscribe = caller.onSpeech(stream.name, (ev) => {
        if (ev.type === 'speech_started') plan(config, stream, ev.utterance);
      });
      const current = caller.currentUtterance;
      if (current) plan(config, stream, current);
      return unsubscribe;
    },
  };
}

/** Schedules everything this utterance will produce that is still in the future. */
function plan(
  config: SimulatedSttConfig,
  stream: ScriptedInputStream<SpeechEvent>,
  u: CallerUtterance,
): void {
  // A line scripted as untranscribed (a backchannel, a cough) yields no STT event at all.
  if (!u.transcribe) return;
  const send = (type: SpeechEventType, text: string): void => {
    const alt: SpeechData = {
      text,
      language: stream.language ?? 'en',
      startTimeMs: u.voicedStartAt,
      endTimeMs: u.voicedEndAt,
      confidence: 1,
      speakerId: null,
    };
    stream.send({
      type,
      requestId: stream.requestId,
      alternatives: type.endsWith('transcript') ? [alt] : [],
    });
  };
  const voicedMs = u.voicedEndAt - u.voicedStartAt;
  const finalAt = u.voicedEndAt + config.delayMs;
  stream.at(u.voicedStartAt, () => send('start_of_speech', ''));
  const interval = config.interimIntervalMs;
  if (interval > 0) {
    let last = '';
    for (let t = u.voicedStartAt + interval; t < finalAt; t += interval) {
      // Interims lag the voice by the recognizer's delay, capped so they still come while it speaks.
      const heard = wordsHeard(u.text, t - u.voicedStartAt - Math.min(config.delayMs, interval), voicedMs);
      if (heard === '' || heard === last) continue;
      last = heard;
      stream.at(t, () => send('interim_transcript', heard));
    }
  }
  stream.at(finalAt, () => {
    send('final_transcript', u.text.trim());
    send('end_of_speech', '');
    stream.send({
      type: 'recognition_usage',
      requestId: stream.requestId,
      alternatives: [],
      audioDurationMs: u.endsAt - u.startedAt,
    });
  });
}
