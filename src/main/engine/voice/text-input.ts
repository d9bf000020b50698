/**
 * Typed user turns (LiveKit room_io's default text input callback: `await session.interrupt()`
 * then `generate_reply(user_input=text)`). With the session option `textInputInterrupts` (the
 * default) a typed turn interrupts what the agent is saying or has queued, waits until those
 * speeches are done (so the history holds what was heard of them), then answers the new text;
 * with it off each typed turn is queued behind the others.
 *
 * Turns are handled one after another: a turn typed while the previous one is still waiting for
 * its interruption to finish interrupts that turn's reply in its turn, so however fast the user
 * types, only the latest text gets a reply played and no backlog builds up. Every typed text
 * still joins the history (a reply's user message is added as soon as the reply is queued).
 */
import type { SpeechHandle } from './speech-handle';
import type { AgentSession } from './agent-session';
import { interruptForTypedText } from './activity/interruption';

export class TypedTextInput {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  constructor(private readonly session: AgentSession) {}

  /**
   * Answers `text` as a user turn; resolves with the reply's handle once it is queued. Rejects
   * (and the turns after it still run) when the session cannot answer, e.g. it is not running.
   */
  submit(text: string): Promise<SpeechHandle> {
    this.waiting += 1;
    const run = async (): Promise<SpeechHandle> => {
      try {
        if (this.session.options.textInputInterrupts) await this.takeTheFloor();
        return this.session.generateReply({ userInput: text, inputModality: 'text' });
      } finally {
        this.waiting -= 1;
      }
    };
    const turn = this.tail.then(run, run);
    this.tail = turn.catch(() => undefined); // the caller gets the failure; later turns still run
    return turn;
  }

  /** Typed turns not answered yet; for the leak check. */
  get pending(): number {
    return this.waiting;
  }

  private async takeTheFloor(): Promise<void> {
    const act = this.session.currentActivity;
    if (!act) return; // not running: generateReply says so
    const { kept, done } = interruptForTypedText(act);
    if (kept.length > 0) {
      act.warn(
        'text_input',
        `typed text waits for ${kept.map((s) => s.id).join(', ')}: ` +
          'a speech that does not allow interruptions plays to its end first',
      );
    }
    await done;
  }
}
