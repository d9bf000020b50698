import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/engine-events';
import { RecordingManifestSchema } from '../../shared/recording';
import { createRecordingWriter, listRecordings, openRecording } from './index';
import { eventAt, scratch, statsOf, STARTED_AT_MS, untilLines, writerOptions } from './testing/recordings';

const mono = (n: number, v: number) => new Int16Array(n).fill(v);

describe('recording writer and reader', () => {
  it('writes a folder the reader opens with the same events and audio on the event clock', async () => {
    const dir = join(scratch(), 'recordings');
    const w = createRecordingWriter(writerOptions(dir));
    expect(w.id).toBe('20260102-030405-session_ab12cd34');
    const events: EngineEvent[] = [];
    for (let i = 0; i < 2500; i++) {
      const ev = eventAt(i, 1000 + i * 10);
      events.push(ev);
      w.pushEvent(ev);
    }
    // user: 16 kHz from t=1000; a 90 ms gap; a stereo chunk; a 48 kHz chunk (resampled).
    w.pushAudio('user', 1000, { data: mono(160, 100), sampleRate: 16000, channels: 1 });
    w.pushAudio('user', 1100, { data: mono(160, 200), sampleRate: 16000, channels: 1 });
    const stereo = new Int16Array(320);
    for (let i = 0; i < 320; i += 2) [stereo[i], stereo[i + 1]] = [300, 500];
    w.pushAudio('user', 1200, { data: stereo, sampleRate: 16000, channels: 2 });
    w.pushAudio('user', 1300, { data: mono(4800, 1000), sampleRate: 48000, channels: 1 });
    // agent: 24 kHz, starting at 2000, then again after 1.5 s of silence.
    w.pushAudio('agent', 2000, { data: mono(2400, 7), sampleRate: 24000, channels: 1 });
    w.pushAudio('agent', 3600, { data: mono(240, 9), sampleRate: 24000, channels: 1 });
    await w.close({ reason: 'stopped', endT: 26_000, endedAtMs: STARTED_AT_MS + 25_000 });

    // Private: the folder 0700, every file 0600.
    expect(statSync(w.path).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(w.path))
      expect([f, statSync(join(w.path, f)).mode & 0o777]).toEqual([f, 0o600]);
    expect(readdirSync(w.path).sort()).toEqual([
      'agent.wav',
      'events.idx',
      'events.jsonl',
      'manifest.json',
      'user.wav',
    ]);

    const manifest = RecordingManifestSchema.parse(
      JSON.parse(readFileSync(join(w.path, 'manifest.json'), 'utf8')),
    );
    expect(manifest).toMatchObject({
      id: w.id,
      startedAt: '2026-01-02T03:04:05.000Z',
      endedAt: '2026-01-02T03:04:30.000Z',
      endReason: 'stopped',
      durationMs: 25_000,
      audio: {
        user: { file: 'user.wav', sampleRate: 16000, channels: 1, offsetMs: 1000 },
        agent: { file: 'agent.wav', sampleRate: 24000, channels: 1, offsetMs: 2000 },
      },
      stats: statsOf(events),
      title: 'Greeter: hello 1',
    });
    expect(manifest.stats).toMatchObject({
      turns: 25,
      interruptions: 10,
      falseInterruptions: 5,
      toolCalls: 9,
      errors: 4,
    });
    // The config went through the redactor.
    expect(JSON.stringify(manifest.config)).not.toContain('sk-abcdefghijklmnop');
    // One index line every 1,000 events, pointing at the event's first byte.
    const text = readFileSync(join(w.path, 'events.jsonl'), 'utf8');
    const idx = readFileSync(join(w.path, 'events.idx'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(idx.map((l) => l.slice(0, 1))).toEqual([[0], [1000], [2000]]);
    for (const [n, off, t] of idx) {
      expect(JSON.parse(Buffer.from(text).subarray(off).toString().split('\n')[0])).toEqual(events[n]);
      expect(t).toBe(events[n].t);
    }

    const rec = await openRecording(dir, w.id);
    expect(rec.notices).toEqual([]);
    expect(rec.eventCount).toBe(2500);
    expect(await rec.readEvents(0, 2500)).toEqual(events);
    expect(await rec.readEvents(999, 3)).toEqual(events.slice(999, 1002));
    expect(await rec.readEvents(2499, 10)).toEqual(events.slice(2499));
    expect(await rec.readEventsInTime(11_000, 11_050)).toEqual(events.slice(1000, 1005));
    const all: EngineEvent[] = [];
    for await (const e of rec.events()) all.push(e);
    expect(all).toEqual(events);

    // Sample n plays at offsetMs + n * 1000 / rate: the gap 1010-1100 ms is silence.
    const user = (await rec.readAudio('user', 1000, 400))!;
    expect(user).toMatchObject({ sampleRate: 16000, channels: 1, startT: 1000 });
    // 400 ms at 16 kHz, less what the resampler still held when the track ended.
    expect(user.data.length).toBeGreaterThan(6390);
    expect(user.data.length).toBeLessThanOrEqual(6400);
    expect([user.data[0], user.data[159], user.data[160], user.data[1599]]).toEqual([100, 100, 0, 0]);
    expect([user.data[1600], user.data[1759], user.data[1760]]).toEqual([200, 200, 0]);
    expect([user.data[3200], user.data[3359]]).toEqual([400, 400]); // stereo averaged
    expect([user.data[4799], user.data[4800], user.data[5600]]).toEqual([0, 1000, 1000]); // 48 kHz resampled, placed at 1300 ms
    const at1100 = (await rec.readAudio('user', 1100, 10))!;
    expect(at1100.startT).toBe(1100);
    expect(Array.from(at1100.data)).toEqual(Array(160).fill(200));
    const agent = (await rec.readAudio('agent', 3590, 20))!;
    expect(agent.startT).toBe(3590);
    expect([agent.data[0], agent.data[239], agent.data[240], agent.data[479]]).toEqual([0, 0, 9, 9]);
    expect(rec.summary).toMatchObject({
      id: w.id,
      endReason: 'stopped',
      durationMs: 25_000,
      turns: 25,
      eventCount: 2500,
    });

    const listed = await listRecordings(dir);
    expect(listed.problems).toEqual([]);
    expect(listed.recordings).toEqual([rec.summary]);
    expect(listed.recordings[0]).toMatchObject({
      hasAudio: { user: true, agent: true },
      version: 2,
      inputKind: 'demo',
    });
  });

  it('killed mid-write: readable up to the last complete line, WAV repaired, listed as crashed with its duration', async () => {
    const dir = scratch();
    const w = createRecordingWriter(writerOptions(dir));
    const events: EngineEvent[] = [];
    for (let i = 0; i < 1500; i++) {
      events.push(eventAt(i, 1000 + i * 10));
      w.pushEvent(events[i]);
    }
    w.pushAudio('user', 1000, { data: mono(1600, 5), sampleRate: 16000, channels: 1 });
    await untilLines(join(w.path, 'events.jsonl'), 1500);
    await untilSize(join(w.path, 'user.wav'), 44 + 3200);
    // The process dies here: no close. A crash also cuts the line being written.
    const { appendFileSync } = await import('node:fs');
    appendFileSync(join(w.path, 'events.jsonl'), '{"t":16000,"type":"vad_inf');

    const listed = await listRecordings(dir);
    expect(listed.recordings).toHaveLength(1);
    expect(listed.recordings[0]).toMatchObject({
      endReason: 'crashed',
      durationMs: 14_990,
      eventCount: 1500,
      turns: statsOf(events).turns,
    });

    const rec = await openRecording(dir, w.id);
    expect(rec.eventCount).toBe(1500);
    expect(await rec.readEvents(1495, 10)).toEqual(events.slice(1495));
    expect(rec.manifest).toMatchObject({ endReason: 'crashed', durationMs: 14_990, stats: statsOf(events) });
    expect(rec.notices).toEqual([
      expect.stringMatching(/events\.jsonl: line 1501 is cut short .*ends at line 1500 \(0:15\.0\)/),
      expect.stringMatching(/user\.wav: header repaired \(header said 0 data bytes, the file holds 3200/),
    ]);
    const header = readFileSync(join(w.path, 'user.wav')).subarray(0, 44);
    expect([header.readUInt32LE(4), header.readUInt32LE(40)]).toEqual([36 + 3200, 3200]);
    const audio = (await rec.readAudio('user', 1000, 100))!;
    expect(Array.from(audio.data)).toEqual(Array(1600).fill(5));
    expect(await rec.readAudio('agent', 1000, 100)).toBeNull();
    await w.close({ reason: 'stopped', endT: 20_000, endedAtMs: STARTED_AT_MS + 20_000 });
  });

  it('pushes after close are ignored and close twice is one close', async () => {
    const dir = scratch();
    const w = createRecordingWriter(writerOptions(dir));
    w.pushEvent(eventAt(0, 1000));
    const end = { reason: 'closed', endT: 2000, endedAtMs: STARTED_AT_MS + 1000 } as const;
    const a = w.close(end);
    w.pushEvent(eventAt(1, 1500));
    w.pushAudio('user', 1500, { data: mono(16, 1), sampleRate: 16000, channels: 1 });
    expect(w.close(end)).toBe(a);
    await a;
    const rec = await openRecording(dir, w.id);
    expect(rec.eventCount).toBe(1);
    expect(rec.manifest.audio.user).toBeNull();
  });
});

async function untilSize(file: string, bytes: number): Promise<void> {
  const { vi } = await import('vitest');
  await vi.waitFor(
    () => {
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) < bytes)
        throw new Error(`${file} < ${bytes} bytes`);
    },
    { timeout: 10_000, interval: 5 },
  );
}
