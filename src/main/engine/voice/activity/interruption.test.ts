import { describe, expect, it } from 'vitest';
import { silenceFrame, type AudioFrame } from '../../audio/frame';
import { Channel } from '../../base/channel';
import { Agent } from '../agent';
import type { EndOfTurnInfo } from '../recognition-hooks';
import { makeRig, ScriptedAudioOutput } from '../../testing/session-rig';

const turn = (newTranscript: string): EndOfTurnInfo => ({
  skipReply: false,
  newTranscript,
  transcriptConfidence: 1,
  startedSpeakingAt: null,
  stoppedSpeakingAt: null,
  transcriptionDelayMs: null,
  endOfTurnDelayMs: null,
});

describe('interruptions', () => {
  it.each([
    [500, 1500],
    [800, 1800],
  ])('VAD speech of minInterruptionDurationMs %i interrupts playout (at %i)', async (minMs, atMs) => {
    const rig = makeRig({
      options: { minInterruptionDurationMs: minMs, resumeFalseInterruption: false },
      speeches: [{ startMs: 1000, endMs: 2000, transcript: 'wait' }],
    });
    rig.tts.on('A long announcement.', { audioDurationMs: 10_000, ttfbMs: 0 });
    await rig.start(new Agent({ instructions: 'x' }));
    const h = rig.session.say('A long announcement.');
    await rig.run(4000);
    expect(h.interrupted).toBe(true);
    expect(rig.of('playback_finished').map((e) => [e.positionMs, e.interrupted])).toEqual([[atMs, true]]);
    expect(rig.of('interruption')).toMatchObject([{ speechId: h.id, cause: 'vad', paused: false }]);
    expect(rig.of('speech_lifecycle').find((e) => e.state === 'interrupted')).toMatchObject({ cause: 'vad' });
    await rig.close();
  });

  it('without a VAD, a transcript interrupts', async () => {
    const rig = makeRig({
      options: { resumeFalseInterruption: false },
      vad: false,
      speeches: [{ startMs: 1000, endMs: 2000, transcript: 'hold on', sttDelayMs: 200 }],
    });
    rig.tts.on('A long announcement.', { audioDurationMs: 10_000, ttfbMs: 0 });
    await rig.start(new Agent({ instructions: 'x' }));
    const h = rig.session.say('A long announcement.');
    await rig.run(4000);
    expect(h.interrupted).toBe(true);
    // the interim transcript at 2000 + 100 interrupts
    expect(rig.of('playback_finished').map((e) => [e.positionMs, e.interrupted])).toEqual([[2100, true]]);
    expect(rig.of('interruption')).toMatchObject([{ cause: 'stt' }]);
    await rig.close();
  });

  it('minInterruptionWords: a turn too short to interrupt is refused while an interruptible speech plays', async () => {
    const rig = makeRig({ options: { minInterruptionWords: 3 }, stt: true });
    rig.tts.on('Story.', { audioDurationMs: 5000, ttfbMs: 0 });
    await rig.start(new Agent({ instructions: 'x' }));
    rig.session.say('Story.');
    await rig.run(500);
    const act = rig.session.currentActivity;
    expect(act?.onEndOfTurn(turn('stop'))).toBe(false);
    expect(act?.onEndOfTurn(turn('please stop now'))).toBe(true);
    await rig.close();
  });

  it('discardAudioIfUninterruptible keeps user audio from the STT while an uninterruptible speech plays', async () => {
    for (const discard of [true, false]) {
      const rig = makeRig({ options: { discardAudioIfUninterruptible: discard }, vad: true, stt: true });
      rig.tts.on('Hold.', { audioDurationMs: 1000, ttfbMs: 0 });
      const mic = new Channel<AudioFrame>();
      const agent = new Agent({ instructions: 'x' });
      await rig.session.start({
        agent,
        audioOutput: rig.output,
        audioInput: Object.assign(mic, { label: 'mic' }),
      });
      rig.session.say('Hold.', { allowInterruptions: false });
      await rig.run(500);
      for (let i = 0; i < 5; i++) mic.send(silenceFrame(10, 16000));
      await rig.run(600);
      const sttFrames = rig.stt?.streams[0].frames.length;
      const vadFrames = rig.vad?.streams[0].frames.length;
      expect([discard, sttFrames, vadFrames]).toEqual([discard, discard ? 0 : 5, 5]);
      mic.close();
      await rig.close();
      expect(rig.session.pendingWork()).toEqual([]);
    }
  });
});

describe('false interruptions', () => {
  const noise = [{ startMs: 1000, endMs: 1800, transcript: '' }];

  it('pauses a pausable output on noise and resumes it when no turn follows', async () => {
    const rig = makeRig({ options: { falseInterruptionTimeoutMs: 2000 }, speeches: noise, canPause: true });
    rig.tts.on('Announcement.', { audioDurationMs: 5000, ttfbMs: 0 });
    const agent = new Agent({ instructions: 'x' });
    await rig.start(agent);
    await rig.run(100);
    const h = rig.session.say('Announcement.');
    await rig.run(9000);
    expect(rig.agentStates()).toEqual([
      ['listening', 0],
      ['speaking', 100],
      ['listening', 1500],
      ['speaking', 4300],
      ['listening', 7900],
    ]);
    expect(rig.of('interruption')).toMatchObject([{ speechId: h.id, cause: 'vad', paused: true }]);
    expect(rig.of('agent_false_interruption').map((e) => [e.resumed, Math.round(e.t)])).toEqual([
      [true, 4300],
    ]);
    expect(rig.of('playback_finished').map((e) => [e.positionMs, e.interrupted])).toEqual([[5000, false]]);
    const states = rig
      .of('speech_lifecycle')
      .filter((e) => e.speechId === h.id)
      .map((e) => e.state);
    expect(states).toEqual([
      'created',
      'scheduled',
      'authorized',
      'playout_started',
      'paused',
      'resumed',
      'done',
    ]);
    expect(h.interrupted).toBe(false);
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
  });

  it('reports resumed=false when the output cannot pause (the speech was interrupted)', async () => {
    const rig = makeRig({ options: { falseInterruptionTimeoutMs: 2000 }, speeches: noise, canPause: false });
    rig.tts.on('Announcement.', { audioDurationMs: 5000, ttfbMs: 0 });
    await rig.start(new Agent({ instructions: 'x' }));
    await rig.run(100);
    const h = rig.session.say('Announcement.');
    await rig.run(9000);
    expect(h.interrupted).toBe(true);
    expect(rig.of('agent_false_interruption').map((e) => [e.resumed, Math.round(e.t)])).toEqual([
      [false, 4300],
    ]);
    await rig.close();
  });

  it('a real user turn turns the pause into an interruption and cancels the timer', async () => {
    const rig = makeRig({
      options: { falseInterruptionTimeoutMs: 2000 },
      speeches: [{ startMs: 1000, endMs: 1800, transcript: 'stop please', sttDelayMs: 200 }],
      canPause: true,
    });
    rig.tts.on('Announcement.', { audioDurationMs: 5000, ttfbMs: 0 });
    await rig.start(new Agent({ instructions: 'x' }));
    await rig.run(100);
    const h = rig.session.say('Announcement.');
    await rig.run(9000);
    expect(h.interrupted).toBe(true);
    expect(rig.of('agent_false_interruption')).toEqual([]);
    // paused at 1500 (position 1400), then cleared when the final transcript arrives at 2000
    expect(rig.of('playback_finished').map((e) => [e.positionMs, e.interrupted])).toEqual([[1400, true]]);
    expect(rig.output.isPaused).toBe(false);
    await rig.close();
  });
});

/** The rig's output, logging the calls the engine makes on it. */
class LoggedOutput extends ScriptedAudioOutput {
  readonly calls: string[] = [];
  override async captureFrame(frame: AudioFrame): Promise<void> {
    this.calls.push('frame');
    await super.captureFrame(frame);
  }
  override flush(): void {
    this.calls.push('flush');
    super.flush();
  }
  override clearBuffer(): void {
    this.calls.push('clear');
    super.clearBuffer();
  }
  override pause(): void {
    this.calls.push('pause');
    super.pause();
  }
  override resume(): void {
    this.calls.push('resume');
    super.resume();
  }
  /** The calls, runs of the same call collapsed ("frame x3"). */
  summary(): string[] {
    const runs: Array<[string, number]> = [];
    for (const c of this.calls) {
      const last = runs.at(-1);
      if (last && last[0] === c) last[1] += 1;
      else runs.push([c, 1]);
    }
    return runs.map(([c, n]) => (n > 1 ? `${c} x${n}` : c));
  }
}

describe('what the audio output sees of an interruption', () => {
  it('session.interrupt() during a pipeline reply: frames, one flush, one clear, nothing after; events as before', async () => {
    const rig = makeRig({ options: { preemptiveGeneration: false } });
    rig.llm.on('Tell me a story.', { content: 'Once upon a time.', ttftMs: 100, durationMs: 200 });
    rig.tts.on('Once upon a time.', { audioDurationMs: 3000, ttfbMs: 100 });
    const out = new LoggedOutput(rig.clock);
    const agent = new Agent({ instructions: 'x' });
    await rig.session.start({ agent, audioOutput: out });
    const h = rig.session.generateReply({ userInput: 'Tell me a story.' });
    await rig.run(1000);
    const interrupting = rig.session.interrupt();
    await rig.run(2000);
    await interrupting;
    expect(h.interrupted).toBe(true);
    expect(out.summary()).toEqual(['resume', 'frame x300', 'flush', 'clear']);
    expect(rig.of('playback_finished').map((e) => [e.speechId, e.positionMs, e.interrupted])).toEqual([
      [h.id, 700, true], // playing since 300 (reply text complete at 200 + TTS ttfb 100)
    ]);
    const states = rig
      .of('speech_lifecycle')
      .filter((e) => e.speechId === h.id)
      .map((e) => e.state);
    expect(states.slice(-2)).toEqual(['interrupted', 'done']);
    const said = agent.chatCtx.items.filter((i) => i.type === 'message' && i.role === 'assistant');
    expect(said).toMatchObject([{ content: 'Once', interrupted: true }]); // what was shown by then
    await rig.close();
    expect(out.summary().filter((c) => c === 'clear')).toHaveLength(1);
  });

  it('the output is cleared before interrupt() returns, after every speech was marked interrupted', async () => {
    const rig = makeRig();
    rig.tts.on('First announcement.', { audioDurationMs: 3000, ttfbMs: 0 });
    rig.tts.on('Second.', { audioDurationMs: 1000, ttfbMs: 0 });
    const out = new LoggedOutput(rig.clock);
    await rig.session.start({ agent: new Agent({ instructions: 'x' }), audioOutput: out });
    const first = rig.session.say('First announcement.');
    const second = rig.session.say('Second.');
    await rig.run(500);
    const seen = rig.events.length;
    const interrupting = rig.session.interrupt();
    // synchronously: the reply task has not run yet, the sink is already stopped
    expect(out.summary()).toEqual(['resume', 'frame x300', 'flush', 'clear']);
    const order = rig.events
      .slice(seen)
      .filter((e) => e.type === 'speech_lifecycle' || e.type === 'playback_finished')
      .map((e) =>
        e.type === 'playback_finished' ? `playback_finished ${e.positionMs}` : `${e.state} ${e.speechId}`,
      );
    expect(order).toEqual([`interrupted ${first.id}`, `interrupted ${second.id}`, 'playback_finished 500']);
    await rig.settle(interrupting);
    expect(out.summary().filter((c) => c === 'clear')).toHaveLength(1);
    expect([first.interrupted, second.interrupted, second.done()]).toEqual([true, true, true]);
    await rig.close();
  });

  it('a paused speech (false interruption) is never cleared, and resumes', async () => {
    const rig = makeRig({
      options: { falseInterruptionTimeoutMs: 2000 },
      speeches: [{ startMs: 1000, endMs: 1800, transcript: '' }],
      canPause: true,
    });
    rig.tts.on('Announcement.', { audioDurationMs: 5000, ttfbMs: 0 });
    const out = new LoggedOutput(rig.clock, true);
    await rig.session.start({ agent: new Agent({ instructions: 'x' }), audioOutput: out });
    await rig.run(100);
    const h = rig.session.say('Announcement.');
    await rig.run(9000);
    expect(h.interrupted).toBe(false);
    expect(out.summary()).toEqual(['resume', 'frame x500', 'flush', 'pause x15', 'resume']);
    expect(rig.of('agent_false_interruption').map((e) => e.resumed)).toEqual([true]);
    await rig.close();
  });

  it('a pause that becomes a real interruption is cleared once, after the pause', async () => {
    const rig = makeRig({
      options: { falseInterruptionTimeoutMs: 2000 },
      speeches: [{ startMs: 1000, endMs: 1800, transcript: 'stop please', sttDelayMs: 200 }],
      canPause: true,
    });
    rig.tts.on('Announcement.', { audioDurationMs: 5000, ttfbMs: 0 });
    const out = new LoggedOutput(rig.clock, true);
    await rig.session.start({ agent: new Agent({ instructions: 'x' }), audioOutput: out });
    await rig.run(100);
    const h = rig.session.say('Announcement.');
    await rig.run(9000);
    expect(h.interrupted).toBe(true);
    // then the user's turn gets its (unscripted, silent) reply
    expect(out.summary()).toEqual([
      'resume',
      'frame x500',
      'flush',
      'pause x13',
      'clear',
      'resume x2',
      'flush',
    ]);
    expect(out.summary().filter((c) => c === 'clear')).toHaveLength(1);
    expect(rig.of('playback_finished').map((e) => [e.positionMs, e.interrupted])).toEqual([[1400, true]]);
    await rig.close();
  });
});
