import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pcm16ToBytes } from '../../shared/binary-audio';
import type { StudioConfigInput } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import { timedVad } from '../engine/testing';
import { tableLlm } from '../providers/simulated';
import { openRecording } from '../recording';
import type { RecordingWriter } from '../recording/api';
import { scenarioTts } from '../simulation/scenario-providers';
import { tempDirs } from '../../../tests/fixtures/temp-dirs';
import { hostRig, scriptedProviders } from './testing/host-rig';
import type { ProviderFactory } from './session-providers';
import { recordingEndReason } from './session-recording';

const REPLY = 'Hi! The weather is lovely today.';
const textConfig: StudioConfigInput = {
  inputMode: 'text',
  providers: {
    llm: {
      provider: 'simulated',
      ttftMs: 200,
      tokensPerSecond: 40,
      responses: [{ input: 'hello there', content: REPLY }],
    },
  },
};
const textTts = scriptedProviders([{ input: REPLY, audioDurationMs: 1500, ttfbMs: 100, durationMs: 200 }]);
const tmp = tempDirs('studio-recordings-');

/** A microphone session's providers: a scripted VAD (so the engine reads the input), no STT. */
const micProviders: ProviderFactory = async (config, deps) => {
  const llm = Array.isArray(config.providers.llm) ? config.providers.llm[0] : config.providers.llm;
  if (llm.provider !== 'simulated') throw new Error('simulated LLM only');
  return {
    llm: tableLlm(llm, deps.clock),
    tts: scenarioTts(deps.clock, []),
    stt: null,
    vad: timedVad(deps.clock, []),
    caller: null,
    warnings: [],
    close: async () => undefined,
  };
};

async function textSession(dir: string, extra: StudioConfigInput = {}) {
  const r = hostRig({ createProviders: textTts, recordingsDir: dir });
  const started = await r.drive(r.host.handlers.startSession({ config: { ...textConfig, ...extra } }));
  if (!started.ok) throw new Error(started.error.message);
  await r.drive(r.host.handlers.sendText({ text: 'Hello there' }));
  await r.clock.advance(5000);
  await r.drive(r.host.handlers.stopSession({}));
  await r.host.recordingsSettled();
  r.host.flush();
  return { r, sessionId: started.value.sessionId };
}

describe('SessionHost recording (format v2)', () => {
  it('records a folder: every event as pushed to the UI, the agent audio as it played, and a manifest', async () => {
    const dir = tmp();
    const { r, sessionId } = await textSession(dir);
    const folders = readdirSync(dir);
    expect(folders).toHaveLength(1);
    expect(folders[0]).toMatch(new RegExp(`-${sessionId}$`));
    const folder = join(dir, folders[0]);
    const lines = readFileSync(join(folder, 'events.jsonl'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as EngineEvent);
    expect(lines).toEqual(r.events());

    const rec = await openRecording(dir, folders[0]);
    try {
      expect(rec.manifest).toMatchObject({
        sessionId,
        endReason: 'stopped',
        inputKind: 'text',
        agents: [expect.any(String)],
        providers: expect.arrayContaining([{ slot: 'llm', provider: 'simulated' }]),
      });
      expect(rec.manifest.audio.user).toBeNull();
      const agent = rec.manifest.audio.agent;
      if (!agent) throw new Error('no agent track');
      // The agent track starts when playback started and holds the reply's 1.5 s.
      const started = r.ofType('playback_started')[0].t;
      expect(Math.abs(agent.offsetMs - started)).toBeLessThanOrEqual(1);
      const audio = await rec.readAudio('agent', agent.offsetMs, 2000);
      expect(audio?.data.length).toBe((1500 * agent.sampleRate) / 1000);
    } finally {
      await rec.close();
    }
  });

  it('records the microphone audio the engine heard, on the event clock', async () => {
    const dir = tmp();
    const r = hostRig({ createProviders: micProviders, recordingsDir: dir });
    const started = await r.drive(r.host.handlers.startSession({ config: { inputMode: 'microphone' } }));
    if (!started.ok) throw new Error(started.error.message);
    await r.clock.advance(1000);
    for (let i = 1; i <= 10; i++) {
      const chunk = new Int16Array(320).fill(i * 100); // 20 ms at 16 kHz
      void r.host.handlers.pushAudio({
        sessionId: started.value.sessionId,
        sampleRate: 16000,
        channels: 1,
        pcm: pcm16ToBytes(chunk),
      });
      await r.clock.advance(20);
    }
    await r.drive(r.host.handlers.stopSession({ drain: false }));
    await r.host.recordingsSettled();
    const [id] = readdirSync(dir);
    const rec = await openRecording(dir, id);
    try {
      expect(rec.manifest.inputKind).toBe('microphone');
      const user = rec.manifest.audio.user;
      if (!user) throw new Error('no user track');
      expect(user.sampleRate).toBe(16000);
      expect(user.offsetMs).toBeGreaterThanOrEqual(980);
      const audio = await rec.readAudio('user', user.offsetMs, 200);
      const data = [...(audio?.data ?? [])];
      expect(data).toHaveLength(3200);
      // The chunks in the order pushed, each whole.
      for (let i = 0; i < 10; i++)
        expect(new Set(data.slice(i * 320, (i + 1) * 320))).toEqual(new Set([(i + 1) * 100]));
    } finally {
      await rec.close();
    }
  });

  it('recording.enabled: false records nothing', async () => {
    const dir = tmp();
    await textSession(dir, { recording: { enabled: false } });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a write failure is an error event (source recorder, recoverable) and the session keeps running', async () => {
    const dir = tmp();
    let closed: unknown = null;
    const failing = (opts: { onFailure?(message: string): void }): RecordingWriter => {
      let failed = false;
      return {
        id: 'fake',
        path: join(dir, 'fake'),
        pushEvent: () => {
          if (failed) return;
          failed = true;
          // As the real writer: reported once, after the write that failed.
          queueMicrotask(() => opts.onFailure?.('ENOSPC: no space left on device'));
        },
        pushAudio: () => undefined,
        close: async (end) => void (closed = end),
      };
    };
    const r = hostRig({ createProviders: textTts, recordingsDir: dir, createRecordingWriter: failing });
    const started = await r.drive(r.host.handlers.startSession({ config: textConfig }));
    if (!started.ok) throw new Error(started.error.message);
    await r.drive(r.host.handlers.sendText({ text: 'Hello there' }));
    await r.clock.advance(5000);
    r.host.flush();
    expect(r.ofType('error')).toMatchObject([
      {
        source: 'recorder',
        recoverable: true,
        message: 'recording stopped: ENOSPC: no space left on device',
      },
    ]);
    expect(r.host.getStatus().phase).toBe('running');
    expect(r.ofType('conversation_item_added').length).toBeGreaterThan(0);
    await r.drive(r.host.handlers.stopSession({ drain: false }));
    expect(closed).toMatchObject({ reason: 'stopped' });
    expect(existsSync(join(dir, 'fake'))).toBe(false);
  });

  it('a failed start records an error end; session close reasons map to manifest end reasons', async () => {
    let end: unknown = null;
    const r = hostRig({
      createProviders: async () => {
        throw new Error('no provider today');
      },
      createRecordingWriter: () => ({
        id: 'x',
        path: 'x',
        pushEvent: () => undefined,
        pushAudio: () => undefined,
        close: async (e) => void (end = e),
      }),
    });
    const res = await r.drive(r.host.handlers.startSession({ config: textConfig }));
    expect(res.ok).toBe(false);
    // The providers were never built: no recording was begun, so nothing is closed either.
    expect(end).toBeNull();
    expect(
      (['user_initiated', 'task_completed', 'error', 'shutdown'] as const).map(recordingEndReason),
    ).toEqual(['stopped', 'closed', 'error', 'signal']);
  });
});
