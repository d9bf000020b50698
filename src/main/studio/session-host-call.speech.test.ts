/**
 * A simulated call through the whole studio path: the registry's espeak caller heard by the real
 * Silero VAD and transcribed by the oracle STT, the simulated LLM and TTS answering, audio
 * pushed to the renderer; the call ends by itself once the caller said its lines.
 */
import { describe, expect, it } from 'vitest';
import { hostRig } from './testing/host-rig';
import { registryProviders } from './session-providers';

describe('SessionHost simulated call (real speech)', () => {
  it('plays the config caller through VAD and STT, answers, and ends idle with nothing left', async () => {
    const r = hostRig({ createProviders: registryProviders({ get: () => undefined }) });
    const started = await r.drive(
      r.host.handlers.startSession({
        config: {
          inputMode: 'simulated',
          providers: {
            llm: {
              provider: 'simulated',
              ttftMs: 200,
              responses: [{ input: 'book a table', content: 'Sure, for how many people?' }],
            },
            tts: { provider: 'simulated', ttfbMs: 150, audio: 'silence' },
            stt: { provider: 'simulated', delayMs: 150 },
          },
          caller: {
            turns: [
              { text: 'Hello, I would like to book a table.', atMs: 300 },
              { text: 'For two people tonight.', afterAgentDoneMs: 400 },
            ],
          },
        },
      }),
      120_000,
      { realWaitMs: 20_000 },
    );
    expect(started.ok ? null : started.error.message).toBeNull();
    await r.clock.runUntilDone(() => r.host.getStatus().phase === 'idle', 60_000);

    const finals = r
      .ofType('user_input_transcribed')
      .filter((e) => e.isFinal)
      .map((e) => e.transcript);
    expect(finals).toEqual(['Hello, I would like to book a table.', 'For two people tonight.']);
    expect(r.ofType('user_state_changed').some((e) => e.newState === 'speaking')).toBe(true);
    expect(r.ofType('conversation_item_added').map((e) => e.item)).toContainEqual(
      expect.objectContaining({ role: 'assistant', content: 'Sure, for how many people?' }),
    );
    expect(r.pushes.some((p) => p.event === 'audio')).toBe(true);
    expect(r.ofType('close')).toMatchObject([{ reason: 'task_completed' }]);
    expect(r.host.getStatus().phase).toBe('idle');
    expect(r.host.pendingWork()).toEqual([]);
  });
});
