/**
 * Which user messages of a recording were spoken (committed by an end of turn) and which were
 * typed. Export, re-run and diff must agree on it: a spoken turn taken for a typed one is
 * exported as a `userText` action on top of its speech, and the re-run then answers it twice.
 *
 * The link is causal, not a time window. The engine emits `end_of_turn` (committed) once its
 * `onEndOfTurn` hook took the transcript; the turn completion then adds the user message with
 * that very text after waiting for the previous turn's hook, background tools and the reply it
 * interrupts — on a live clock anything from a few to hundreds of ms later, so no fixed gap
 * separates the two. Turn completions run one after another: messages come in the order of
 * their end of turn. While the session closes, the hook keeps the message itself, so there it
 * comes just before its end_of_turn.
 */
import type { EngineEvent, EngineEventOf } from '../../shared/engine-events';

export type EndOfTurnEvent = EngineEventOf<'end_of_turn'>;

const userMessageOf = (ev: EngineEvent): string | null =>
  ev.type === 'conversation_item_added' && ev.item.type === 'message' && ev.item.role === 'user'
    ? ev.item.content
    : null;

/** The end_of_turn right after a message (no other user message between), if it committed `said`. */
function keptWhileClosing(events: readonly EngineEvent[], from: number, said: string): EndOfTurnEvent | null {
  for (let j = from + 1; j < events.length; j++) {
    const ev = events[j];
    if (ev.type === 'end_of_turn') return ev.committed && ev.transcript === said ? ev : null;
    if (userMessageOf(ev) !== null) return null;
  }
  return null;
}

/**
 * The committed end of turn of each spoken user message, by message id; a user message not in
 * the map was typed (or otherwise added without a turn). An end of turn is matched to the first
 * later user message with its transcript; earlier end of turns still unmatched then are turns the
 * engine dropped (e.g. the reply could not interrupt the current speech), so they match nothing.
 */
export function endOfTurnByUserMessage(events: readonly EngineEvent[]): Map<string, EndOfTurnEvent> {
  const out = new Map<string, EndOfTurnEvent>();
  const taken = new Set<EndOfTurnEvent>();
  let open: EndOfTurnEvent[] = [];
  events.forEach((ev, i) => {
    if (ev.type === 'end_of_turn') {
      if (ev.committed && !taken.has(ev)) open.push(ev);
      return;
    }
    const said = userMessageOf(ev);
    if (said === null || ev.type !== 'conversation_item_added') return;
    const k = open.findIndex((e) => e.transcript === said);
    if (k >= 0) {
      out.set(ev.item.id, open[k]);
      open = open.slice(k + 1);
      return;
    }
    const closing = keptWhileClosing(events, i, said);
    if (closing) {
      out.set(ev.item.id, closing);
      taken.add(closing);
    }
  });
  return out;
}
