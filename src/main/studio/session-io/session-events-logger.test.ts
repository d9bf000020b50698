import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../engine';
import { createMemoryLogger } from '../../log';
import { SessionEvents } from './session-events';

describe("SessionEvents and main's logger", () => {
  it('a consumer that throws is reported to the logger given, not printed and not an event', () => {
    const logger = createMemoryLogger();
    const delivered: string[] = [];
    const events = new SessionEvents(
      new VirtualClock(),
      (ev) => {
        delivered.push(ev.type);
        if (ev.type === 'warning') throw new Error('renderer push failed');
      },
      logger,
    );
    events.emit({ type: 'warning', source: 'studio', message: 'hello' });
    expect(delivered).toEqual(['warning']);
    expect(logger.records).toHaveLength(1);
    expect(logger.records[0]).toMatchObject({ level: 'error', msg: 'an engine event listener threw' });
  });
});
