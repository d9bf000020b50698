import { describe, expect, it } from 'vitest';
import { EventBus, type EngineEvent } from '../event-bus';
import { SpeechHandle } from '../voice/speech-handle';
import { eventLogger, type Logger, type LogLevel } from './logger';
import { VirtualClock } from './virtual-clock';

function memoryLogger(): Logger & { lines: Array<{ level: LogLevel; msg: string; fields?: object }> } {
  const lines: Array<{ level: LogLevel; msg: string; fields?: object }> = [];
  return { lines, log: (level, msg, fields) => lines.push({ level, msg, ...(fields ? { fields } : {}) }) };
}

describe('eventLogger', () => {
  it('turns warnings and errors into warning events and drops debug and info', () => {
    const bus = new EventBus(new VirtualClock());
    const seen: EngineEvent[] = [];
    bus.subscribe((ev) => seen.push(ev));
    const log = eventLogger(bus, 'engine');
    log.log('debug', 'quiet');
    log.log('info', 'quiet too');
    log.log('warn', 'callback failed', { error: new Error('boom'), speech: 'speech_1' });
    log.log('error', 'plain');
    expect(seen.map(({ t: _t, ...ev }) => ev)).toEqual([
      { type: 'warning', source: 'engine', message: 'callback failed (error: boom, speech: speech_1)' },
      { type: 'warning', source: 'engine', message: 'plain' },
    ]);
  });
});

describe('EventBus listener failures', () => {
  it('go to the injected logger, and the other listeners still get the event', () => {
    const logger = memoryLogger();
    const bus = new EventBus(new VirtualClock(), logger);
    const got: string[] = [];
    bus.subscribe(() => {
      throw new Error('bad consumer');
    });
    bus.subscribe((ev) => got.push(ev.type));
    bus.emit({ type: 'warning', source: 'test', message: 'x' });
    expect(got).toEqual(['warning']);
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toMatchObject({ level: 'error', msg: 'an engine event listener threw' });
  });

  it('become one warning event without a logger, never a loop through the failing listener', () => {
    const bus = new EventBus(new VirtualClock());
    const got: string[] = [];
    bus.subscribe(() => {
      throw new Error('always fails');
    });
    bus.subscribe((ev) => got.push(ev.type === 'warning' ? ev.message : ev.type));
    bus.emit({ type: 'user_state_changed', oldState: 'listening', newState: 'speaking' });
    expect(got).toEqual([
      'an engine event listener threw (event: user_state_changed, error: always fails)',
      'user_state_changed',
    ]);
  });
});

describe('SpeechHandle callback failures', () => {
  it('go to the logger it was given', async () => {
    const logger = memoryLogger();
    const h = SpeechHandle.create({ clock: new VirtualClock(), logger });
    h.addDoneCallback(() => {
      throw new Error('user callback');
    });
    h.markDone();
    await Promise.resolve(); // done callbacks run in a microtask, like asyncio's call_soon
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0].level).toBe('warn');
    expect(logger.lines[0].msg).toMatch(new RegExp(`error in .* of ${h.id}`));
  });
});
