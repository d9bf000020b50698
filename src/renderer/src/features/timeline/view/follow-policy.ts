/**
 * When the timeline jumps back to following live by itself: when a new live session starts.
 * A reload's snapshot or "Back to live" from a replay shows the same session again and leaves
 * the view where the user put it; a recording opened is fitted by the replay instead.
 */
import type { FeedSource } from '../../../store/event-feed';

export class NewSessionWatch {
  private lastLiveSessionId: string | null;

  constructor(initial: FeedSource) {
    this.lastLiveSessionId = initial.kind === 'live' ? initial.sessionId : null;
  }

  /** Called on every feed source change: true when it is a live session not seen before. */
  isNewSession(source: FeedSource): boolean {
    if (source.kind !== 'live' || source.sessionId === null) return false;
    if (source.sessionId === this.lastLiveSessionId) return false;
    this.lastLiveSessionId = source.sessionId;
    return true;
  }
}
