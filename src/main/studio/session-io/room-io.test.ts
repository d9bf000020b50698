import { describe, expect, it } from 'vitest';
import { LiveKitConfigSchema } from '../../../shared/config';
import { RoomAudioOutput } from '../../io/livekit-output';
import type { RoomConnection } from '../../io/livekit-room';
import { RendererMicInput } from '../../io/renderer-mic-input';
import { ioConfig, ioRig } from './testing/io-rig';
import { openRoom, type RoomJoiner } from './room-io';

const LIVEKIT = LiveKitConfigSchema.parse({ url: 'wss://example.livekit.cloud', room: 'studio' });

function fakeJoiner(opts: { failLeave?: boolean } = {}) {
  const made = { joins: 0, leaves: 0, input: null as RendererMicInput | null };
  const join: RoomJoiner = async (config, ctx) => {
    made.joins += 1;
    ctx.events.emit({ type: 'warning', source: 'livekit', message: `livekit: joined ${config.room}` });
    const input = new RendererMicInput({
      label: 'fake room',
      now: () => ctx.clock.now(),
      onWarning: () => {},
    });
    made.input = input;
    const output = new RoomAudioOutput(ctx.clock, { write: async () => undefined, clear: () => undefined });
    const room: RoomConnection = {
      url: config.url,
      room: config.room,
      input,
      output,
      disconnect: async () => {
        made.leaves += 1;
        input.end();
        output.dispose();
        if (opts.failLeave) throw new Error('socket gone');
      },
    };
    return room;
  };
  return { made, join };
}

describe('RoomIO', () => {
  it('hears the room, speaks into it, ends its input on end, and leaves the room once on release', async () => {
    const r = ioRig();
    const room = fakeJoiner();
    r.ctx.joinRoom = room.join;
    const { io } = await openRoom(ioConfig({ inputMode: 'livekit', livekit: LIVEKIT }), LIVEKIT, r.ctx);
    expect(io.audioInput).toBe(room.made.input);
    expect(io.audioOutput).toBeInstanceOf(RoomAudioOutput);
    expect(io.mic).toBeNull();
    // The room's own events, then what the providers cannot hear (as livekit).
    expect(r.events.map((e) => [e.type, 'source' in e ? e.source : null])).toEqual([
      ['warning', 'livekit'],
      ['warning', 'livekit'],
      ['warning', 'livekit'],
    ]);
    expect(r.events[1]).toMatchObject({ message: expect.stringMatching(/^livekit: /) });
    await io.start(r.control);
    io.end();
    io.halt();
    await io.release();
    expect(room.made).toMatchObject({ joins: 1, leaves: 1 });
    expect(r.providers.closed).toBe(1);
    expect(io.pendingWork()).toEqual([]);
  });

  it('a room it cannot leave is a warning, and the providers are still closed', async () => {
    const r = ioRig();
    const room = fakeJoiner({ failLeave: true });
    r.ctx.joinRoom = room.join;
    const { io } = await openRoom(ioConfig({ inputMode: 'livekit', livekit: LIVEKIT }), LIVEKIT, r.ctx);
    io.halt();
    await io.release();
    expect(r.events.at(-1)).toMatchObject({
      type: 'warning',
      source: 'livekit',
      message: 'leaving the LiveKit room failed: socket gone',
    });
    expect(r.providers.closed).toBe(1);
  });

  it('without a room joiner it refuses to open and closes the providers', async () => {
    const r = ioRig();
    await expect(openRoom(ioConfig(), LIVEKIT, r.ctx)).rejects.toThrow('no room joiner');
    expect(r.providers.closed).toBe(1);
  });
});
