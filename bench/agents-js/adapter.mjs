// Adapter: @livekit/agents (agents-js) driven headless — no Room, no network.
// It sits in bench/agents-js so that its imports resolve to the packages pinned in
// bench/agents-js/package.json (agents 1.9.0 with the @livekit/rtc-node 0.13 it wants), never to
// the app's own rtc-node. bench/engine-bench.mjs runs it alternately with our engine.
//
// Fakes are implemented against agents-js' public base classes:
//   llm.LLM / llm.LLMStream, tts.TTS / tts.SynthesizeStream, stt.STT / stt.SpeechStream,
//   VAD / VADStream, voice.AudioOutput, and a duck-typed TextOutput.
// Every fake reports to the engine-neutral `probe` supplied by bench.mjs; the adapter itself
// measures nothing.
import * as agents from '@livekit/agents';
import { AudioFrame } from '@livekit/rtc-node';

const { llm, tts, stt, voice, VAD, VADStream, VADEventType } = agents;

export const name = 'agents-js';
export const version = agents.version;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- fake LLM
class BenchLLM extends llm.LLM {
  constructor(cfg, probe) {
    super();
    this.cfg = cfg;
    this.probe = probe;
  }
  label() {
    return 'bench-llm';
  }
  chat({ chatCtx, toolCtx, connOptions }) {
    this.probe.llmCall();
    return new BenchLLMStream(this, {
      chatCtx,
      toolCtx,
      connOptions: connOptions ?? agents.DEFAULT_API_CONNECT_OPTIONS,
    });
  }
}

class BenchLLMStream extends llm.LLMStream {
  constructor(owner, opts) {
    super(owner, opts);
    this.owner = owner;
  }
  async run() {
    const { cfg, probe } = this.owner;
    if (cfg.ttftMs > 0) await sleep(cfg.ttftMs);
    const tokens = cfg.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (i > 0 && cfg.tokenIntervalMs > 0) await sleep(cfg.tokenIntervalMs);
      const t0 = performance.now();
      this.queue.put({ id: 'bench', delta: { role: 'assistant', content: tokens[i] } });
      probe.fakeTime(performance.now() - t0);
    }
  }
}

// ---------------------------------------------------------------- fake streaming TTS
// On the first text of a segment it produces all frames of `ttsAudioMs` at once (frames are
// 20 ms of silence) except the last, which is released when the segment's input is flushed
// or ended (final=true), followed by END_OF_STREAM — the same shape the real plugins emit.
class BenchTTS extends tts.TTS {
  label = 'bench-tts';
  constructor(audioCfg, probe) {
    super(audioCfg.sampleRate, audioCfg.channels, { streaming: true, alignedTranscript: false });
    this.audioCfg = audioCfg;
    this.probe = probe;
  }
  synthesize() {
    throw new Error('bench-tts: only streaming synthesis is used');
  }
  stream(opts = {}) {
    return new BenchSynthStream(this, opts.connOptions);
  }
}

class BenchSynthStream extends tts.SynthesizeStream {
  label = 'bench-tts.stream';
  constructor(owner, connOptions) {
    super(owner, connOptions);
    this.owner = owner;
  }
  makeFrame() {
    const { sampleRate, channels, frameMs } = this.owner.audioCfg;
    const spc = Math.round((sampleRate * frameMs) / 1000);
    return new AudioFrame(new Int16Array(spc * channels), sampleRate, channels, spc);
  }
  async run() {
    const { probe, audioCfg } = this.owner;
    const nFrames = Math.round(audioCfg.ttsAudioMs / audioCfg.frameMs);
    const FLUSH = tts.SynthesizeStream.FLUSH_SENTINEL;
    let seg = 0;
    let held = null; // last frame of the current segment, released on flush
    const release = () => {
      if (held) {
        const t0 = performance.now();
        probe.ttsFrame();
        this.queue.put({ requestId: 'bench', segmentId: `s${seg}`, frame: held, final: true });
        this.queue.put(tts.SynthesizeStream.END_OF_STREAM);
        probe.fakeTime(performance.now() - t0);
        held = null;
      }
      seg++;
    };
    let started = false;
    for await (const data of this.input) {
      if (data === FLUSH) {
        release();
        started = false;
        continue;
      }
      if (started) continue;
      started = true;
      this.markStarted();
      const t0 = performance.now();
      for (let i = 0; i < nFrames - 1; i++) {
        const frame = this.makeFrame();
        probe.ttsFrame();
        this.queue.put({ requestId: 'bench', segmentId: `s${seg}`, frame, final: false });
      }
      held = this.makeFrame();
      probe.fakeTime(performance.now() - t0);
    }
    release();
  }
}

// ---------------------------------------------------------------- fake streaming STT
// Drains its audio input; transcripts are injected by the driver via emitTurn().
class BenchSTT extends stt.STT {
  label = 'bench-stt';
  constructor(probe) {
    super({ streaming: true, interimResults: false, diarization: false, alignedTranscript: false });
    this.probe = probe;
    this.current = undefined;
    this.framesIn = 0;
  }
  async _recognize() {
    throw new Error('bench-stt: only streaming recognition is used');
  }
  stream(opts = {}) {
    const s = new BenchSpeechStream(this, opts.connOptions);
    this.current = s;
    return s;
  }
}

class BenchSpeechStream extends stt.SpeechStream {
  label = 'bench-stt.stream';
  constructor(owner, connOptions) {
    super(owner, undefined, connOptions);
    this.owner = owner;
  }
  async run() {
    for await (const _ of this.input) this.owner.framesIn++;
  }
  emitTurn(text) {
    const alt = { text, language: 'en', startTime: 0, endTime: 0, confidence: 1 };
    const t0 = performance.now();
    this.queue.put({ type: stt.SpeechEventType.START_OF_SPEECH });
    this.queue.put({ type: stt.SpeechEventType.FINAL_TRANSCRIPT, alternatives: [alt] });
    this.owner.probe.eot();
    this.queue.put({ type: stt.SpeechEventType.END_OF_SPEECH, alternatives: [alt] });
    this.owner.probe.fakeTime(performance.now() - t0);
  }
}

// ---------------------------------------------------------------- fake VAD
class BenchVAD extends VAD {
  label = 'bench-vad';
  constructor(probe) {
    super({ updateInterval: 32 });
    this.probe = probe;
    this.current = undefined;
  }
  stream() {
    const s = new BenchVADStream(this);
    this.current = s;
    return s;
  }
}

class BenchVADStream extends VADStream {
  constructor(owner) {
    super(owner);
    this.owner = owner;
    this.drain();
  }
  async drain() {
    try {
      while (true) {
        const { done } = await this.inputReader.read();
        if (done) break;
      }
    } catch {
      /* closed */
    }
  }
  event(type, speechDurationMs, speaking) {
    return {
      type,
      samplesIndex: 0,
      timestamp: Date.now(),
      speechDuration: speechDurationMs,
      silenceDuration: 0,
      frames: [],
      probability: speaking ? 1 : 0,
      inferenceDuration: 0,
      speaking,
      rawAccumulatedSilence: 0,
      rawAccumulatedSpeech: speaking ? speechDurationMs : 0,
    };
  }
  /** user barge-in: START_OF_SPEECH + INFERENCE_DONE(speechDuration) */
  emitSpeech(speechDurationMs) {
    this.owner.probe.vadSpeech();
    this.sendVADEvent(this.event(VADEventType.START_OF_SPEECH, speechDurationMs, true));
    this.sendVADEvent(this.event(VADEventType.INFERENCE_DONE, speechDurationMs, true));
  }
  emitEndOfSpeech(speechDurationMs) {
    const ev = this.event(VADEventType.END_OF_SPEECH, speechDurationMs, false);
    this.sendVADEvent(ev);
  }
}

// ---------------------------------------------------------------- fake outputs
// mode 'instant': a segment finishes playing the moment it is flushed.
// mode 'realtime': a segment finishes `duration of captured audio` after its first frame,
//   unless clearBuffer() cuts it short (used by the interruption scenarios).
class BenchAudioOutput extends voice.AudioOutput {
  constructor(sampleRate, probe) {
    super(sampleRate, undefined, { pause: false });
    this.probe = probe;
    this.mode = 'instant';
    this.segOpen = false;
    this.segSamples = 0;
    this.segStartedAt = 0;
    this.flushed = false;
    this.timer = undefined;
  }
  async captureFrame(frame) {
    await super.captureFrame(frame);
    this.probe.audioCaptured();
    if (!this.segOpen) {
      this.segOpen = true;
      this.flushed = false;
      this.segSamples = 0;
      this.segStartedAt = performance.now();
      this.onPlaybackStarted(Date.now());
    }
    this.segSamples += frame.samplesPerChannel;
  }
  segSeconds() {
    return this.segSamples / (this.sampleRate ?? 24000);
  }
  finishSegment(interrupted, position) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.segOpen) return;
    this.segOpen = false;
    this.probe.playbackFinished(interrupted);
    this.onPlaybackFinished({ playbackPosition: position, interrupted });
  }
  flush() {
    super.flush();
    if (!this.segOpen || this.flushed) return;
    this.flushed = true;
    if (this.mode === 'instant') {
      this.finishSegment(false, this.segSeconds());
    } else {
      const remaining = this.segSeconds() * 1000 - (performance.now() - this.segStartedAt);
      this.timer = setTimeout(() => this.finishSegment(false, this.segSeconds()), Math.max(0, remaining));
    }
  }
  clearBuffer() {
    this.probe.clearBuffer();
    if (!this.segOpen) return;
    const played = Math.min(this.segSeconds(), (performance.now() - this.segStartedAt) / 1000);
    this.finishSegment(true, played);
  }
}

// TextOutput is not exported by name; take it from an exported subclass.
const TextOutputBase = Object.getPrototypeOf(agents.ParalellTextOutput);
class BenchTextOutput extends TextOutputBase {
  constructor() {
    super();
    this.chars = 0;
  }
  async captureText(text) {
    this.chars += typeof text === 'string' ? text.length : text.text.length;
  }
  flush() {}
}

// ---------------------------------------------------------------- engine
function sessionOptions(workload, { textOnly }) {
  const e = workload.engine;
  return {
    turnHandling: {
      turnDetection: textOnly ? 'manual' : 'stt',
      endpointing: { minDelay: e.endpointingMinDelayMs, maxDelay: e.endpointingMaxDelayMs },
      interruption: {
        mode: 'vad',
        minDuration: e.minInterruptionDurationMs,
        resumeFalseInterruption: false,
      },
      preemptiveGeneration: { enabled: e.preemptiveGeneration },
    },
    userAwayTimeout: e.userAwayTimeout,
    aecWarmupDuration: e.aecWarmupMs,
  };
}

/**
 * kind: 'voice'     -> STT + VAD + LLM + TTS, audio + text outputs (turnDetection 'stt')
 *       'text_only' -> LLM only, no audio/TTS (session.run() RunResult path)
 */
export async function createEngine({ workload, probe, kind = 'voice' }) {
  agents.initializeLogger({ pretty: false, level: process.env.BENCH_LOG_LEVEL ?? 'error' });
  const textOnly = kind === 'text_only';
  const fakeLlm = new BenchLLM(workload.llm, probe);
  const fakeTts = textOnly ? undefined : new BenchTTS(workload.audio, probe);
  const fakeStt = textOnly ? undefined : new BenchSTT(probe);
  const fakeVad = textOnly ? null : new BenchVAD(probe);
  const session = new voice.AgentSession({
    llm: fakeLlm,
    tts: fakeTts,
    stt: fakeStt,
    vad: fakeVad,
    ...sessionOptions(workload, { textOnly }),
  });
  const audioOut = textOnly ? null : new BenchAudioOutput(workload.audio.sampleRate, probe);
  if (audioOut) {
    session.output.audio = audioOut;
    session.output.transcription = new BenchTextOutput();
  }
  const agent = new voice.Agent({ instructions: 'You are a benchmark agent.' });

  // every new speech handle, whichever path created it
  let speechWaiters = [];
  session.on(voice.AgentSessionEventTypes.SpeechCreated, (ev) => {
    const w = speechWaiters;
    speechWaiters = [];
    for (const resolve of w) resolve(ev.speechHandle);
  });
  const nextSpeech = () => new Promise((resolve) => speechWaiters.push(resolve));

  const waitAgentState = (state) =>
    session.agentState === state
      ? Promise.resolve()
      : new Promise((resolve) => {
          const on = (ev) => {
            if (ev.newState === state) {
              session.off(voice.AgentSessionEventTypes.AgentStateChanged, on);
              resolve();
            }
          };
          session.on(voice.AgentSessionEventTypes.AgentStateChanged, on);
        });

  const settle = async () => {
    await waitAgentState('listening');
    await new Promise((r) => setImmediate(r));
  };

  return {
    name,
    version,
    async start() {
      await session.start({ agent, record: false });
      // let the STT / VAD streams be created
      for (let i = 0; i < 100 && fakeStt && (!fakeStt.current || !fakeVad.current); i++) {
        await sleep(1);
      }
    },

    /** user text -> reply; resolves when the reply has fully played out and the agent is idle */
    async textTurn(text) {
      const handle = session.generateReply({ userInput: text });
      await handle.waitForPlayout();
      await settle();
    },

    /** fake STT final transcript + end of speech -> reply */
    async sttTurn(text) {
      const speech = nextSpeech();
      fakeStt.current.emitTurn(text);
      const handle = await speech;
      await handle.waitForPlayout();
      await settle();
    },

    /** session.run({ userInput }) -> RunResult (text-only session) */
    async runTurn(text) {
      const result = session.run({ userInput: text });
      await result.wait();
    },

    /**
     * Start a reply whose audio "plays" in real time, wait until `afterFirstFrameMs` after its
     * first frame reached the output, then interrupt via `via` ('api' | 'vad').
     * The probe timestamps the trigger and the output's clearBuffer().
     */
    async interruptTrial(text, { via, afterFirstFrameMs, vadSpeechDurationMs }) {
      audioOut.mode = 'realtime';
      try {
        const handle = session.generateReply({ userInput: text });
        await probe.firstCapture();
        await sleep(afterFirstFrameMs);
        if (via === 'api') {
          probe.interruptCalled();
          session.interrupt();
        } else {
          fakeVad.current.emitSpeech(vadSpeechDurationMs);
        }
        await probe.clearBufferSeen();
        await handle.waitForPlayout();
        if (via === 'vad') fakeVad.current.emitEndOfSpeech(vadSpeechDurationMs);
        await settle();
      } finally {
        audioOut.mode = 'instant';
      }
    },

    async close() {
      await session.close();
    },
  };
}
