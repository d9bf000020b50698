/**
 * `studio vad` on WAV files with lying headers (issue 8.8): a header outside the limits is one
 * clear line and exit 1, not an internal error; a truncated file is analysed up to what it holds
 * and says so on stderr, keeping stdout pure JSON. The command runs in this process through the
 * dispatcher (commands.test.ts runs the real entry point as a child process).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../main/io/wav';
import { runInProcess } from '../in-process';
import { main } from '../studio';

const dir = mkdtempSync(join(tmpdir(), 'studio-vad-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const vad = (file: string) => runInProcess(main, ['vad', file]);

/** Half a second of 16 kHz mono silence as a canonical WAV (44-byte header). */
const silence = () => Buffer.from(encodeWav({ sampleRate: 16000, channels: 1, data: new Int16Array(8000) }));

describe('studio vad: WAV headers', () => {
  it('refuses a 4 GHz sample rate with one line naming the file, the value and the range', async () => {
    const bytes = silence();
    bytes.writeUInt32LE(4_000_000_000, 24);
    const file = join(dir, 'fast.wav');
    writeFileSync(file, bytes);
    const r = await vad(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `studio vad: ${file}: invalid header: sample rate 4000000000 Hz is outside the supported 8000–192000 Hz\n`,
    );
  });

  it('reads a truncated file up to what it holds, with a warning on stderr', async () => {
    const bytes = silence().subarray(0, 44 + 4000);
    const file = join(dir, 'cut.wav');
    writeFileSync(file, bytes);
    const r = await vad(file);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      `warning: ${file}: truncated: the data chunk declares 16000 bytes (500 ms) but the file holds 4000 (125 ms); read what is present\n`,
    );
    expect(JSON.parse(r.stdout)).toMatchObject({
      sampleRate: 16000,
      channels: 1,
      durationMs: 125,
      segments: [],
    });
  });
});
