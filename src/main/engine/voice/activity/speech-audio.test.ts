/**
 * The reply-audio composer alone, on the virtual clock: TTS start, the aligned-transcript
 * decision, forwarding order, when the agent speaks, and what was heard after an interruption.
 */
import { describe, expect, it } from 'vitest';
import { silenceFrame, type AudioFrame } from '../../audio/frame';
import { cancelAndWait, type Task } from '../../base/tasks';
import type { SynthesizedAudio, TTSCapabilities } from '../../tts/tts';
import { RecordingTextOutput, testEnv } from '../../testing/generation-rig';
import { TextOutput, type AudioOutput } from '../io';
import { SpeechHandle } from '../speech-handle';
import { SpeechAudio, type SpeechAudioDeps } from './speech-audio';
import { ScriptedAudioOutput } from '../../testing/session-rig';

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

async function* frames(ms: number): AsyncGenerator<AudioFrame> {
  for (let t = 0; t < ms; t += 10) yield silenceFrame(10, 24000);
}

interface HarnessOptions {
  capabilities?: TTSCapabilities;
  useTtsAlignedTranscript?: boolean;
  /** What the TTS says it spoke, one entry per 10 ms frame from the first (aligned transcript). */
  spoken?: string[];
  /** The transcription node hides the transcript. */
  noTranscript?: boolean;
}

/**
 * A TTS node that reads its whole input, then after 200 ms yields 1 s of audio in 10 ms frames,
 * with `spoken[i]` as the aligned text of frame i.
 */
function harness(opts: HarnessOptions = {}) {
  const env = testEnv();
  const clock = env.clock;
  const log: string[] = [];
  const ttsInputs: string[] = [];
  const spoken = opts.spoken ?? [];
  const deps: SpeechAudioDeps = {
    agent: {
      ttsNode: (text, _settings, signal) =>
        (async function* (): AsyncGenerator<SynthesizedAudio> {
          let all = '';
          for await (const t of text) all += t;
          ttsInputs.push(all);
          await clock.sleep(200, signal);
          for (let i = 0; i < 100; i += 1) {
            const deltaText = spoken[i];
            yield {
              frame: silenceFrame(10, 24000),
              requestId: 'req',
              segmentId: 'seg',
              isFinal: false,
              ...(deltaText !== undefined ? { deltaText } : {}),
            };
          }
        })(),
      transcriptionNode: (text) => (opts.noTranscript ? null : text),
    },
    tts: {
      label: 'fake-tts',
      capabilities: opts.capabilities ?? { streaming: true, alignedTranscript: false },
    },
    useTtsAlignedTranscript: opts.useTtsAlignedTranscript ?? false,
    generationEnv: env,
    clock,
    session: {
      setPlaybackSpeech: (id) => log.push(`playback_speech:${id}`),
      updateAgentState: (state) => log.push(`state:${state}@${Math.round(clock.now())}`),
    },
    tracer: { emit: (h, state) => log.push(`trace:${state}:${h.id}`) },
    warn: (source, message) => log.push(`warn:${source}:${message}`),
  };
  const sh = SpeechHandle.create({ clock });
  const audioOutput = new ScriptedAudioOutput(clock);
  const textOutput = new RecordingTextOutput();
  const speech = (audio: AudioOutput | null = audioOutput, text: TextOutput = textOutput) =>
    new SpeechAudio(deps, sh, { audioOutput: audio, textOutput: text, modelSettings: {} });
  return { env, clock, log, ttsInputs, sh, audioOutput, textOutput, speech };
}

/** Closes the task owner; every task the composer started must end. */
async function finish(h: ReturnType<typeof harness>): Promise<void> {
  const closed = h.env.owner.close(h.clock);
  await h.clock.runUntil(h.clock.instantMs + 10);
  expect(await closed).toBe(true);
}

/**
 * Synthesizes `text` and forwards it, with the TTS's aligned transcript when it is chosen, and
 * runs the clock to `untilMs`.
 */
async function speak(h: ReturnType<typeof harness>, text: string, untilMs: number) {
  const speech = h.speech();
  const tasks: Task[] = [];
  const aligned = await speech.startTts(once(text), tasks);
  tasks.push(...speech.forward(aligned ?? once(text)));
  await h.clock.runUntil(untilMs);
  return { speech, tasks };
}

describe('SpeechAudio', () => {
  it('synthesizes the text, forwards audio and transcript, and the agent speaks at the first played frame', async () => {
    const h = harness();
    const speech = h.speech();
    const tasks: Task[] = [];
    const aligned = await speech.startTts(once('Hello there.'), tasks);
    expect(aligned).toBeNull(); // useTtsAlignedTranscript is off
    tasks.push(...speech.forward(once('Hello there.')));
    expect(tasks.map((t) => t.name)).toEqual(['tts_inference', 'audio_forwarding', 'text_forwarding']);
    await h.clock.runUntil(2000);
    await Promise.all(tasks.map((t) => t.promise));

    expect(h.ttsInputs).toEqual(['Hello there.']);
    expect(speech.text).toBe('Hello there.');
    expect(h.textOutput.texts).toEqual(['Hello there.']);
    expect(speech.startedSpeakingAt).toBeCloseTo(200, 2);
    expect(speech.ttsTtfbMs).toBeCloseTo(200, 2);
    expect(speech.played).toBe(true);
    expect(speech.readTranscriptFromTts).toBe(false);
    expect(h.log).toEqual([
      `playback_speech:${h.sh.id}`,
      'state:speaking@200',
      `trace:playout_started:${h.sh.id}`,
    ]);
    await finish(h);
  });

  it('pushes the TTS task before waiting for the aligned transcript, so an interruption meanwhile cancels it', async () => {
    const h = harness({
      useTtsAlignedTranscript: true,
      capabilities: { streaming: true, alignedTranscript: true },
    });
    const speech = h.speech();
    const tasks: Task[] = [];
    const aligned = speech.startTts(once('Hi.'), tasks);
    expect(tasks.map((t) => t.name)).toEqual(['tts_inference']);
    await cancelAndWait(tasks, h.clock);
    expect(await aligned).toBeNull(); // the TTS ended before its node produced a stream
    expect(speech.readTranscriptFromTts).toBe(false);
  });

  it('shows the TTS-aligned transcript instead of the text when the TTS aligns', async () => {
    const h = harness({
      useTtsAlignedTranscript: true,
      capabilities: { streaming: true, alignedTranscript: true },
      spoken: ['Hello ', 'there.'],
    });
    const { speech } = await speak(h, 'Hello there!', 2000);
    expect(speech.readTranscriptFromTts).toBe(true);
    expect(speech.text).toBe('Hello there.');
    speech.warnIfNoAlignedTranscript();
    expect(h.log.filter((l) => l.startsWith('warn:'))).toEqual([]);
    await finish(h);
  });

  it('uses the aligned transcript of a non-streaming TTS, and warns when that TTS returned none', async () => {
    const h = harness({
      useTtsAlignedTranscript: true,
      capabilities: { streaming: false, alignedTranscript: false },
    });
    const { speech } = await speak(h, 'Quiet.', 2000);
    expect(speech.readTranscriptFromTts).toBe(true);
    expect(speech.text).toBe('');
    speech.warnIfNoAlignedTranscript();
    expect(h.log.filter((l) => l.startsWith('warn:'))).toEqual([
      'warn:agent_activity:useTtsAlignedTranscript is enabled but no agent transcript was returned from tts',
    ]);
    await finish(h);
  });

  it('keeps the text when the TTS streams without alignment, even with useTtsAlignedTranscript on', async () => {
    const h = harness({ useTtsAlignedTranscript: true, spoken: ['ignored'] });
    const speech = h.speech();
    expect(await speech.startTts(once('Text.'), [])).toBeNull();
    expect(speech.readTranscriptFromTts).toBe(false);
    await finish(h);
  });

  it('forwards given frames without a TTS; a pipeline reply forwards its transcript first', async () => {
    const h = harness();
    const said = h.speech();
    expect(said.forward(once('Recorded.'), { frames: frames(300) }).map((t) => t.name)).toEqual([
      'audio_forwarding',
      'text_forwarding',
    ]);
    const h2 = harness();
    const pipeline = h2.speech();
    expect(
      pipeline.forward(once('x'), { frames: frames(300), transcriptFirst: true }).map((t) => t.name),
    ).toEqual(['text_forwarding', 'audio_forwarding']);
    await h.clock.runUntil(1000);
    expect(h.ttsInputs).toEqual([]);
    expect(said.startedSpeakingAt).toBeCloseTo(0, 2);
    expect(said.ttsTtfbMs).toBeNull();
    await finish(h);
    await finish(h2);
  });

  it('without an audio output the agent speaks when the first text is shown', async () => {
    const h = harness();
    const speech = h.speech(null);
    const tasks = speech.forward(once('Only text.'), { frames: frames(300) });
    expect(tasks.map((t) => t.name)).toEqual(['text_forwarding']);
    await h.clock.runUntil(100);
    expect(speech.audio).toBeNull();
    expect(speech.text).toBe('Only text.');
    expect(h.log).toEqual([
      `playback_speech:${h.sh.id}`,
      'state:speaking@0',
      `trace:playout_started:${h.sh.id}`,
    ]);
    await finish(h);
  });

  it('a hidden transcript still plays the audio; nothing is shown', async () => {
    const h = harness({ noTranscript: true });
    const { speech, tasks } = await speak(h, 'Secret.', 2000);
    expect(tasks.map((t) => t.name)).toEqual(['tts_inference', 'audio_forwarding']);
    expect(speech.transcript).toBeNull();
    expect(speech.text).toBe('');
    expect(speech.played).toBe(true);
    await finish(h);
  });

  it('after an interruption: what was heard at the playback position, or nothing if it never played', async () => {
    const h = harness();
    h.audioOutput.transcriptAt = (positionMs) => `heard ${Math.round(positionMs)} ms`;
    const { speech, tasks } = await speak(h, 'A long answer.', 700); // playing since 200
    await cancelAndWait(tasks, h.clock);
    expect(await speech.heard(speech.text)).toEqual({ text: 'heard 500 ms', positionMs: 500 });

    // an output without a synchronizer: the forwarded text stands
    const h2 = harness();
    const { speech: speech2, tasks: tasks2 } = await speak(h2, 'Words.', 300);
    await cancelAndWait(tasks2, h2.clock);
    expect(await speech2.heard('Words.')).toEqual({ text: 'Words.', positionMs: 100 });

    // interrupted before the first frame: nothing was heard
    const h3 = harness();
    const { speech: speech3, tasks: tasks3 } = await speak(h3, 'Never.', 100);
    await cancelAndWait(tasks3, h3.clock);
    expect(speech3.played).toBe(false);
    const heard = speech3.heard('Never.');
    await h3.clock.runUntil(200);
    expect(await heard).toEqual({ text: '', positionMs: 0 });
    expect(h3.log).toEqual([`playback_speech:${h3.sh.id}`]); // never "speaking"

    for (const x of [h, h2, h3]) await finish(x);
  });

  it('refuses to tell what was heard without an audio output', async () => {
    const speech = harness().speech(null);
    await expect(speech.heard('x')).rejects.toThrow('SpeechAudio.heard: the reply has no audio output');
  });
});

/** Logs every sink call in order; a capture can be made to take `captureMs` of clock time. */
class LoggedAudioOutput extends ScriptedAudioOutput {
  captureMs = 0;
  constructor(
    private readonly vclock: ReturnType<typeof testEnv>['clock'],
    readonly log: string[],
  ) {
    super(vclock);
  }
  override async captureFrame(frame: AudioFrame): Promise<void> {
    this.log.push(`frame@${Math.round(this.vclock.now())}`);
    if (this.captureMs > 0) await this.vclock.sleep(this.captureMs);
    await super.captureFrame(frame);
    if (this.captureMs > 0) this.log.push(`frame_done@${Math.round(this.vclock.now())}`);
  }
  override flush(): void {
    this.log.push('audio_flush');
    super.flush();
  }
  override clearBuffer(): void {
    this.log.push(`clear@${Math.round(this.vclock.now())}`);
    super.clearBuffer();
  }
}

class LoggedTextOutput extends TextOutput {
  constructor(readonly log: string[]) {
    super('logged-text');
  }
  async captureText(text: string): Promise<void> {
    this.log.push(`text:${text}`);
  }
  flush(): void {
    this.log.push('text_flush');
  }
}

describe('SpeechAudio when the speech is interrupted', () => {
  /** 10 ms frames, one every 10 ms of clock time, for `ms`; and a word every 100 ms. */
  function paced(h: ReturnType<typeof harness>, ms: number) {
    const clock = h.clock;
    return {
      frames: (async function* (): AsyncGenerator<AudioFrame> {
        for (let t = 0; t < ms; t += 10) {
          yield silenceFrame(10, 24000);
          await clock.sleep(10);
        }
      })(),
      words: (async function* (): AsyncGenerator<string> {
        for (let t = 0; t < ms; t += 100) {
          yield `w${t} `;
          await clock.sleep(100);
        }
      })(),
    };
  }

  it('flushes text then audio and clears the output at once, as the reply would after cancelling: no frame after the clear, one clear', async () => {
    const h = harness();
    const log: string[] = [];
    const out = new LoggedAudioOutput(h.clock, log);
    const speech = h.speech(out, new LoggedTextOutput(log));
    const src = paced(h, 1000);
    const tasks = speech.forward(src.words, { frames: src.frames, transcriptFirst: true });
    await h.clock.runUntil(305);
    h.sh.interrupt();
    // nobody calls cancelAndWait or heard() yet: the interruption alone stops the output
    await h.clock.runUntil(400);
    const clearAt = log.indexOf('clear@305');
    expect(clearAt).toBeGreaterThan(0);
    expect(log.slice(clearAt - 2)).toEqual(['text_flush', 'audio_flush', 'clear@305']);
    expect(log.filter((l) => l.startsWith('frame@'))).toHaveLength(31); // 0, 10, …, 300
    expect(tasks.every((t) => t.done)).toBe(true);

    // then the reply task does what it always did; nothing reaches the sinks twice
    await cancelAndWait(tasks, h.clock);
    expect(await speech.heard(speech.text)).toEqual({ text: 'w0 w100 w200 w300 ', positionMs: 305 });
    expect(log.slice(clearAt - 2)).toEqual(['text_flush', 'audio_flush', 'clear@305']);
    await finish(h);
  });

  it('lets a capture already running land before it flushes and clears', async () => {
    const h = harness();
    const log: string[] = [];
    const out = new LoggedAudioOutput(h.clock, log);
    out.captureMs = 4; // frame i is handed over at 14 i ms (10 ms pace + 4 ms capture)
    const speech = h.speech(out, new LoggedTextOutput(log));
    const src = paced(h, 1000);
    const tasks = speech.forward(src.words, { frames: src.frames });
    await h.clock.runUntil(282); // the capture of frame 20, started at 280, is still running
    expect(log.at(-1)).toBe('frame@280');
    h.sh.interrupt();
    await h.clock.runUntil(400);
    // the idle text forwarding ends at once; the running capture lands before the audio
    // segment ends; then the clear, and nothing after
    expect(log.slice(log.indexOf('frame@280'))).toEqual([
      'frame@280',
      'text_flush',
      'frame_done@284',
      'audio_flush',
      'clear@284',
    ]);
    await cancelAndWait(tasks, h.clock);
    await speech.heard(speech.text);
    expect(log.filter((l) => l.startsWith('clear')).length).toBe(1);
    await finish(h);
  });

  it('leaves a reply step that played out alone: a later interruption (tools still running) does not clear', async () => {
    const h = harness();
    const log: string[] = [];
    const out = new LoggedAudioOutput(h.clock, log);
    const speech = h.speech(out, new LoggedTextOutput(log));
    const src = paced(h, 100);
    const tasks = speech.forward(src.words, { frames: src.frames });
    await h.clock.runUntil(500);
    await Promise.all(tasks.map((t) => t.promise));
    speech.playedOut();
    h.sh.interrupt();
    await h.clock.runUntil(600);
    expect(log.filter((l) => l.startsWith('clear'))).toEqual([]);
    await finish(h);
  });

  it('an interruption before anything was forwarded clears nothing (no forwarding yet)', async () => {
    const h = harness();
    const log: string[] = [];
    h.speech(new LoggedAudioOutput(h.clock, log), new LoggedTextOutput(log));
    h.sh.interrupt();
    await h.clock.runUntil(100);
    expect(log).toEqual([]);
    await finish(h);
  });
});
