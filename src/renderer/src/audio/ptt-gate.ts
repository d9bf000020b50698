/**
 * Push-to-talk as pure state: while it is on, microphone chunks pass only while the key is held,
 * and each release ends the user's turn exactly once. Off (the default), every chunk passes and
 * the key means nothing. The caller sends the commands; this only decides.
 */
export class PttGate {
  private enabled = false;
  private held = false;

  /** Turning it off also ends a hold, without asking for a commit. */
  setEnabled(on: boolean): void {
    this.enabled = on;
    if (!on) this.held = false;
  }

  isEnabled(): boolean {
    return this.enabled;
  }

  isHeld(): boolean {
    return this.held;
  }

  /** Whether a microphone chunk may be sent now. */
  passes(): boolean {
    return !this.enabled || this.held;
  }

  /** The key went down: true when this starts a hold (key repeats and a disabled gate do not). */
  press(): boolean {
    if (!this.enabled || this.held) return false;
    this.held = true;
    return true;
  }

  /** The key went up (or focus left): true once per hold, when the user's turn should be committed. */
  release(): boolean {
    if (!this.held) return false;
    this.held = false;
    return true;
  }
}
