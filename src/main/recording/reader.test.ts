import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRecordingWriter, openRecording } from './index';
import {
  eventAt,
  manifestFor,
  scratch,
  STARTED_AT_MS,
  writeFolder,
  writerOptions,
} from './testing/recordings';

async function recordingWithAudio() {
  const dir = scratch();
  const w = createRecordingWriter(writerOptions(dir));
  for (let i = 0; i < 10; i++) w.pushEvent(eventAt(i, 1000 + i * 100));
  w.pushAudio('user', 1000, { data: new Int16Array(1600).fill(3), sampleRate: 16000, channels: 1 });
  w.pushAudio('agent', 1200, { data: new Int16Array(2400).fill(4), sampleRate: 24000, channels: 1 });
  await w.close({ reason: 'stopped', endT: 3000, endedAtMs: STARTED_AT_MS + 2000 });
  return { dir, id: w.id, folder: w.path };
}

describe('opening damaged recordings', () => {
  it('a corrupted line: opens up to it, saying which line and when the recording ends', async () => {
    const dir = scratch();
    const id = '20260102-030405-session_bad';
    writeFolder(dir, id, 3000, manifestFor(id, { startedAtT: 0 }));
    const file = join(dir, id, 'events.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[2500] = '{"t": 25000, "type": "vad_inference", oops}';
    writeFileSync(file, lines.join('\n'));
    const rec = await openRecording(dir, id);
    expect(rec.eventCount).toBe(2500);
    expect(rec.notices).toEqual([
      expect.stringMatching(
        /events\.jsonl: line 2501 is not valid JSON .*; the recording ends at line 2500 \(0:25\.0\)/,
      ),
      expect.stringMatching(/the manifest says 0 events, the file holds 2500 readable/),
    ]);
    expect(await rec.readEvents(2498, 10)).toEqual([eventAt(2498, 24_980), eventAt(2499, 24_990)]);
    expect(await rec.readEventsInTime(24_990, 1e9)).toEqual([eventAt(2499, 24_990)]);
  });

  it('an event without a numeric time is where the recording ends', async () => {
    const dir = scratch();
    const id = '20260102-030405-session_t';
    writeFolder(dir, id, 5, manifestFor(id));
    writeFileSync(join(dir, id, 'events.jsonl'), '{"type":"close","t":"soon"}\n', { flag: 'a' });
    const rec = await openRecording(dir, id);
    expect(rec.eventCount).toBe(5);
    expect(rec.notices[0]).toMatch(
      /line 6 is an event without a numeric time "t"; the recording ends at line 5 \(0:00\.0\)/,
    );
  });

  it('a missing WAV: events replay, a notice, and that track reads as null', async () => {
    const { dir, id, folder } = await recordingWithAudio();
    rmSync(join(folder, 'agent.wav'));
    const rec = await openRecording(dir, id);
    expect(rec.eventCount).toBe(10);
    expect(rec.notices).toEqual([
      expect.stringMatching(/agent\.wav: cannot be opened .*the agent track is not played/),
    ]);
    expect(await rec.readAudio('agent', 1200, 100)).toBeNull();
    expect((await rec.readAudio('user', 1000, 100))!.data).toEqual(new Int16Array(1600).fill(3));
    expect(rec.summary.hasAudio).toEqual({ user: true, agent: false });
  });

  it('a damaged WAV header: a notice naming the file, the track reads as null', async () => {
    const { dir, id, folder } = await recordingWithAudio();
    const wav = readFileSync(join(folder, 'user.wav'));
    wav.write('JUNK', 0, 'ascii');
    writeFileSync(join(folder, 'user.wav'), wav);
    const rec = await openRecording(dir, id);
    expect(rec.notices).toEqual([
      expect.stringMatching(/user\.wav: not a PCM16 WAV file \(no RIFF\/WAVE header\)/),
    ]);
    expect(await rec.readAudio('user', 1000, 100)).toBeNull();
    expect((await rec.readAudio('agent', 1200, 100))!.data).toEqual(new Int16Array(2400).fill(4));
  });

  it('audio reads outside the track are clipped to it; bad ranges are refused', async () => {
    const { dir, id } = await recordingWithAudio();
    const rec = await openRecording(dir, id);
    const before = (await rec.readAudio('user', 0, 1050))!;
    expect(before).toMatchObject({ startT: 1000 });
    expect(before.data.length).toBe(800);
    expect((await rec.readAudio('user', 5000, 100))!.data.length).toBe(0);
    await expect(rec.readAudio('user', Number.NaN, 10)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(rec.readAudio('user', 0, -1)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(rec.readEvents(-1, 2)).rejects.toMatchObject({ code: 'invalid_input' });
    await rec.close();
    await expect(rec.readEvents(0, 2)).rejects.toThrow(/was closed/);
  });

  it('a manifest naming a track file outside its folder is not followed', async () => {
    const { dir, id, folder } = await recordingWithAudio();
    const m = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8'));
    m.audio.user.file = '../../etc/passwd';
    writeFileSync(join(folder, 'manifest.json'), JSON.stringify(m));
    const rec = await openRecording(dir, id);
    expect(rec.notices).toEqual([
      expect.stringMatching(/user track file "\.\.\/\.\.\/etc\/passwd" is not "user\.wav"; not played/),
    ]);
    expect(await rec.readAudio('user', 1000, 10)).toBeNull();
  });
});
