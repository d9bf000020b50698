/**
 * The embedded default on real parts, through the whole studio path: the demo config (no saved
 * config) makes the registry build the espeak-ng caller, the real Silero VAD, the oracle STT, the
 * scripted LLM and the local TTS (espeak-ng) as the agent's voice, its audio pushed to the
 * renderer. Within a minute of session time the newcomer sees a tool call, a real barge-in and a
 * false interruption that resumes; then the call ends by itself and nothing is left running.
 *
 * The session runs on the VirtualClock. Synthesis is real I/O, so virtual time is held while an
 * espeak-ng process is speaking: to the session the local voice is just a very fast TTS, and the
 * test takes seconds, not the demo's minute.
 */
import { describe, expect, it } from 'vitest';
import type { VirtualClock } from '../engine/base/virtual-clock';
import { detectLocalTts, LocalTTS } from '../providers/local-tts';
import { DEMO_FALLBACK_SOURCE } from './demo-fallback';
import { hostRig } from './testing/host-rig';
import { registryProviders, type ProviderFactory } from './session-providers';

const voice = await detectLocalTts();
if (!voice.available) console.warn(`skipping the embedded demo speech test: ${voice.reason}`);

/**
 * Runs the clock until `done`, but only while `busy()` (real work the session waits for) is
 * false; bounded in virtual and in real time.
 */
async function runHoldingForRealWork(
  clock: VirtualClock,
  done: () => boolean,
  busy: () => boolean,
  limitMs: number,
  realLimitMs: number,
): Promise<void> {
  const deadline = clock.instantMs + limitMs;
  const realDeadline = Date.now() + realLimitMs;
  while (!done() && clock.instantMs < deadline) {
    if (Date.now() > realDeadline)
      throw new Error(`not done after ${realLimitMs} ms of real time (virtual ${clock.instantMs} ms)`);
    const next = clock.nextDue();
    if (busy() || next === null) {
      await new Promise((r) => setTimeout(r, 1));
      continue;
    }
    await clock.runUntil(Math.min(next, deadline), () => done() || busy());
  }
}

describe.skipIf(!voice.available)('SessionHost embedded demo (real speech)', () => {
  it('the default config runs on real parts: tool call, barge-in and a resumed false interruption within 60 s, then nothing is left', async () => {
    const voices: LocalTTS[] = [];
    const registry = registryProviders({ get: () => undefined });
    const createProviders: ProviderFactory = async (config, deps) => {
      const built = await registry(config, deps);
      if (built.tts instanceof LocalTTS) voices.push(built.tts);
      return built;
    };
    const r = hostRig({ createProviders, demoConfig: undefined });
    const realStart = Date.now();
    const started = await r.drive(r.host.handlers.startSession({}), 120_000, { realWaitMs: 20_000 });
    expect(started.ok ? null : started.error.message).toBeNull();
    expect(r.ofType('warning').filter((w) => w.source === DEMO_FALLBACK_SOURCE)).toEqual([]);
    expect(voices).toHaveLength(1);
    const speaking = () => voices.some((v) => v.runningProcessIds().length > 0);
    await runHoldingForRealWork(r.clock, () => r.host.getStatus().phase === 'idle', speaking, 90_000, 50_000);
    const realMs = Date.now() - realStart;
    console.info(`embedded demo: ${r.clock.instantMs} ms of session time in ${realMs} ms of real time`);

    const within = <T extends { t: number }>(events: T[]) => events.filter((e) => e.t <= 60_000);
    expect(within(r.ofType('tool_execution')).map((e) => [e.phase, e.name])).toEqual([
      ['start', 'get_weather'],
      ['end', 'get_weather'],
    ]);
    // The barge-in: the caller's words pause the reply, then its transcript makes it a real interruption.
    expect(within(r.ofType('speech_lifecycle')).some((e) => e.state === 'interrupted')).toBe(true);
    // The backchannel: heard by Silero, never transcribed, so the paused reply resumes.
    expect(within(r.ofType('agent_false_interruption'))).toMatchObject([{ resumed: true }]);
    const finals = r
      .ofType('user_input_transcribed')
      .filter((e) => e.isFinal)
      .map((e) => e.transcript);
    expect(finals).not.toContain('Mm-hmm, okay.');
    expect(finals).toContain('Sorry, actually just tomorrow please.');
    expect(r.pushes.some((p) => p.event === 'audio')).toBe(true);
    expect(r.ofType('error')).toEqual([]);

    expect(r.ofType('close')).toMatchObject([{ reason: 'task_completed' }]);
    expect(r.host.getStatus()).toMatchObject({ phase: 'idle', lastError: null });
    expect(r.host.pendingWork()).toEqual([]);
    expect(voices[0].runningProcessIds()).toEqual([]);
    expect(voices[0].openStreams()).toEqual([]);
    await r.clock.settle();
    expect(r.clock.pendingTimerCount()).toBe(0);
  }, 60_000);
});
