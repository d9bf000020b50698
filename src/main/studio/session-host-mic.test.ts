import { describe, expect, it } from 'vitest';
import type { StudioConfigInput } from '../../shared/config';
import { timedVad, type ScriptedVAD } from '../engine/testing';
import { pcm16ToBytes } from '../../shared/binary-audio';
import { tableLlm } from '../providers/simulated';
import { scenarioTts } from '../simulation/scenario-providers';
import { hostRig } from './testing/host-rig';
import type { ProviderFactory } from './session-providers';

/** The registry's answer for a microphone session with the default (simulated) STT: a VAD, no STT. */
function micProviders(vads: ScriptedVAD[]): ProviderFactory {
  return async (config, deps) => {
    const llm = Array.isArray(config.providers.llm) ? config.providers.llm[0] : config.providers.llm;
    if (llm.provider !== 'simulated') throw new Error('simulated LLM only');
    const vad = timedVad(deps.clock, []);
    vads.push(vad);
    return {
      llm: tableLlm(llm, deps.clock),
      tts: scenarioTts(deps.clock, []),
      stt: null,
      vad: deps.audioInput ? vad : null,
      caller: null,
      warnings: [],
      close: async () => undefined,
    };
  };
}

const micConfig: StudioConfigInput = { inputMode: 'microphone' };

/** A 20 ms chunk at 16 kHz whose samples are all `tag`, as the renderer would push it. */
const chunk = (sessionId: string, tag: number) => ({
  sessionId,
  sampleRate: 16000,
  channels: 1,
  pcm: pcm16ToBytes(new Int16Array(320).fill(tag)),
});

async function startMic() {
  const vads: ScriptedVAD[] = [];
  const r = hostRig({ createProviders: micProviders(vads) });
  const started = await r.drive(r.host.handlers.startSession({ config: micConfig }));
  if (!started.ok) throw new Error(started.error.message);
  const sessionId = started.value.sessionId;
  const vadFrames = () => vads[0].streams.flatMap((s) => s.frames.map((f) => f.data[0]));
  return { r, sessionId, vadFrames };
}

describe('SessionHost microphone sessions', () => {
  it('pushAudio chunks reach the engine (its VAD) in order; the status names the input mode', async () => {
    const { r, sessionId, vadFrames } = await startMic();
    expect(r.host.getStatus()).toMatchObject({ phase: 'running', inputMode: 'microphone' });
    for (let i = 1; i <= 50; i++) {
      expect(r.host.handlers.pushAudio(chunk(sessionId, i))).toEqual({ ok: true, value: { accepted: true } });
      if (i % 7 === 0) await r.clock.advance(20);
    }
    await r.clock.advance(100);
    expect(vadFrames()).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    // The default STT is simulated: the user is told transcripts need a real one, and the VAD still works.
    const warnings = r.ofType('warning').filter((w) => w.source === 'microphone');
    expect(warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(
        /^microphone: transcripts need a real STT — the simulated STT only knows what the simulated caller says.*providers\.stt.*"openai".*OPENAI_API_KEY.*OpenAI-compatible.*The scripted-vad VAD still hears you/,
      ),
    ]);
    // named, so the header can show it and the chat can say why user turns have no text
    expect(warnings[0].code).toBe('simulated_stt_live_audio');
    await r.drive(r.host.handlers.stopSession({ drain: false }));
    expect(r.host.getStatus()).toMatchObject({ phase: 'idle', inputMode: null });
    expect(r.host.handlers.pushAudio(chunk(sessionId, 99))).toMatchObject({
      ok: false,
      error: { code: 'no_session' },
    });
    expect(r.host.pendingWork()).toEqual([]);
  });

  it('a burst the engine cannot keep up with is bounded: the oldest audio is dropped with one warning, the rest arrives in order', async () => {
    const { r, sessionId, vadFrames } = await startMic();
    // 300 chunks of 20 ms pushed without yielding: 6 s of audio against a 2 s queue.
    for (let i = 1; i <= 300; i++) void r.host.handlers.pushAudio(chunk(sessionId, i));
    await r.clock.advance(100);
    const got = vadFrames();
    expect(got.length).toBeLessThanOrEqual(1 + 100);
    expect(got.at(-1)).toBe(300);
    expect([...got].sort((a, b) => a - b)).toEqual(got);
    const drops = r.ofType('warning').filter((w) => w.message.includes('fell behind'));
    expect(drops).toHaveLength(1);
    expect(drops[0].message).toMatch(
      /dropped the \d+ oldest audio chunk\(s\) to keep at most 2000 ms queued/,
    );
    await r.drive(r.host.handlers.stopSession({ drain: false }));
  });

  it('refuses audio for another session, a session without a microphone, and malformed PCM', async () => {
    const { r, sessionId } = await startMic();
    expect(r.host.handlers.pushAudio(chunk('session_other', 1))).toMatchObject({
      ok: false,
      error: { code: 'no_session', message: 'session session_other is not running' },
    });
    const odd = { ...chunk(sessionId, 1), pcm: new Uint8Array(3) };
    expect(r.host.handlers.pushAudio(odd)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', field: 'pcm' },
    });
    const otherRate = { ...chunk(sessionId, 1), sampleRate: 48000 };
    expect(r.host.handlers.pushAudio(chunk(sessionId, 1))).toMatchObject({ ok: true });
    expect(r.host.handlers.pushAudio(otherRate)).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await r.drive(r.host.handlers.stopSession({ drain: false }));

    const text = await r.drive(r.host.handlers.startSession({ config: { inputMode: 'text' } }));
    if (!text.ok) throw new Error(text.error.message);
    expect(r.host.getStatus().inputMode).toBe('text');
    expect(r.host.handlers.pushAudio(chunk(text.value.sessionId, 1))).toMatchObject({
      ok: false,
      error: { code: 'failed', field: 'sessionId' },
    });
    await r.drive(r.host.handlers.stopSession({ drain: false }));
  });

  it('a microphone the renderer cannot open is an error event and the status; the session keeps running for typed turns', async () => {
    const { r, sessionId } = await startMic();
    const reported = r.host.handlers.reportMicrophone({
      sessionId,
      problem: 'denied',
      message: 'NotAllowedError: Permission denied',
    });
    expect(reported).toEqual({ ok: true, value: { reported: true } });
    await r.clock.advance(100);
    expect(r.ofType('error').filter((e) => e.source === 'microphone')).toMatchObject([
      {
        recoverable: true,
        message: expect.stringMatching(
          /^permission to use the microphone was denied \(NotAllowedError: Permission denied\); the session keeps running without audio input: type the user's turns/,
        ),
      },
    ]);
    expect(r.host.getStatus()).toMatchObject({
      phase: 'running',
      lastError: expect.stringContaining('microphone: permission'),
    });
    expect(r.host.handlers.pushAudio(chunk(sessionId, 1))).toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    const sent = await r.drive(r.host.handlers.sendText({ text: 'hello' }));
    expect(sent.ok).toBe(true);
    await r.clock.advance(3000);
    expect(
      r
        .ofType('conversation_item_added')
        .some((e) => e.item.type === 'message' && e.item.role === 'assistant'),
    ).toBe(true);
    await r.drive(r.host.handlers.stopSession({ drain: false }));
    expect(r.host.pendingWork()).toEqual([]);
  });
});
