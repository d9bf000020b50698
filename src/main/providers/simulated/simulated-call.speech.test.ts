/**
 * The whole simulated call with real audio: espeak-ng speaks the caller's lines into the engine,
 * the real Silero VAD hears them, the oracle STT transcribes them, the scripted LLM answers and
 * the simulated TTS speaks; the caller's second line waits for the agent's reply to end.
 */
import { describe, expect, it } from 'vitest';
import { StudioConfigSchema } from '../../../shared/config';
import type { EngineEvent } from '../../../shared/engine-events';
import { VirtualClock } from '../../engine/base/virtual-clock';
import { Agent } from '../../engine/voice/agent';
import { AgentSession } from '../../engine/voice/agent-session';
import { ScriptedSpeaker } from '../../simulation/scripted-speaker';
import { detectSpeechSegments, SileroVAD } from '../silero';
import { createProviders } from '../registry';
import { localCallerVoice, ScriptedCaller } from '.';

/** Awaits `p` while moving the virtual clock: the engine's own waits are on it. */
async function onClock<T>(clock: VirtualClock, p: Promise<T>, limitMs = 30_000): Promise<T> {
  let done = false;
  const settled = p.finally(() => void (done = true));
  settled.catch(() => undefined);
  await clock.runUntilDone(() => done, limitMs);
  return settled;
}

describe('simulated call with real speech', () => {
  it('the real VAD hears the espeak caller where the caller says it spoke', async () => {
    const clock = new VirtualClock(0);
    const config = StudioConfigSchema.parse({
      caller: {
        turns: [
          { text: 'Hello, I would like to book a table.', atMs: 300 },
          { text: 'For two people tonight.', atMs: 4000 },
        ],
      },
    });
    const caller = new ScriptedCaller(config.caller, { clock, voice: localCallerVoice() });
    const frames: import('../../engine/audio/frame').AudioFrame[] = [];
    const reading = (async () => {
      for await (const f of caller) frames.push(f);
    })();
    await caller.start();
    await clock.runUntil(7000);
    caller.stop();
    await reading;
    const segments = await detectSpeechSegments(frames);
    expect(segments).toHaveLength(2);
    caller.utterances.forEach((u, i) => {
      // Silero's edges are within about a tenth of a second of the voiced region.
      expect(Math.abs(segments[i].startMs - u.voicedStartAt)).toBeLessThan(150);
      expect(Math.abs(segments[i].endMs - u.voicedEndAt)).toBeLessThan(250);
    });
  });

  it('runs a two-turn conversation through the engine', async () => {
    const clock = new VirtualClock(0);
    const config = StudioConfigSchema.parse({
      providers: {
        llm: {
          provider: 'simulated',
          ttftMs: 200,
          tokensPerSecond: 30,
          responses: [{ input: 'book a table', content: 'Sure, for how many people?' }],
        },
        tts: { provider: 'simulated', ttfbMs: 150, realTimeFactor: 0.1, audio: 'silence' },
        stt: { provider: 'simulated', delayMs: 150 },
      },
      caller: {
        turns: [
          { text: 'Hello, I would like to book a table.', atMs: 300 },
          { text: 'For two people tonight.', afterAgentDoneMs: 400 },
        ],
      },
    });
    const providers = await createProviders(config, { clock, keys: { get: () => undefined } });
    expect(providers.problems).toEqual([]);
    const caller = providers.caller!;
    const session = new AgentSession({
      clock,
      vad: providers.vad,
      stt: providers.stt,
      llm: providers.llm,
      tts: providers.tts,
    });
    const events: EngineEvent[] = [];
    session.onEvent((ev) => {
      events.push(ev);
      caller.observe(ev);
    });
    const output = new ScriptedSpeaker(clock, { canPause: false });
    await onClock(
      clock,
      session.start({
        agent: new Agent({ instructions: 'You take restaurant bookings.' }),
        audioInput: caller,
        audioOutput: output,
      }),
    );
    await caller.start();
    await clock.runUntilDone(() => caller.finished && session.agentState === 'speaking', 30_000);
    await clock.runUntil(clock.instantMs + 6000);

    const finals = events.filter(
      (e): e is Extract<EngineEvent, { type: 'user_input_transcribed' }> =>
        e.type === 'user_input_transcribed' && e.isFinal,
    );
    expect(finals.map((e) => e.transcript)).toEqual([
      'Hello, I would like to book a table.',
      'For two people tonight.',
    ]);
    // The VAD (not the oracle) noticed the caller speaking.
    expect(events.some((e) => e.type === 'user_state_changed' && e.newState === 'speaking')).toBe(true);
    const replies = events
      .filter(
        (e): e is Extract<EngineEvent, { type: 'conversation_item_added' }> =>
          e.type === 'conversation_item_added',
      )
      .map((e) => e.item)
      .filter((i) => i.type === 'message' && i.role === 'assistant');
    expect(replies[0]).toMatchObject({ content: 'Sure, for how many people?' });
    const firstReplyDone = events.find(
      (e) => e.type === 'agent_state_changed' && e.oldState === 'speaking',
    )!.t;
    expect(caller.utterances[1].trigger).toBe('agent_done');
    expect(caller.utterances[1].startedAt).toBeGreaterThanOrEqual(firstReplyDone + 400);
    expect(caller.utterances[1].startedAt).toBeLessThan(firstReplyDone + 420);

    await onClock(clock, session.close());
    await providers.close();
    expect(caller.pendingWork()).toEqual([]);
    expect(providers.vad).toBeInstanceOf(SileroVAD);
  });
});
