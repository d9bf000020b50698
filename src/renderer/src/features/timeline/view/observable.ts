/**
 * A value React can read with useSyncExternalStore while the frame loop writes it: the hover
 * tooltip and the toolbar readout re-render alone, and only when their value really changes.
 */
export class Observable<T> {
  private readonly listeners = new Set<() => void>();

  constructor(
    private value: T,
    private readonly equal: (a: T, b: T) => boolean = Object.is,
  ) {}

  get = (): T => this.value;

  set(next: T): void {
    if (this.equal(this.value, next)) return;
    this.value = next;
    for (const l of this.listeners) l();
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}
