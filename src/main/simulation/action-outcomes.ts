/**
 * Whether each delivered action failed, judged against its `expectError` (format v2 §13.2). An
 * action fails when its engine call raises, or when the promise it returns is rejected in the
 * instant it ran. A failure that was expected is a passing check; an unexpected one, or an
 * expected one that never came, fails the run with a message naming the action's index. Either
 * way the run goes on. Actions never delivered (the session closed first, §15.2) are not judged.
 */
import { errorText } from '../engine';
import type { Action } from './scenario-schema';
import { actionKind } from './simulated-world';

interface Delivered {
  action: Action;
  /** Clock instant the action ran at (not now(), which moves 1 µs per read within an instant). */
  instantMs: number;
  failed: boolean;
}

export class ActionOutcomes {
  private readonly delivered = new Map<number, Delivered>();

  constructor(
    /** The clock's current instant (VirtualClock.instantMs). */
    private readonly instantMs: () => number,
    private readonly fail: (message: string) => void,
  ) {}

  ran(index: number, action: Action): void {
    this.delivered.set(index, { action, instantMs: this.instantMs(), failed: false });
  }

  threw(index: number, action: Action, err: unknown): void {
    this.failed(index, action, `threw ${errorText(err)}`);
  }

  rejected(index: number, action: Action, err: unknown): void {
    const d = this.delivered.get(index);
    if (d && this.instantMs() > d.instantMs) {
      // not a failure of the call (§13.2): the engine call returned and its work failed later
      const later = `rejected ${Math.round(this.instantMs() - d.instantMs)} ms after it ran: ${errorText(err)}`;
      this.fail(
        `${this.name(index, action)} ${later}${action.expectError ? ' (expectError wants it to fail when it runs)' : ''}`,
      );
      return;
    }
    this.failed(index, action, `rejected: ${errorText(err)}`);
  }

  /** After the run: every delivered action with `expectError` must have failed. */
  checkExpectedErrors(): void {
    for (const [index, d] of this.delivered) {
      if (d.action.expectError && !d.failed)
        this.fail(`${this.name(index, d.action)} was expected to fail (expectError) but did not`);
    }
  }

  private failed(index: number, action: Action, what: string): void {
    const d = this.delivered.get(index);
    if (d) d.failed = true;
    if (!action.expectError) this.fail(`${this.name(index, action)} ${what}`);
  }

  private name(index: number, action: Action): string {
    return `actions[${index}] (${actionKind(action)} at ${action.atMs})`;
  }
}
