import { describe, expect, it } from 'vitest';
import { TaskOwner } from '../../base/tasks';
import { VirtualClock } from '../../base/virtual-clock';
import { Agent } from '../agent';
import {
  SPEECH_PRIORITY_HIGH,
  SPEECH_PRIORITY_LOW,
  SPEECH_PRIORITY_NORMAL,
  SpeechHandle,
} from '../speech-handle';
import { SpeechScheduler } from './scheduling';
import { makeRig } from '../../testing/session-rig';

function scheduler(clock: VirtualClock, minDelay = 0) {
  const owner = new TaskOwner();
  const warnings: string[] = [];
  const s = new SpeechScheduler({
    clock,
    owner,
    minConsecutiveSpeechDelayMs: () => minDelay,
    warn: (m) => warnings.push(m),
  });
  return { s, owner, warnings };
}

/** A speech whose single step "plays" for `ms` once authorized, recording when it started. */
function playing(
  clock: VirtualClock,
  s: SpeechScheduler,
  ms: number,
  log: Array<[string, number]>,
  name: string,
) {
  const h = SpeechHandle.create({ clock });
  s.createSpeechTask(
    name,
    async (signal) => {
      await h.waitIfNotInterrupted([h.waitForAuthorization(signal)], signal);
      if (h.interrupted) return;
      h.clearAuthorization();
      log.push([name, Math.round(clock.now())]);
      await clock.sleep(ms, signal);
    },
    { speechHandle: h },
  );
  return h;
}

describe('SpeechScheduler', () => {
  it('authorizes one speech at a time, highest priority first, FIFO within a priority', async () => {
    const clock = new VirtualClock();
    const { s, owner } = scheduler(clock);
    s.resume();
    const log: Array<[string, number]> = [];
    const a = playing(clock, s, 100, log, 'a');
    const b = playing(clock, s, 100, log, 'b');
    const c = playing(clock, s, 100, log, 'c');
    const d = playing(clock, s, 100, log, 'd');
    s.scheduleSpeech(a, SPEECH_PRIORITY_NORMAL);
    s.scheduleSpeech(b, SPEECH_PRIORITY_LOW);
    s.scheduleSpeech(c, SPEECH_PRIORITY_NORMAL);
    s.scheduleSpeech(d, SPEECH_PRIORITY_HIGH);
    expect(a.scheduled).toBe(true);
    await clock.runUntil(1000);
    expect(log).toEqual([
      ['d', 0],
      ['a', 100],
      ['c', 200],
      ['b', 300],
    ]);
    expect([a, b, c, d].every((h) => h.done())).toBe(true);
    await s.pause();
    await owner.close(clock);
    expect(owner.size).toBe(0);
  });

  it('waits minConsecutiveSpeechDelayMs after a playout, but never before the first speech', async () => {
    const clock = new VirtualClock();
    const { s } = scheduler(clock, 1000);
    s.resume();
    const log: Array<[string, number]> = [];
    await clock.runUntil(300);
    const a = playing(clock, s, 200, log, 'a');
    const b = playing(clock, s, 200, log, 'b');
    s.scheduleSpeech(a, SPEECH_PRIORITY_NORMAL);
    s.scheduleSpeech(b, SPEECH_PRIORITY_NORMAL);
    await clock.runUntil(3000);
    // a at once (first speech), b 1000 ms after a finished at 500
    expect(log).toEqual([
      ['a', 300],
      ['b', 1500],
    ]);
    await s.pause();
  });

  it('skips a speech interrupted while queued and refuses new speech while paused unless forced', async () => {
    const clock = new VirtualClock();
    const { s } = scheduler(clock);
    s.resume();
    const log: Array<[string, number]> = [];
    const a = playing(clock, s, 100, log, 'a');
    const b = playing(clock, s, 100, log, 'b');
    s.scheduleSpeech(a, SPEECH_PRIORITY_NORMAL);
    s.scheduleSpeech(b, SPEECH_PRIORITY_NORMAL);
    b.interrupt();
    await clock.runUntil(500);
    expect(log.map((l) => l[0])).toEqual(['a']);

    const pausing = s.pause();
    await clock.runUntil(600);
    await pausing;
    const c = SpeechHandle.create({ clock });
    expect(() => s.scheduleSpeech(c, SPEECH_PRIORITY_NORMAL)).toThrow(/draining/);
  });

  it('pause waits for every speech task except the blocked ones', async () => {
    const clock = new VirtualClock();
    const { s } = scheduler(clock);
    s.resume();
    const log: Array<[string, number]> = [];
    const a = playing(clock, s, 500, log, 'a');
    s.scheduleSpeech(a, SPEECH_PRIORITY_NORMAL);
    const blocked = s.createSpeechTask('blocked', (signal) => clock.sleep(10_000, signal));
    let paused = false;
    void s.pause([blocked]).then(() => (paused = true));
    await clock.runUntil(400);
    expect(paused).toBe(false);
    await clock.runUntil(600);
    expect(paused).toBe(true);
    blocked.cancel();
  });
});

describe('speech scheduling in a session', () => {
  it('plays queued says one after the other, the second minConsecutiveSpeechDelayMs after the first', async () => {
    const rig = makeRig({ options: { minConsecutiveSpeechDelayMs: 1000 } });
    rig.tts.on('one', { audioDurationMs: 2000, ttfbMs: 200 }).on('two', { audioDurationMs: 1500, ttfbMs: 0 });
    await rig.start(new Agent({ instructions: 'x' }));
    await rig.run(2000);
    const h1 = rig.session.say('one');
    const h2 = rig.session.say('two');
    await rig.run(8000);
    expect(rig.agentStates()).toEqual([
      ['listening', 0],
      ['speaking', 2200],
      ['listening', 4200],
      ['speaking', 5200],
      ['listening', 6700],
    ]);
    expect(h1.done() && h2.done()).toBe(true);
    const lifecycle = rig
      .of('speech_lifecycle')
      .filter((e) => e.speechId === h2.id)
      .map((e) => e.state);
    expect(lifecycle).toEqual(['created', 'scheduled', 'authorized', 'playout_started', 'done']);
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
    expect(rig.clock.pendingTimerCount()).toBe(0);
  });

  it('holds an interruptible speech until the user is silent; an uninterruptible one plays at once', async () => {
    const rig = makeRig({ vad: true, stt: true });
    rig.tts
      .on('polite', { audioDurationMs: 500, ttfbMs: 0 })
      .on('urgent', { audioDurationMs: 500, ttfbMs: 0 });
    await rig.start(new Agent({ instructions: 'x' }));
    await rig.run(100);
    const act = rig.session.currentActivity;
    expect(act).not.toBeNull();
    act?.onStartOfSpeech(null);
    const polite = rig.session.say('polite');
    await rig.run(1000);
    expect(rig.of('playback_started')).toHaveLength(0);
    act?.onEndOfSpeech(null);
    await rig.run(1100);
    expect(rig.of('playback_started').map((e) => [e.speechId, Math.round(e.t)])).toEqual([[polite.id, 1000]]);

    act?.onStartOfSpeech(null);
    const urgent = rig.session.say('urgent', { allowInterruptions: false });
    await rig.run(2000);
    expect(rig.of('playback_started').map((e) => e.speechId)).toEqual([polite.id, urgent.id]);
    act?.onEndOfSpeech(null);
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
  });

  it("say/generateReply with a priority queue like the seed's _schedule_speech(handle, priority): highest first, never interrupting", async () => {
    const rig = makeRig();
    for (const text of ['first', 'low', 'normal', 'high'])
      rig.tts.on(text, { audioDurationMs: 1000, ttfbMs: 0 });
    rig.llm.on('again', { content: 'high' });
    await rig.start(new Agent({ instructions: 'x' }));
    await rig.run(100);
    const first = rig.session.say('first');
    await rig.run(200); // first is playing: the others queue behind it, whatever their priority
    const low = rig.session.say('low', { priority: SPEECH_PRIORITY_LOW });
    const normal = rig.session.say('normal');
    const reply = rig.session.generateReply({ userInput: 'again', priority: SPEECH_PRIORITY_HIGH });
    await rig.run(10_000);
    expect(first.interrupted).toBe(false);
    const order = rig.of('playback_started').map((e) => e.speechId);
    expect(order).toEqual([first.id, reply.id, normal.id, low.id]);
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
  });
});
