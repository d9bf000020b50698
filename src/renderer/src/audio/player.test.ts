import { describe, expect, it } from 'vitest';
import { encodePcm16 } from './pcm';
import { AudioPlayer, type AudioPush } from './player';

/** Just enough of an AudioContext to watch what the player schedules. */
class FakeContext {
  currentTime = 0;
  state: AudioContextState = 'running';
  readonly destination = {};
  readonly started: Array<{ at: number; rate: number; frames: number; channels: number }> = [];
  stopped = 0;
  gainValue = 1;
  closed = false;

  createBuffer(channels: number, frames: number, rate: number) {
    return { channels, frames, rate, copyToChannel: () => undefined };
  }
  createBufferSource() {
    const src = {
      buffer: null as null | { channels: number; frames: number; rate: number },
      onended: null as null | (() => void),
      connect: () => undefined,
      disconnect: () => undefined,
      start: (at: number) => {
        const b = src.buffer as { channels: number; frames: number; rate: number };
        this.started.push({ at, rate: b.rate, frames: b.frames, channels: b.channels });
      },
      stop: () => void (this.stopped += 1),
    };
    return src;
  }
  createGain() {
    const gain = { value: 1, setValueAtTime: (v: number) => void (this.gainValue = gain.value = v) };
    return { gain, connect: () => undefined };
  }
  async resume() {
    this.state = 'running';
  }
  async close() {
    this.closed = true;
    this.state = 'closed';
  }
}

function setup(state: AudioContextState = 'running') {
  const ctx = new FakeContext();
  ctx.state = state;
  const player = new AudioPlayer({
    createContext: () => ctx as unknown as AudioContext,
    gestureTarget: null,
  });
  return { ctx, player };
}

/** `ms` of a tone at `rate` as main pushes it. */
function push(ms: number, rate = 24000, channels = 1): AudioPush {
  const n = Math.round((rate * ms) / 1000) * channels;
  const pcm = Int16Array.from({ length: n }, (_, i) => (i % 2 ? 8000 : -8000));
  return { sessionId: 's', sampleRate: rate, channels, pcm: encodePcm16(pcm) };
}

describe('AudioPlayer', () => {
  it('schedules chunks back to back at their own sample rate and reports level and position', () => {
    const { ctx, player } = setup();
    player.enqueue(push(50));
    ctx.currentTime = 0.02;
    player.enqueue(push(50, 16000));
    player.enqueue(push(50, 48000, 2));
    expect(ctx.started.map((s) => [s.at.toFixed(3), s.rate, s.frames, s.channels])).toEqual([
      ['0.050', 24000, 1200, 1],
      ['0.100', 16000, 800, 1],
      ['0.150', 48000, 2400, 2],
    ]);
    ctx.currentTime = 0.125;
    const s = player.stats();
    expect(s).toMatchObject({ received: 3, scheduled: 3, dropped: 0, underruns: 0, context: 'running' });
    expect(s.playedMs).toBeCloseTo(75, 6);
    expect(s.queuedMs).toBeCloseTo(75, 6);
    expect(s.level).toBeCloseTo((60 + 20 * Math.log10(8000 / 32768)) / 60, 3); // a -12 dBFS square
  });

  it('a cleared push stops what sounds and what is queued; the next chunk starts a new run', () => {
    const { ctx, player } = setup();
    for (let i = 0; i < 4; i++) player.enqueue(push(50));
    ctx.currentTime = 0.07;
    player.enqueue({ sessionId: 's', sampleRate: 24000, channels: 1, pcm: new Uint8Array(0), cleared: true });
    expect(ctx.stopped).toBe(4);
    expect(player.stats()).toMatchObject({ clears: 1, queuedMs: 0, level: 0 });
    expect(player.stats().playedMs).toBeCloseTo(20, 6);
    player.enqueue(push(50));
    expect(ctx.started.at(-1)?.at).toBeCloseTo(0.12, 6);
  });

  it('mutes through the gain, keeps metering', () => {
    const { ctx, player } = setup();
    player.enqueue(push(50));
    player.setMuted(true);
    expect(ctx.gainValue).toBe(0);
    ctx.currentTime = 0.06;
    expect(player.stats()).toMatchObject({ muted: true });
    expect(player.stats().level).toBeGreaterThan(0);
    player.setMuted(false);
    expect(ctx.gainValue).toBe(1);
  });

  it('drops (and counts) chunks while the context may not sound, until a gesture resumes it', async () => {
    const { ctx, player } = setup('suspended');
    player.enqueue(push(50));
    expect(player.stats()).toMatchObject({ received: 1, scheduled: 0, dropped: 1, context: 'suspended' });
    await player.resume();
    player.enqueue(push(50));
    expect(player.stats()).toMatchObject({ received: 2, scheduled: 1, dropped: 1, context: 'running' });
    player.close();
    expect(ctx.closed).toBe(true);
  });
});
