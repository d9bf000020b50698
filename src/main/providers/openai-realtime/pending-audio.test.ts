/**
 * The user may start speaking while the realtime socket is still opening: that audio is kept
 * (bounded by MAX_PENDING_AUDIO_MS, oldest dropped first) and sent once the session is open,
 * after its settings — not silently lost, as it was.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { audioFrames, realtimeRig } from '../testing/realtime-rig';
import { MAX_PENDING_AUDIO_MS } from './session';

type Rig = Awaited<ReturnType<typeof realtimeRig>>;
let rig: Rig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const appendedSamples = (r: Rig): number =>
  r.server
    .eventsOf('input_audio_buffer.append')
    .reduce((n, ev) => n + Buffer.from(String(ev.audio), 'base64').length / 2, 0);

describe('OpenAI Realtime: audio pushed before the socket is open', () => {
  it('is sent once the session is open, after session.update', async () => {
    rig = await realtimeRig();
    const session = rig.model.session();
    for (const f of audioFrames(400, true)) session.pushAudio(f);
    await session.whenOpen();
    await rig.server.waitFor('input_audio_buffer.append');
    await rig.server.waitFor('input_audio_buffer.append', () => appendedSamples(rig!) >= 9600);
    expect(appendedSamples(rig)).toBe(9600); // 400 ms at 24 kHz
    const types = rig.server.received.map((r) => r.event.type);
    expect(types.indexOf('session.update')).toBeLessThan(types.indexOf('input_audio_buffer.append'));
  });

  it(`keeps at most ${MAX_PENDING_AUDIO_MS} ms, dropping the oldest`, async () => {
    rig = await realtimeRig();
    const session = rig.model.session();
    const frames = audioFrames(MAX_PENDING_AUDIO_MS + 1000, false);
    for (const f of frames) session.pushAudio(f);
    await session.whenOpen();
    const kept = (MAX_PENDING_AUDIO_MS * 24000) / 1000;
    await rig.server.waitFor('input_audio_buffer.append', () => appendedSamples(rig!) >= kept);
    expect(appendedSamples(rig)).toBe(kept);
  });
});
