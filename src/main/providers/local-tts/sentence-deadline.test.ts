/**
 * The local TTS's per-sentence deadlines, on the virtual clock, with fake engines that hang:
 * one that never writes audio, one that writes some and then hangs. The engine process is real
 * (so the kill is real); only the deadlines' time is virtual.
 */
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../engine/base/virtual-clock';
import { waitFor } from '../testing/wait-for';
import { LocalTtsError } from './engine-process';
import { LocalTTS } from './local-tts';
import { testDir } from '../../../../tests/fixtures/temp-dirs';

function script(body: string): string {
  const dir = testDir('local-tts-deadline-');
  const path = join(dir, 'fake-engine');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

/** A streaming 22.05 kHz mono WAV header (sizes unknown, as espeak-ng writes it). */
const WAV_HEADER =
  'RIFF\\377\\377\\377\\377WAVEfmt \\020\\000\\000\\000\\001\\000\\001\\000\\042\\126\\000\\000\\104\\254\\000\\000\\002\\000\\020\\000data\\377\\377\\377\\377';

let clock: VirtualClock;
beforeEach(() => {
  clock = new VirtualClock();
});

/** Speaks one sentence; `seen.frames` counts the frames as they come. */
async function speak(tts: LocalTTS, seen = { frames: 0 }): Promise<{ frames: number; error: unknown }> {
  try {
    for await (const _ of tts.synthesizeFrames('Hello there.', new AbortController().signal))
      seen.frames += 1;
    return { frames: seen.frames, error: undefined };
  } catch (error) {
    return { frames: seen.frames, error };
  }
}

describe('LocalTTS deadlines', () => {
  it('an engine that writes no audio is killed at firstTokenTimeoutMs, naming the setting', async () => {
    const tts = new LocalTTS({
      engine: 'espeak-ng',
      binaryPath: script('cat > /dev/null; exec sleep 30'),
      clock,
      firstTokenTimeoutMs: 3000,
      settingPrefix: 'providers.tts[1]',
    });
    const result = speak(tts);
    await waitFor(() => tts.runningProcessIds().length === 1, 'the engine to start');
    await clock.advance(2999);
    expect(tts.runningProcessIds()).toHaveLength(1);
    await clock.advance(1);
    const { frames, error } = await result;
    expect(frames).toBe(0);
    expect(error).toBeInstanceOf(LocalTtsError);
    expect((error as Error).message).toBe(
      'local tts: espeak-ng wrote no audio within 3000 ms (providers.tts[1].firstTokenTimeoutMs) and was stopped: check that it runs from a terminal, or raise providers.tts[1].firstTokenTimeoutMs',
    );
    expect(tts.runningProcessIds()).toEqual([]);
  });

  it('an engine that starts speaking and then hangs is killed at totalTimeoutMs', async () => {
    const tts = new LocalTTS({
      engine: 'espeak-ng',
      binaryPath: script(`cat > /dev/null; printf '${WAV_HEADER}'; head -c 4000 /dev/zero; exec sleep 30`),
      clock,
      firstTokenTimeoutMs: 1000,
      totalTimeoutMs: 5000,
    });
    const seen = { frames: 0 };
    const result = speak(tts, seen);
    // The audio arrives (real I/O) before the clock moves past the first-audio deadline.
    await waitFor(() => seen.frames > 0, 'the first audio');
    await clock.advance(4999);
    expect(tts.runningProcessIds()).toHaveLength(1);
    await clock.advance(1);
    const { frames, error } = await result;
    expect(frames).toBeGreaterThan(0);
    expect((error as Error).message).toContain(
      'espeak-ng did not finish the sentence within 5000 ms (providers.tts.totalTimeoutMs)',
    );
    expect(tts.runningProcessIds()).toEqual([]);
  });
});
