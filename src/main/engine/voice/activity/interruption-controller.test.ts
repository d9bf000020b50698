/**
 * InterruptionController alone, on the virtual clock: a pause that no user turn follows resumes
 * when the timer fires, speaking again holds the resume back, a real turn turns the pause into
 * an interruption, and an output that cannot pause interrupts at once.
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent, EngineEventOf } from '../../../../shared/engine-events';
import { TaskOwner } from '../../base/tasks';
import { VirtualClock } from '../../base/virtual-clock';
import { EventBus } from '../../event-bus';
import { SpeechHandle } from '../speech-handle';
import { InterruptionController } from './interruption-controller';
import { SpeechTracer } from './speech-trace';
import { ScriptedAudioOutput } from '../../testing/session-rig';

function makeController(
  opts: { canPause?: boolean; minInterruptionWords?: number; transcript?: string | null } = {},
) {
  const clock = new VirtualClock();
  const events = new EventBus(clock);
  const seen: EngineEvent[] = [];
  events.subscribe((ev) => seen.push(ev));
  const output = new ScriptedAudioOutput(clock, opts.canPause ?? true);
  const states: string[] = [];
  const realtimeCalls: string[] = [];
  const speech = { current: null as SpeechHandle | null };
  const controller = new InterruptionController({
    clock,
    owner: new TaskOwner(),
    events,
    tracer: new SpeechTracer(events),
    options: () => ({
      resumeFalseInterruption: true,
      falseInterruptionTimeoutMs: 2000,
      minInterruptionWords: opts.minInterruptionWords ?? 0,
    }),
    outputAudio: () => output,
    setAgentState: (s) => states.push(s),
    currentSpeech: () => speech.current,
    realtime: () => ({
      startUserActivity: () => realtimeCalls.push('activity'),
      interrupt: () => realtimeCalls.push('interrupt'),
    }),
    serverDetectsTurns: () => false,
    pendingTranscript: () => opts.transcript ?? null,
  });
  const playing = (): SpeechHandle => {
    const h = SpeechHandle.create({ clock });
    h.authorizeGeneration();
    speech.current = h;
    return h;
  };
  const of = <T extends EngineEvent['type']>(type: T) =>
    seen.filter((e): e is EngineEventOf<T> => e.type === type);
  return { clock, controller, output, states, realtimeCalls, speech, playing, of };
}

describe('InterruptionController', () => {
  it('pauses on user activity and resumes the speech when no user turn follows', async () => {
    const t = makeController();
    const h = t.playing();
    t.controller.userStartedSpeaking();
    t.controller.onUserActivity('vad');
    expect(t.output.isPaused).toBe(true);
    expect(t.controller.paused).toBe(h);
    expect(t.of('interruption')).toMatchObject([{ speechId: h.id, cause: 'vad', paused: true }]);
    // activity again while paused: one pause, one event
    t.controller.onUserActivity('stt');
    expect(t.of('interruption')).toHaveLength(1);

    t.controller.userStoppedSpeaking();
    expect(t.controller.timerArmed).toBe(true);
    await t.clock.advance(2000);
    expect(t.output.isPaused).toBe(false);
    expect(h.interrupted).toBe(false);
    expect(t.controller.paused).toBeNull();
    expect(t.controller.timerArmed).toBe(false);
    expect(t.of('agent_false_interruption')).toMatchObject([{ resumed: true }]);
    // each activity re-asserts listening; the resume sets speaking once
    expect(t.states).toEqual(['listening', 'listening', 'speaking']);
    expect(t.realtimeCalls).toEqual(['activity', 'activity']);
  });

  it('speaking again before the timer fires holds the resume until the user stops', async () => {
    const t = makeController();
    t.playing();
    t.controller.onUserActivity('vad');
    t.controller.userStoppedSpeaking();
    await t.clock.advance(1500);
    t.controller.userStartedSpeaking();
    expect(t.controller.timerArmed).toBe(false);
    await t.clock.advance(5000);
    expect(t.of('agent_false_interruption')).toEqual([]);
    expect(t.output.isPaused).toBe(true);
    t.controller.userStoppedSpeaking();
    await t.clock.advance(2000);
    expect(t.of('agent_false_interruption')).toMatchObject([{ resumed: true }]);
  });

  it('a real user turn turns the pause into an interruption and un-pauses the output', async () => {
    const t = makeController();
    const h = t.playing();
    t.controller.onUserActivity('vad');
    t.controller.userStoppedSpeaking();
    const settled = t.controller.settlePause();
    expect(h.interrupted).toBe(true);
    h.markGenerationDone(); // the interrupted step ends
    await settled;
    expect(t.controller.paused).toBeNull();
    expect(t.controller.timerArmed).toBe(false);
    expect(t.output.isPaused).toBe(false);
    await t.clock.advance(5000);
    expect(t.of('agent_false_interruption')).toEqual([]);
  });

  it('a final transcript cancels the pause in a task; closing waits for it and interrupts nothing more', async () => {
    const t = makeController();
    const h = t.playing();
    t.controller.onUserActivity('stt');
    t.controller.spawnCancelPause();
    h.markGenerationDone();
    await t.controller.closePause();
    expect(h.interrupted).toBe(true);
    expect(t.controller.paused).toBeNull();
  });

  it('when a new speech took over, the timer drops the pause without resuming', async () => {
    const t = makeController();
    t.playing();
    t.controller.onUserActivity('vad');
    t.controller.userStoppedSpeaking();
    t.playing(); // another speech is current now
    await t.clock.advance(2000);
    expect(t.controller.paused).toBeNull();
    expect(t.of('agent_false_interruption')).toEqual([]);
  });

  it('an output that cannot pause interrupts the speech at once', () => {
    const t = makeController({ canPause: false });
    const h = t.playing();
    t.controller.onUserActivity('vad');
    expect(h.interrupted).toBe(true);
    expect(t.of('interruption')).toMatchObject([{ cause: 'vad', paused: false }]);
    expect(t.realtimeCalls).toEqual(['activity', 'interrupt']);
  });

  it('minInterruptionWords: a short transcript does not interrupt, a long one does (cause words)', () => {
    const short = makeController({ minInterruptionWords: 3, transcript: 'uh huh' });
    short.playing();
    short.controller.onUserActivity('vad');
    expect(short.controller.paused).toBeNull();
    expect(short.realtimeCalls).toEqual([]);

    const long = makeController({ minInterruptionWords: 3, transcript: 'wait a second' });
    long.playing();
    long.controller.onUserActivity('vad');
    expect(long.of('interruption')).toMatchObject([{ cause: 'words', paused: true }]);
  });

  it('the user-silence gate opens only when the user is silent', async () => {
    const t = makeController();
    t.controller.userStartedSpeaking();
    let open = false;
    void t.controller.waitForUserSilence().then(() => (open = true));
    t.controller.setUserSilent(false);
    await t.clock.advance(100);
    expect(open).toBe(false);
    t.controller.setUserSilent(true);
    await t.clock.advance(1);
    expect(open).toBe(true);
  });
});
