// Adapter: Voice Agent Studio's engine (src/main/engine) for the shared voice-engine bench
// (bench/peer/bench.mjs; the "Adapter contract" and "Workload semantics" are in docs/bench/RESULTS.md).
//
// Written for our engine's public API (src/main/engine/index.ts); the fakes follow the README's
// "Workload semantics" and report to the driver's Probe, which takes every timestamp. The engine
// is loaded as the app ships it: one ESM bundle of src/main/engine/index.ts built by esbuild with
// the app's main-build settings (no keepNames, no minify; studio-engine-bundle.mjs says why —
// tsx's keepNames `__name` calls cost 7-17 % CPU per turn). bench/engine-bench.mjs builds it once
// per invocation and passes its path in $STUDIO_ENGINE_BUNDLE (the driver's children inherit the
// env); run without it (the driver alone, as below), each child builds its own copy first. A
// failed build stops the run with esbuild's error. The session runs on the RealClock.
//
//   node bench/peer/bench.mjs --adapter bench/adapters/studio-engine.mjs
//
// BENCH_SYNC_TRANSCRIPTION=1 puts our TranscriptSynchronizer in front of the outputs (our
// studio's default). Off by default: agents-js only installs its synchronizer in RoomIO, which
// the headless peer run does not use, so "off" is the like-for-like setting.
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BUNDLE_ENV, buildStudioEngine } from './studio-engine-bundle.mjs';

const engine = await loadEngine();
const { AgentSession, Agent, AudioOutput, TextOutput, RealClock, makeFrame } = engine;

export const name = 'studio-engine';
export const version = JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8'),
).version;

/** The bundle engine-bench.mjs built, or (driver run alone) one built here and removed once loaded. */
async function loadEngine() {
  const given = process.env[BUNDLE_ENV];
  if (given) return import(pathToFileURL(given).href);
  const dir = new URL(`../../bench-results/studio-engine-bundle-${process.pid}/`, import.meta.url);
  try {
    const file = await buildStudioEngine(fileURLToPath(new URL('engine.mjs', dir)));
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();

// ---------------------------------------------------------------- a minimal async queue
/** Unbounded FIFO with one consumer: what the fakes hand to the engine. */
class Queue {
  items = [];
  waiter = null;
  closed = false;
  push(v) {
    if (this.closed) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w({ value: v, done: false });
    } else this.items.push(v);
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = null;
      w({ value: undefined, done: true });
    }
  }
  next() {
    if (this.items.length) return Promise.resolve({ value: this.items.shift(), done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((r) => (this.waiter = r));
  }
  iterator() {
    return { next: () => this.next(), return: async () => (this.close(), { value: undefined, done: true }) };
  }
}

// ---------------------------------------------------------------- fake LLM
// chat() counts as "LLM called" at entry; the stream waits ttftMs, then emits the tokens as
// separate deltas tokenIntervalMs apart (0 = back-to-back, no await between them).
class BenchLLM {
  label = 'bench-llm';
  model = 'bench';
  n = 0;
  constructor(cfg, probe) {
    this.cfg = cfg;
    this.probe = probe;
  }
  chat(opts) {
    this.probe.llmCall();
    const { cfg, probe } = this;
    const q = new Queue();
    const id = `bench_${++this.n}`;
    let stopped = false;
    const stop = () => {
      stopped = true;
      q.close();
    };
    opts.signal?.addEventListener('abort', stop, { once: true });
    void (async () => {
      if (cfg.ttftMs > 0) await sleep(cfg.ttftMs);
      for (let i = 0; i < cfg.tokens.length && !stopped; i++) {
        if (i > 0 && cfg.tokenIntervalMs > 0) await sleep(cfg.tokenIntervalMs);
        const t0 = now();
        q.push({ id, delta: { role: 'assistant', content: cfg.tokens[i] } });
        probe.fakeTime(now() - t0);
      }
      q.close();
    })();
    return {
      requestId: id,
      [Symbol.asyncIterator]: () => q.iterator(),
      close: async () => {
        opts.signal?.removeEventListener('abort', stop);
        stop();
      },
    };
  }
}

// ---------------------------------------------------------------- fake streaming TTS
// On the first text of a segment: all frames of ttsAudioMs but the last come out at once; the
// last is released (isFinal) when the segment's input is flushed or ended; ending the input
// then ends the stream. probe.ttsFrame() just before each frame is handed to the engine.
class BenchTTS {
  label = 'bench-tts';
  capabilities = { streaming: true, alignedTranscript: false };
  n = 0;
  constructor(audio, probe) {
    this.audio = audio;
    this.sampleRate = audio.sampleRate;
    this.numChannels = audio.channels;
    this.probe = probe;
  }
  makeFrame() {
    const { sampleRate, channels, frameMs } = this.audio;
    const spc = Math.round((sampleRate * frameMs) / 1000);
    return makeFrame(new Int16Array(spc * channels), sampleRate, channels);
  }
  stream(opts = {}) {
    const { probe, audio } = this;
    const nFrames = Math.round(audio.ttsAudioMs / audio.frameMs);
    const requestId = `bench_tts_${++this.n}`;
    const q = new Queue();
    let seg = 0;
    let started = false;
    let held = null;
    const release = () => {
      if (held) {
        const t0 = now();
        probe.ttsFrame();
        q.push({ frame: held, requestId, segmentId: `s${seg}`, isFinal: true });
        probe.fakeTime(now() - t0);
        held = null;
      }
      seg++;
      started = false;
    };
    const abort = () => q.close();
    opts.signal?.addEventListener('abort', abort, { once: true });
    return {
      requestId,
      pushText: (text) => {
        if (started || q.closed || !text) return;
        started = true;
        const t0 = now();
        for (let i = 0; i < nFrames - 1; i++) {
          const frame = this.makeFrame();
          probe.ttsFrame();
          q.push({ frame, requestId, segmentId: `s${seg}`, isFinal: false });
        }
        held = this.makeFrame();
        probe.fakeTime(now() - t0);
      },
      flush: () => release(),
      endInput: () => {
        release();
        q.close();
      },
      close: async () => {
        opts.signal?.removeEventListener('abort', abort);
        q.close();
      },
      [Symbol.asyncIterator]: () => q.iterator(),
    };
  }
}

// ---------------------------------------------------------------- fake streaming STT
// Drains its audio input; the driver injects the user's turn with emitTurn().
class BenchSTT {
  label = 'bench-stt';
  capabilities = { streaming: true, interimResults: false };
  current = undefined;
  framesIn = 0;
  constructor(probe) {
    this.probe = probe;
  }
  stream() {
    const q = new Queue();
    const s = {
      pushFrame: () => void this.framesIn++,
      flush: () => {},
      endInput: () => q.close(),
      close: async () => q.close(),
      [Symbol.asyncIterator]: () => q.iterator(),
      emitTurn: (text) => {
        const alt = { text, language: 'en', startTimeMs: 0, endTimeMs: 0, confidence: 1 };
        const t0 = now();
        q.push({ type: 'start_of_speech', requestId: 'bench', alternatives: [] });
        q.push({ type: 'final_transcript', requestId: 'bench', alternatives: [alt] });
        this.probe.eot();
        q.push({ type: 'end_of_speech', requestId: 'bench', alternatives: [alt] });
        this.probe.fakeTime(now() - t0);
      },
    };
    this.current = s;
    return s;
  }
}

// ---------------------------------------------------------------- fake VAD
// Drains its input; emitSpeech(ms) = probe.vadSpeech(), START_OF_SPEECH, INFERENCE_DONE(ms).
class BenchVAD {
  label = 'bench-vad';
  activationThreshold = 0.5;
  current = undefined;
  constructor(probe, clock) {
    this.probe = probe;
    this.clock = clock;
  }
  stream() {
    const q = new Queue();
    const event = (type, speechMs, speaking) => ({
      type,
      timestamp: this.clock.now(),
      samplesIndex: 0,
      speechDurationMs: speechMs,
      silenceDurationMs: 0,
      probability: speaking ? 1 : 0,
      inferenceDurationMs: 0,
      speaking,
      rawAccumulatedSilenceMs: 0,
      rawAccumulatedSpeechMs: speaking ? speechMs : 0,
      frames: [],
    });
    const s = {
      pushFrame: () => {},
      flush: () => {},
      endInput: () => q.close(),
      close: async () => q.close(),
      [Symbol.asyncIterator]: () => q.iterator(),
      emitSpeech: (ms) => {
        this.probe.vadSpeech();
        q.push(event('start_of_speech', ms, true));
        q.push(event('inference_done', ms, true));
      },
      emitEndOfSpeech: (ms) => {
        q.push(event('end_of_speech', ms, false));
      },
    };
    this.current = s;
    return s;
  }
}

// ---------------------------------------------------------------- fake outputs
// 'instant': a segment finishes playing the moment it is flushed (started at its first frame).
// 'realtime': it finishes its audio duration after its first frame unless clearBuffer() cuts it.
class BenchAudioOutput extends AudioOutput {
  mode = 'instant';
  segOpen = false;
  segSamples = 0;
  segStartedAt = 0;
  flushed = false;
  timer = undefined;
  constructor(sampleRate, probe, clock) {
    super('bench-audio', { pause: false }, null, sampleRate);
    this.probe = probe;
    this.clock = clock;
  }
  async captureFrame(frame) {
    await super.captureFrame(frame);
    this.probe.audioCaptured();
    if (!this.segOpen) {
      this.segOpen = true;
      this.flushed = false;
      this.segSamples = 0;
      this.segStartedAt = now();
      this.onPlaybackStarted({ createdAt: this.clock.now() });
    }
    this.segSamples += frame.samplesPerChannel;
  }
  segMs() {
    return (this.segSamples / (this.sampleRate ?? 24000)) * 1000;
  }
  finishSegment(interrupted, positionMs) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.segOpen) return;
    this.segOpen = false;
    this.probe.playbackFinished(interrupted);
    this.onPlaybackFinished({ playbackPositionMs: positionMs, interrupted, synchronizedTranscript: null });
  }
  flush() {
    super.flush();
    if (!this.segOpen || this.flushed) return;
    this.flushed = true;
    if (this.mode === 'instant') this.finishSegment(false, this.segMs());
    else {
      const remaining = this.segMs() - (now() - this.segStartedAt);
      this.timer = setTimeout(() => this.finishSegment(false, this.segMs()), Math.max(0, remaining));
    }
  }
  clearBuffer() {
    this.probe.clearBuffer();
    if (!this.segOpen) return;
    this.finishSegment(true, Math.min(this.segMs(), now() - this.segStartedAt));
  }
}

class BenchTextOutput extends TextOutput {
  chars = 0;
  constructor() {
    super('bench-text');
  }
  async captureText(text) {
    this.chars += text.length;
  }
  flush() {}
}

// ---------------------------------------------------------------- engine
function sessionOptions(workload, textOnly) {
  const e = workload.engine;
  return {
    turnDetection: textOnly ? 'manual' : 'stt',
    minEndpointingDelayMs: e.endpointingMinDelayMs,
    maxEndpointingDelayMs: e.endpointingMaxDelayMs,
    preemptiveGeneration: e.preemptiveGeneration,
    // interruption by VAD (our engine has no adaptive/model interruption), 500 ms minimum
    allowInterruptions: true,
    minInterruptionDurationMs: e.minInterruptionDurationMs,
    resumeFalseInterruption: false,
    userAwayTimeoutMs: e.userAwayTimeout,
    // aecWarmupMs: our engine has no AEC warm-up
  };
}

/**
 * kind 'voice': STT + VAD + LLM + TTS, audio and text outputs, turn detection 'stt'.
 * kind 'text_only': LLM only, no audio (our engine has no session.run(): generateReply + playout).
 */
export async function createEngine({ workload, probe, kind = 'voice' }) {
  const textOnly = kind === 'text_only';
  const clock = new RealClock();
  const llm = new BenchLLM(workload.llm, probe);
  const tts = textOnly ? null : new BenchTTS(workload.audio, probe);
  const stt = textOnly ? null : new BenchSTT(probe);
  const vad = textOnly ? null : new BenchVAD(probe, clock);
  const session = new AgentSession({
    clock,
    llm,
    tts,
    stt,
    vad,
    options: sessionOptions(workload, textOnly),
  });
  const audioOut = textOnly ? null : new BenchAudioOutput(workload.audio.sampleRate, probe, clock);
  const textOut = textOnly ? null : new BenchTextOutput();
  const agent = new Agent({ instructions: 'You are a benchmark agent.' });

  // event waiters: speech ids as they are created, speeches finishing, agent state changes
  let createdWaiters = [];
  const doneWaiters = new Map();
  let stateWaiters = [];
  const errors = [];
  let errorCount = 0;
  session.onEvent((ev) => {
    if (ev.type === 'speech_created') {
      const w = createdWaiters;
      createdWaiters = [];
      for (const r of w) r(ev.speechId);
    } else if (ev.type === 'speech_lifecycle' && ev.state === 'done') {
      doneWaiters.get(ev.speechId)?.();
      doneWaiters.delete(ev.speechId);
    } else if (ev.type === 'agent_state_changed') {
      const w = stateWaiters;
      stateWaiters = [];
      for (const r of w) r(ev.newState);
    } else if (ev.type === 'error') {
      errorCount++;
      if (errors.length < 5) errors.push(ev);
      if (process.env.BENCH_LOG_LEVEL) console.error('[studio-engine] error event', ev.source, ev.message);
    }
  });
  const nextSpeechId = () => new Promise((r) => createdWaiters.push(r));
  const speechDone = (id) => new Promise((r) => doneWaiters.set(id, r));
  const waitAgentState = async (state) => {
    while (session.agentState !== state) await new Promise((r) => stateWaiters.push(r));
  };
  const settle = async () => {
    await waitAgentState('listening');
    await new Promise((r) => setImmediate(r));
  };

  return {
    name,
    version,
    /** Not part of the contract: lets an ad-hoc script subscribe to engine events while tracing. */
    session,
    async start() {
      await session.start({
        agent,
        audioInput: null,
        audioOutput: audioOut,
        textOutput: textOut,
        syncTranscription: process.env.BENCH_SYNC_TRANSCRIPTION === '1',
      });
      // let the STT / VAD streams be created
      for (let i = 0; i < 100 && stt && (!stt.current || !vad.current); i++) await sleep(1);
      if (stt && (!stt.current || !vad.current))
        throw new Error('studio-engine: STT/VAD streams were not created');
    },

    async textTurn(text) {
      const handle = session.generateReply({ userInput: text });
      await handle.waitForPlayout();
      await settle();
    },

    async sttTurn(text) {
      const created = nextSpeechId();
      stt.current.emitTurn(text);
      const id = await created;
      await speechDone(id);
      await settle();
    },

    async runTurn(text) {
      const handle = session.generateReply({ userInput: text });
      await handle.waitForPlayout();
      await settle();
    },

    async interruptTrial(text, { via, afterFirstFrameMs, vadSpeechDurationMs }) {
      audioOut.mode = 'realtime';
      try {
        const handle = session.generateReply({ userInput: text });
        await probe.firstCapture();
        await sleep(afterFirstFrameMs);
        let interrupting = Promise.resolve();
        if (via === 'api') {
          probe.interruptCalled();
          interrupting = session.interrupt();
        } else {
          vad.current.emitSpeech(vadSpeechDurationMs);
        }
        await probe.clearBufferSeen();
        await interrupting;
        await handle.waitForPlayout();
        if (via === 'vad') vad.current.emitEndOfSpeech(vadSpeechDurationMs);
        await settle();
      } finally {
        audioOut.mode = 'instant';
      }
    },

    async close() {
      await session.close();
      const left = session.pendingWork();
      if (left.length && process.env.BENCH_LOG_LEVEL)
        console.error('[studio-engine] pending after close:', left);
      if (errorCount)
        console.error(
          `[studio-engine] ${errorCount} error event(s), first: ${errors[0].source}: ${errors[0].message}`,
        );
    },
  };
}
