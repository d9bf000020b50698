import { describe, expect, it } from 'vitest';
import type { StudioStatus } from '../../../../shared/studio-api';
import { elapsedText } from './ElapsedTime';
import { controlStates, livePhase, replayPhase } from './session-phase';

const status = (patch: Partial<StudioStatus> = {}): StudioStatus => ({
  phase: 'idle',
  sessionId: null,
  startedAt: null,
  agentState: 'initializing',
  userState: 'listening',
  currentAgent: null,
  lastError: null,
  transport: 'websocket',
  endedAt: null,
  endReason: null,
  ...patch,
});

describe('session phase', () => {
  it('follows a session: idle, starting, running, stopping, ended with its reason', () => {
    const at = (s: StudioStatus) => livePhase({ status: s, connection: 'connected' });
    expect(at(status()).label).toBe('idle');
    expect(at(status({ phase: 'starting', startedAt: 1000 })).label).toBe('starting');
    const running = at(status({ phase: 'running', startedAt: 1000 }));
    expect(running.label).toBe('running');
    expect(running.elapsed).toEqual({ from: 1000, to: null, ticking: true });
    expect(at(status({ phase: 'stopping', startedAt: 1000 })).label).toBe('stopping');
    const ended = at(status({ startedAt: 1000, endedAt: 66_000, endReason: 'user_initiated' }));
    expect(ended).toMatchObject({
      phase: 'ended',
      reason: 'user_initiated',
      label: 'ended (user_initiated)',
    });
    // Elapsed stops at the end: the session's length, however late it is read.
    expect(ended.elapsed).toEqual({ from: 1000, to: 66_000, ticking: false });
    expect(elapsedText(ended.elapsed, 999_999_999)).toBe('01:05');
  });

  it('a failed start or an error close is "ended (error)" with the error in the tooltip', () => {
    const failed = livePhase({
      status: status({ phase: 'error', lastError: 'session did not start: no key', endReason: 'error' }),
      connection: 'connected',
    });
    expect(failed.label).toBe('ended (error)');
    expect(failed.title).toContain('session did not start: no key');
  });

  it('a lost connection says "disconnected", not the running it last heard, and stops counting', () => {
    const view = livePhase({
      status: status({ phase: 'running', startedAt: 1000 }),
      connection: 'disconnected',
    });
    expect(view.label).toBe('disconnected');
    expect(view.elapsed).toEqual({ from: 1000, to: null, ticking: false });
    expect(livePhase({ status: status(), connection: 'refused' }).phase).toBe('disconnected');
    expect(livePhase({ status: null, connection: 'connecting' }).phase).toBe('connecting');
    expect(livePhase({ status: null, connection: 'connected' }).phase).toBe('connecting');
  });

  it('a replayed recording shows its own end and duration', () => {
    expect(
      replayPhase({ closeReason: 'user_initiated', summary: { endReason: 'stopped', durationMs: 42_000 } }),
    ).toMatchObject({
      label: 'ended (user_initiated)',
      replay: true,
      elapsed: { from: 0, to: 42_000, ticking: false },
    });
    // A recording the studio did not close has no close event: the reader says crashed.
    expect(
      replayPhase({ closeReason: null, summary: { endReason: 'crashed', durationMs: 5000 } }).label,
    ).toBe('ended (crashed)');
  });

  it('enables each control only in the phases where it can work', () => {
    const enabled = (p: Parameters<typeof controlStates>[0]) => {
      const c = controlStates(p);
      return { start: c.start, stop: c.stop, turn: c.turn };
    };
    expect(enabled('idle')).toEqual({ start: true, stop: false, turn: false });
    expect(enabled('ended')).toEqual({ start: true, stop: false, turn: false });
    expect(enabled('starting')).toEqual({ start: false, stop: true, turn: false });
    expect(enabled('running')).toEqual({ start: false, stop: true, turn: true });
    expect(enabled('stopping')).toEqual({ start: false, stop: false, turn: false });
    expect(enabled('disconnected')).toEqual({ start: false, stop: false, turn: false });
    expect(enabled('connecting')).toEqual({ start: false, stop: false, turn: false });
    expect(controlStates('running').why.start).toBe('A session is running: stop it first');
    expect(controlStates('idle').why.turn).toBe('No session is running: start one first');
    expect(controlStates('disconnected').why.stop).toBe('Not connected to the studio');
  });
});
