/**
 * The local TTS against the real espeak-ng (CI installs it, see .ci/run): audio, order, rate,
 * cancellation down to the operating system's process table, and the failure messages.
 */
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { frameDurationMs, type AudioFrame } from '../../engine/audio/frame';
import { RealClock } from '../../engine/base/clock';
import type { SynthesizedAudio, SynthesizeStream } from '../../engine/tts/tts';
import { LocalTtsError } from './engine-process';
import { LocalTTS, createLocalTts, detectLocalTts } from './local-tts';
import type { TtsMetrics } from './synthesize-stream';
import { testDir } from '../../../../tests/fixtures/temp-dirs';

/** Minutes of speech that espeak-ng needs over a second to write: it is still running when killed. */
const LONG_SENTENCE = Array(200)
  .fill('and this clause goes on and on without ever reaching a full stop')
  .join(', ');

async function speak(stream: SynthesizeStream, text: string[]): Promise<SynthesizedAudio[]> {
  for (const t of text) stream.pushText(t);
  stream.endInput();
  const out: SynthesizedAudio[] = [];
  for await (const a of stream) out.push(a);
  return out;
}

function totalMs(items: SynthesizedAudio[]): number {
  return items.reduce((sum, i) => sum + frameDurationMs(i.frame), 0);
}

function peak(frames: AudioFrame[]): number {
  let p = 0;
  for (const f of frames) for (const s of f.data) p = Math.max(p, Math.abs(s));
  return p;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

function script(body: string): string {
  const dir = testDir('local-tts-');
  const path = join(dir, 'fake-engine');
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('LocalTTS with espeak-ng', () => {
  it('synthesizes non-silent 22.05 kHz PCM of plausible duration, in 20 ms frames', async () => {
    const metrics: TtsMetrics[] = [];
    const tts = new LocalTTS({ onMetrics: (m) => metrics.push(m) });
    expect(tts.sampleRate).toBe(22050);
    const items = await speak(tts.stream(), ['The quick brown fox ', 'jumps over the lazy dog.']);
    const frames = items.map((i) => i.frame);
    expect(frames.every((f) => f.sampleRate === 22050 && f.channels === 1)).toBe(true);
    expect(frames.slice(0, -1).every((f) => f.samplesPerChannel === 441)).toBe(true);
    // Nine words at espeak's default 175 words per minute, plus its padding: about 2-3 s.
    const ms = totalMs(items);
    expect(ms).toBeGreaterThan(1500);
    expect(ms).toBeLessThan(5000);
    expect(peak(frames)).toBeGreaterThan(3000);
    // Speech, not a constant: many distinct sample values.
    expect(new Set(frames.flatMap((f) => [...f.data])).size).toBeGreaterThan(1000);
    expect(items.filter((i) => i.isFinal)).toEqual([items[items.length - 1]]);
    expect(metrics).toHaveLength(1);
    expect(metrics[0]).toMatchObject({
      type: 'tts',
      label: 'local-tts.espeak-ng',
      cancelled: false,
      streamed: true,
    });
    expect(metrics[0].charactersCount).toBe('The quick brown fox jumps over the lazy dog.'.length);
    expect(metrics[0].audioDurationMs).toBeCloseTo(ms, 6);
    expect(metrics[0].ttfbMs).toBeGreaterThanOrEqual(0);
    expect(metrics[0].durationMs).toBeGreaterThanOrEqual(metrics[0].ttfbMs);
    expect(tts.runningProcessIds()).toEqual([]);
    expect(tts.openStreams()).toEqual([]);
  });

  it('speaks the sentences one after another in the order they were pushed', async () => {
    const spoken: Array<{ text: string; frames: number }> = [];
    const owner = new Map<AudioFrame, number>();
    class Recording extends LocalTTS {
      override async *synthesizeFrames(text: string, signal: AbortSignal): AsyncGenerator<AudioFrame> {
        const entry = { text, frames: 0 };
        const index = spoken.push(entry) - 1;
        for await (const f of super.synthesizeFrames(text, signal)) {
          entry.frames += 1;
          owner.set(f, index);
          yield f;
        }
      }
    }
    // Each at least 20 characters: shorter sentences are merged with the next, as upstream does.
    const texts = [
      'This first one is short.',
      ' This second sentence is quite a bit longer than the first.',
      ' The third one, the last.',
    ];
    const items = await speak(new Recording().stream(), texts);
    expect(spoken.map((s) => s.text)).toEqual(texts.map((t) => t.trim()));
    const order = items.map((i) => owner.get(i.frame));
    expect(order).toEqual(spoken.flatMap((s, i) => Array<number>(s.frames).fill(i)));
    // The longer sentence really is longer audio: the frames are that sentence's.
    expect(spoken[1].frames).toBeGreaterThan(spoken[0].frames * 2);
  });

  it('streams: frames are yielded as the engine writes them, not when it has finished', async () => {
    // A fake engine that writes a WAV header and 200 ms of audio, then stalls for 30 s.
    const engine = script(
      `exec "${process.execPath}" -e '` +
        'const h = Buffer.alloc(44); h.write("RIFF", 0); h.writeUInt32LE(0x7ffff000, 4); h.write("WAVEfmt ", 8);' +
        'h.writeUInt32LE(16, 16); h.writeUInt16LE(1, 20); h.writeUInt16LE(1, 22); h.writeUInt32LE(22050, 24);' +
        'h.writeUInt32LE(44100, 28); h.writeUInt16LE(2, 32); h.writeUInt16LE(16, 34); h.write("data", 36);' +
        'h.writeUInt32LE(0x7ffff000, 40); process.stdout.write(Buffer.concat([h, Buffer.alloc(8820, 1)]));' +
        "setTimeout(() => {}, 30000);'",
    );
    const tts = new LocalTTS({ binaryPath: engine });
    const stream = tts.stream();
    stream.pushText('Anything at all.');
    stream.endInput();
    const it = stream[Symbol.asyncIterator]();
    const frames: AudioFrame[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await it.next();
      if (!r.done) frames.push(r.value.frame);
    }
    expect(frames).toHaveLength(5);
    expect(frames.every((f) => f.samplesPerChannel === 441 && f.data[0] === 257)).toBe(true);
    expect(tts.runningProcessIds()).toHaveLength(1);
    await stream.close();
    expect(tts.runningProcessIds()).toEqual([]);
  });

  it('close kills the engine process and waits for it: no zombie, no orphan', async () => {
    const metrics: TtsMetrics[] = [];
    const tts = new LocalTTS({ onMetrics: (m) => metrics.push(m) });
    const stream = tts.stream();
    stream.pushText(LONG_SENTENCE);
    stream.endInput();
    const it = stream[Symbol.asyncIterator]();
    await it.next();
    const [pid] = tts.runningProcessIds();
    expect(pid).toBeGreaterThan(0);
    expect(alive(pid)).toBe(true);
    await stream.close();
    expect(tts.runningProcessIds()).toEqual([]);
    // Reaped, not a zombie: the process table has no entry at all.
    expect(alive(pid)).toBe(false);
    expect(existsSync(`/proc/${pid}`)).toBe(false);
    expect(metrics).toHaveLength(1);
    expect(metrics[0].cancelled).toBe(true);
    expect(tts.openStreams()).toEqual([]);
  });

  it('aborting the signal passed to stream() ends the audio and kills the process', async () => {
    const tts = new LocalTTS();
    const ctrl = new AbortController();
    const stream = tts.stream({ signal: ctrl.signal });
    stream.pushText(LONG_SENTENCE);
    stream.endInput();
    const items: SynthesizedAudio[] = [];
    for await (const a of stream) {
      items.push(a);
      if (items.length === 3) ctrl.abort();
    }
    expect(totalMs(items)).toBeLessThan(5000);
    await stream.close();
    expect(tts.runningProcessIds()).toEqual([]);
  });

  it('a faster rate gives shorter audio; the voice option reaches the engine', async () => {
    const text = ['One two three four five six seven eight nine ten.'];
    const slow = totalMs(await speak(new LocalTTS({ rate: 90 }).stream(), text));
    const fast = totalMs(await speak(new LocalTTS({ rate: 300 }).stream(), text));
    expect(slow).toBeGreaterThan(fast * 1.8);
    const viaConfig = createLocalTts({ provider: 'local', rate: 300 });
    expect(totalMs(await speak(viaConfig.stream(), text))).toBe(fast);
    const pcm = async (voice?: string): Promise<number[]> =>
      (await speak(new LocalTTS({ voice }).stream(), text)).flatMap((i) => [...i.frame.data]);
    const english = await pcm();
    expect(await pcm()).toEqual(english); // the engine is deterministic, so a difference is the voice
    expect(await pcm('fr')).not.toEqual(english);
  });

  it('measures with the injected clock', async () => {
    const real = new RealClock();
    const clock = {
      now: () => 1_000_000 + real.now(),
      setTimer: real.setTimer.bind(real),
      sleep: real.sleep.bind(real),
    };
    const metrics: TtsMetrics[] = [];
    await speak(new LocalTTS({ clock, onMetrics: (m) => metrics.push(m) }).stream(), ['Hello.']);
    expect(metrics[0].timestamp).toBeGreaterThan(1_000_000);
  });
});

describe('LocalTTS failures', () => {
  it('a missing binary gives the clear error naming the provider, the setting and the install command', async () => {
    const tts = new LocalTTS({ binaryPath: '/nonexistent/bin/espeak-ng' });
    const err: unknown = await speak(tts.stream(), ['Hello.']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LocalTtsError);
    const msg = (err as Error).message;
    expect(msg).toContain('espeak-ng not found (looked for "/nonexistent/bin/espeak-ng")');
    expect(msg).toContain('sudo apt-get install espeak-ng');
    expect(msg).toContain('providers.tts.provider');
    expect(tts.runningProcessIds()).toEqual([]);
  });

  it('an engine that fails reports its exit code and stderr', async () => {
    const tts = new LocalTTS({ binaryPath: script('echo "voice data missing" >&2; exit 3') });
    const err: unknown = await speak(tts.stream(), ['Hello.']).catch((e: unknown) => e);
    expect((err as Error).message).toBe('espeak-ng exited with code 3: voice data missing');
  });

  it('an engine that writes something other than WAV is an error, not noise', async () => {
    const tts = new LocalTTS({ binaryPath: script('echo "this is not audio at all"') });
    const err: unknown = await speak(tts.stream(), ['Hello.']).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^espeak-ng: invalid WAV stream: expected a RIFF\/WAVE header/);
  });

  it('an engine that writes nothing is reported', async () => {
    const tts = new LocalTTS({ binaryPath: script('cat > /dev/null') });
    const err: unknown = await speak(tts.stream(), ['Hello.']).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /espeak-ng produced no audio: invalid WAV stream: the stream was empty/,
    );
  });

  it('rejects options that cannot work', () => {
    expect(() => new LocalTTS({ rate: 0 })).toThrow(/rate must be positive/);
    expect(() => new LocalTTS({ frameMs: 0 })).toThrow(/frameMs/);
  });
});

describe('detectLocalTts', () => {
  it('finds espeak-ng here and reports its version', async () => {
    const found = await detectLocalTts({ platform: 'linux' });
    expect(found).toMatchObject({ available: true, engine: 'espeak-ng' });
    if (found.available) {
      expect(found.path).toMatch(/espeak/);
      expect(found.version).toMatch(/eSpeak/i);
    }
  });

  it('says what is missing and how to install it', async () => {
    const missing = await detectLocalTts({ platform: 'linux', env: { PATH: '/nonexistent' } });
    expect(missing.available).toBe(false);
    if (!missing.available) expect(missing.reason).toMatch(/espeak-ng not found.*apt-get install espeak-ng/);
    const broken = await detectLocalTts({ platform: 'linux', binaryPath: script('exit 1') });
    expect(broken.available).toBe(false);
    if (!broken.available) expect(broken.reason).toMatch(/--version` failed/);
  });

  it('names the engine of other platforms', async () => {
    const mac = await detectLocalTts({ platform: 'darwin', env: { PATH: '/nonexistent' } });
    expect(mac).toMatchObject({ available: false, engine: 'say' });
    const win = await detectLocalTts({ platform: 'win32', env: { PATH: 'C:\\nonexistent' } });
    expect(win).toMatchObject({ available: false, engine: 'sapi' });
  });
});
