/**
 * The counts a manifest's `stats` holds, taken from the events themselves so a writer at close
 * and a reader recounting a crashed recording agree:
 * - turns: user messages added to the chat (spoken or typed);
 * - interruptions: `interruption` events (one per interruption, paused or not);
 * - falseInterruptions: `agent_false_interruption` events;
 * - toolCalls: `tool_execution` starts;
 * - errors: `error` events.
 */
import type { EngineEvent } from '../../shared/engine-events';
import type { RecordingStats } from '../../shared/recording';

export function emptyStats(): RecordingStats {
  return { eventCount: 0, turns: 0, interruptions: 0, falseInterruptions: 0, toolCalls: 0, errors: 0 };
}

/** Counts one event into `s` (mutates it). Tolerates any object: events read back are untrusted. */
export function countEvent(s: RecordingStats, ev: EngineEvent | Record<string, unknown>): void {
  s.eventCount += 1;
  const e = ev as Record<string, unknown>;
  switch (e.type) {
    case 'conversation_item_added': {
      const item = e.item as Record<string, unknown> | null | undefined;
      if (item && item.type === 'message' && item.role === 'user') s.turns += 1;
      break;
    }
    case 'interruption':
      s.interruptions += 1;
      break;
    case 'agent_false_interruption':
      s.falseInterruptions += 1;
      break;
    case 'tool_execution':
      if (e.phase === 'start') s.toolCalls += 1;
      break;
    case 'error':
      s.errors += 1;
      break;
  }
}

/** Reads the optional 4th element of an index line (counts before that event); null if absent or malformed. */
export function statsFromIndexValue(v: unknown): RecordingStats | null {
  if (typeof v !== 'object' || v === null) return null;
  const o = v as Record<string, unknown>;
  const s = emptyStats();
  for (const k of Object.keys(s) as (keyof RecordingStats)[]) {
    const n = o[k];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return null;
    s[k] = n;
  }
  return s;
}
