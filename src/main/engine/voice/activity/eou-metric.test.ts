/**
 * The end-of-utterance metric of microphone-like turns, on the virtual clock, against the seed
 * (agent_activity.py's EOUMetrics fed by audio_recognition.py's `_bounce_eou_task` at db5dd9b77):
 * with a VAD and a non-streaming STT (whole utterances: no interims, the final transcript only
 * after the VAD closed the utterance) the delay runs from the last speech the VAD heard to the
 * decision and holds the transcription delay; with a VAD and no STT (a microphone on the
 * simulated STT, which cannot transcribe it) no transcript time exists, so the seed reports 0 for
 * both delays, and the metric says that they were not measured.
 */
import { describe, expect, it } from 'vitest';
import { Agent } from '../agent';
import { speechEvent } from '../../testing/recognition-rig';
import { makeRig } from '../../testing/session-rig';

const SPEECH = { startMs: 500, endMs: 2000, transcript: 'what is the weather in Lisbon' };

async function runTurn(rig: ReturnType<typeof makeRig>) {
  rig.llm.on(SPEECH.transcript, { content: 'Sunny.', ttftMs: 100, durationMs: 200 });
  rig.llm.on('', { content: 'Sorry?', ttftMs: 100, durationMs: 200 });
  rig.tts.on('Sunny.', { audioDurationMs: 500, ttfbMs: 100 });
  rig.tts.on('Sorry?', { audioDurationMs: 500, ttfbMs: 100 });
  await rig.start(new Agent({ instructions: 'be brief' }));
  await rig.run(6000);
  // The virtual clock steps a microsecond per task turn: compare whole milliseconds.
  const ms = (v: number | null | undefined) => (v == null ? null : Math.round(v));
  const eou = rig.of('metrics_collected').flatMap((e) =>
    e.metrics.type === 'eou'
      ? [
          {
            endOfUtteranceDelayMs: ms(e.metrics.endOfUtteranceDelayMs),
            transcriptionDelayMs: ms(e.metrics.transcriptionDelayMs),
            measured: e.metrics.measured,
          },
        ]
      : [],
  );
  const eot = rig
    .of('end_of_turn')
    .filter((e) => e.committed)
    .map((e) => ({ userStoppedAt: ms(e.userStoppedAt), transcriptAt: ms(e.transcriptAt), t: ms(e.t) }));
  await rig.close();
  return { eou, eot };
}

describe('end-of-utterance metric of a microphone turn', () => {
  it('VAD + non-streaming STT: counts from the last speech to the decision, the transcription delay inside it', async () => {
    // The STT hears the utterance once the VAD closed it (500 ms of silence) and answers 400 ms later.
    const rig = makeRig({
      options: { preemptiveGeneration: false, minEndpointingDelayMs: 500 },
      speeches: [SPEECH],
      sttScript: [
        { atMs: 550, value: speechEvent('start_of_speech') },
        { atMs: 2500, value: speechEvent('end_of_speech') },
        { atMs: 2900, value: speechEvent('final_transcript', SPEECH.transcript) },
      ],
    });
    const { eou, eot } = await runTurn(rig);
    expect(eot).toHaveLength(1);
    // The VAD's last speech at 2000; the VAD's end of speech (2500) found no words yet, so the
    // final transcript (2900) ended the turn at once: its endpointing wait had passed.
    expect(eot[0]).toMatchObject({ userStoppedAt: 2000, transcriptAt: 2900, t: 2900 });
    expect(eou).toHaveLength(1);
    expect(eou[0]).toMatchObject({ endOfUtteranceDelayMs: 900, transcriptionDelayMs: 900, measured: true });
  });

  it('VAD without an STT: no transcript time, so both delays are 0 as in the seed, marked not measured', async () => {
    const rig = makeRig({
      options: { preemptiveGeneration: false, minEndpointingDelayMs: 500 },
      speeches: [SPEECH],
      stt: false,
    });
    const { eou, eot } = await runTurn(rig);
    expect(eot).toHaveLength(1);
    // The decision came 500 ms after the last speech (the VAD's end of speech)…
    expect(eot[0]).toMatchObject({ userStoppedAt: 2000, transcriptAt: null, t: 2500 });
    // …but the seed computes its delays only when the final transcript's time is known.
    expect(eou).toHaveLength(1);
    expect(eou[0]).toMatchObject({ endOfUtteranceDelayMs: 0, transcriptionDelayMs: 0, measured: false });
  });
});
