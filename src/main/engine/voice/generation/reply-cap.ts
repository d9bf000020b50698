/**
 * The per-reply size limit (session option `maxReplyChars`). A reply of megabytes is no reply a
 * voice agent can speak, and every stage after the LLM (tokenizers, TTS, transcript, history)
 * pays for each character, so the engine takes at most the limit from one LLM step or one `say`
 * and drops the rest — saying so once, with the limit to raise, in a `warning` event.
 */
import type { EventSink } from '../../event-bus';

/** The `source` of the warning a truncated reply emits. */
export const REPLY_CAP_SOURCE = 'maxReplyChars';

export class ReplyCap {
  private taken = 0;
  private cut = false;

  constructor(
    private readonly limit: number,
    /** What is limited, for the message: "LLM reply", "say text". */
    private readonly what: string,
    private readonly events: EventSink,
    private readonly speechId: string | null = null,
  ) {}

  /** Whether the limit was reached and text was dropped. */
  get truncated(): boolean {
    return this.cut;
  }

  /**
   * The part of `text` still within the limit ('' once it is reached). The first text cut
   * emits the warning; `total` (when the whole reply's length is known) goes into the message.
   */
  take(text: string, total?: number): string {
    if (this.cut) return '';
    const room = this.limit - this.taken;
    if (text.length <= room) {
      this.taken += text.length;
      return text;
    }
    const keep = cutIndex(text, room);
    this.taken += keep;
    this.cut = true;
    const size = total === undefined ? `more than ${this.limit}` : `${total}`;
    this.events.emit({
      type: 'warning',
      source: REPLY_CAP_SOURCE,
      message:
        `${this.what}${this.speechId ? ` (${this.speechId})` : ''} has ${size} characters: ` +
        `cut after ${this.taken}, the rest is not spoken, shown or kept. ` +
        `Raise the session option maxReplyChars (now ${this.limit}) to allow longer replies.`,
    });
    return text.slice(0, keep);
  }
}

/** Where to cut `text` to keep at most `max` characters: `max`, or one less inside a surrogate pair. */
export function cutIndex(text: string, max: number): number {
  if (text.length <= max) return text.length;
  const code = text.charCodeAt(max - 1);
  return max > 0 && code >= 0xd800 && code <= 0xdbff ? max - 1 : max;
}

/** `source` with everything past the cap dropped; stops reading the source once it is reached. */
export async function* capText(source: AsyncIterable<string>, cap: ReplyCap): AsyncGenerator<string> {
  for await (const chunk of source) {
    const kept = cap.take(chunk);
    if (kept) yield kept;
    if (cap.truncated) return;
  }
}

/**
 * `source` with everything past the cap dropped, but read to its end: for a producer that must
 * not be left blocked (a realtime model's text stream keeps arriving after the cut).
 */
export async function* capTextDraining(source: AsyncIterable<string>, cap: ReplyCap): AsyncGenerator<string> {
  for await (const chunk of source) {
    const kept = cap.take(chunk);
    if (kept) yield kept;
  }
}
