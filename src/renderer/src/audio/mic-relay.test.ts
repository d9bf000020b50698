import { beforeEach, describe, expect, it } from 'vitest';
import type { StudioStatus } from '../../../shared/studio-api';
import { FakeStudioClient } from '../testing/fake-studio-client';
import { resetStudioStore, useStudioStore } from '../store/studio-store';
import { MicError, classifyMicError, type MicCapture, type OpenMicOptions } from './mic-capture';
import { decodePcm16 } from './pcm';
import { MicRelay, wantedMicSession } from './mic-relay';

const status = (patch: Partial<StudioStatus>): StudioStatus => ({
  phase: 'running',
  sessionId: 'session_a',
  startedAt: 0,
  agentState: 'listening',
  userState: 'listening',
  currentAgent: null,
  lastError: null,
  transport: 'websocket',
  inputMode: 'microphone',
  ...patch,
});

/** A microphone the test drives: it delivers chunks when told, and records being stopped. */
function fakeMic() {
  const opened: Array<Pick<OpenMicOptions, 'onChunk' | 'onEnded'> & { stopped: boolean }> = [];
  let failWith: unknown = null;
  let release: (() => void) | null = null;
  const open = async (opts: Pick<OpenMicOptions, 'onChunk' | 'onEnded'>): Promise<MicCapture> => {
    if (failWith) throw failWith;
    const entry = { ...opts, stopped: false };
    opened.push(entry);
    if (release === null) await Promise.resolve();
    else await new Promise<void>((r) => (release = r));
    return { sampleRate: 16000, captureRate: 48000, stop: () => void (entry.stopped = true) };
  };
  return {
    open,
    opened,
    failNext: (err: unknown) => void (failWith = err),
    holdOpen: () => void (release = () => undefined),
    releaseOpen: () => release?.(),
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('MicRelay', () => {
  beforeEach(() => resetStudioStore());

  it('wants the microphone only for a running microphone session', () => {
    expect(wantedMicSession(status({}))).toBe('session_a');
    expect(wantedMicSession(status({ inputMode: 'text' }))).toBeNull();
    expect(wantedMicSession(status({ phase: 'starting' }))).toBeNull();
    expect(wantedMicSession(status({ inputMode: undefined }))).toBeNull();
    expect(wantedMicSession(null)).toBeNull();
  });

  it('opens when the session runs, pushes chunks in order as 16 kHz mono, closes when it stops', async () => {
    const client = new FakeStudioClient().handle('pushAudio', () => ({
      ok: true,
      value: { accepted: true },
    }));
    const mic = fakeMic();
    const session = new MicRelay({ client, store: useStudioStore, open: mic.open });
    const stop = session.start();
    expect(session.getState()).toEqual({ kind: 'off' });
    useStudioStore.getState().setStatus(status({}));
    await flush();
    expect(session.getState()).toEqual({ kind: 'live', sessionId: 'session_a', captureRate: 48000 });
    for (let i = 1; i <= 3; i++) mic.opened[0].onChunk(new Int16Array(512).fill(i));
    await flush();
    const pushes = client.calls
      .filter((c) => c.command === 'pushAudio')
      .map((c) => c.input as { sessionId: string; sampleRate: number; channels: number; pcm: Uint8Array });
    expect(pushes.map((p) => [p.sessionId, p.sampleRate, p.channels])).toEqual(
      Array(3).fill(['session_a', 16000, 1]),
    );
    expect(pushes.map((p) => Math.round(decodePcm16(p.pcm, 1)[0][0] * 32768))).toEqual([1, 2, 3]);
    expect(session.stats()).toEqual({ sent: 3, dropped: 0 });
    // The renderer's pushes never touch the command bookkeeping the controls render from.
    expect(useStudioStore.getState().lastOutcome).toBeNull();

    useStudioStore.getState().setStatus(status({ phase: 'stopping' }));
    expect(mic.opened[0].stopped).toBe(true);
    expect(session.getState()).toEqual({ kind: 'off' });
    stop();
  });

  it('a denied microphone is in the banner and reported to main; the session is left running', async () => {
    const client = new FakeStudioClient().handle('reportMicrophone', () => ({
      ok: true,
      value: { reported: true },
    }));
    const mic = fakeMic();
    mic.failNext(Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' }));
    const session = new MicRelay({ client, store: useStudioStore, open: mic.open });
    const stop = session.start();
    useStudioStore.getState().setStatus(status({}));
    await flush();
    expect(session.getState()).toMatchObject({ kind: 'problem', problem: 'denied' });
    expect(useStudioStore.getState().errors).toMatchObject([
      {
        source: 'microphone',
        code: 'not_available',
        message: expect.stringMatching(
          /^microphone permission denied \(NotAllowedError: Permission denied\).*type the user's turns instead\.$/,
        ),
      },
    ]);
    expect(client.calls.filter((c) => c.command === 'reportMicrophone')).toEqual([
      {
        command: 'reportMicrophone',
        input: {
          sessionId: 'session_a',
          problem: 'denied',
          message: expect.stringContaining('permission denied'),
        },
      },
    ]);
    expect(client.calls.some((c) => c.command === 'stopSession')).toBe(false);
    stop();
  });

  it('a session that ends while the microphone opens gets it closed at once', async () => {
    const client = new FakeStudioClient();
    const mic = fakeMic();
    mic.holdOpen();
    const session = new MicRelay({ client, store: useStudioStore, open: mic.open });
    const stop = session.start();
    useStudioStore.getState().setStatus(status({}));
    await flush();
    useStudioStore.getState().setStatus(status({ phase: 'idle', sessionId: null, inputMode: null }));
    mic.releaseOpen();
    await flush();
    expect(session.getState()).toEqual({ kind: 'off' });
    expect(client.calls).toEqual([]);
    stop();
  });

  it('bounds unanswered pushes, and a refused push (not a finished session) stops the mic with one banner', async () => {
    let answer = null as
      ((v: { ok: false; error: { code: 'invalid_input'; message: string } }) => void) | null;
    const client = new FakeStudioClient().handle('pushAudio', () => new Promise((r) => (answer ??= r)));
    const mic = fakeMic();
    const session = new MicRelay({ client, store: useStudioStore, open: mic.open, maxInFlight: 4 });
    const stop = session.start();
    useStudioStore.getState().setStatus(status({}));
    await flush();
    for (let i = 0; i < 10; i++) mic.opened[0].onChunk(new Int16Array(512));
    expect(client.calls.filter((c) => c.command === 'pushAudio')).toHaveLength(4);
    expect(session.stats().dropped).toBe(6);
    answer?.({ ok: false, error: { code: 'invalid_input', message: 'format changed' } });
    await flush();
    expect(mic.opened[0].stopped).toBe(true);
    expect(session.getState()).toMatchObject({ kind: 'problem', problem: 'failed' });
    expect(useStudioStore.getState().errors.map((e) => e.source)).toEqual(['pushAudio']);
    stop();
  });

  it('classifies what getUserMedia throws', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    expect(classifyMicError(named('NotAllowedError')).problem).toBe('denied');
    expect(classifyMicError(named('NotFoundError')).problem).toBe('missing');
    expect(classifyMicError(named('OverconstrainedError')).problem).toBe('missing');
    expect(classifyMicError(named('NotReadableError')).message).toContain('another application');
    expect(classifyMicError('weird').problem).toBe('failed');
    const own = new MicError('missing', 'none');
    expect(classifyMicError(own)).toBe(own);
  });
});

describe('MicRelay push-to-talk', () => {
  beforeEach(() => resetStudioStore());

  async function livePtt(agentState: StudioStatus['agentState'] = 'listening') {
    const client = new FakeStudioClient()
      .handle('pushAudio', () => ({ ok: true, value: { accepted: true } }))
      .handle('commitUserTurn', () => ({ ok: true, value: { committed: true } }))
      .handle('interrupt', () => ({ ok: true, value: { interrupted: true } }));
    const mic = fakeMic();
    const session = new MicRelay({ client, store: useStudioStore, open: mic.open });
    const stop = session.start();
    session.setPushToTalk(true);
    useStudioStore.getState().setStatus(status({ agentState }));
    await flush();
    const chunk = (tag: number) => mic.opened[0].onChunk(new Int16Array(512).fill(tag));
    const sent = (command: string) => client.calls.filter((c) => c.command === command);
    const tags = () =>
      sent('pushAudio').map((c) =>
        Math.round(decodePcm16((c.input as { pcm: Uint8Array }).pcm, 1)[0][0] * 32768),
      );
    return { session, stop, chunk, sent, tags };
  }

  it('drops chunks while released, sends them while held, and commits the turn once per release', async () => {
    const { session, stop, chunk, sent, tags } = await livePtt();
    chunk(1);
    session.pttPress();
    session.pttPress(); // key repeat
    chunk(2);
    chunk(3);
    session.pttRelease();
    session.pttRelease(); // a key-up after a blur
    chunk(4);
    await flush();
    expect(tags()).toEqual([2, 3]);
    expect(sent('commitUserTurn')).toHaveLength(1);
    expect(sent('interrupt')).toHaveLength(0); // the agent was listening
    session.pttPress();
    session.pttRelease();
    await flush();
    expect(sent('commitUserTurn')).toHaveLength(2);
    stop();
  });

  it('pressing while the agent speaks interrupts it (barge-in); off, the key sends nothing and every chunk passes', async () => {
    const { session, stop, chunk, sent, tags } = await livePtt('speaking');
    session.pttPress();
    await flush();
    expect(sent('interrupt')).toHaveLength(1);
    session.pttRelease();
    session.setPushToTalk(false);
    session.pttPress();
    session.pttRelease();
    chunk(7);
    await flush();
    expect(sent('interrupt')).toHaveLength(1);
    expect(sent('commitUserTurn')).toHaveLength(1);
    expect(tags()).toEqual([7]);
    stop();
  });

  it('outside a live microphone session the key commits nothing', async () => {
    const client = new FakeStudioClient();
    const session = new MicRelay({ client, store: useStudioStore, open: fakeMic().open });
    const stop = session.start();
    session.setPushToTalk(true);
    session.pttPress();
    session.pttRelease();
    await flush();
    expect(client.calls).toEqual([]);
    stop();
  });
});
