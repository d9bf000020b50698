/**
 * An activity's realtime model session and its listeners as one disposable (the seed's
 * `_rt_session` with the `.on(...)` / `.off(...)` pairs of `_start_session` / `_close_session`).
 * Attaching opens the session and subscribes the handlers; detaching unsubscribes them and
 * closes the session, so no listener outlives its session and no caller resets either by hand.
 */
import type { RealtimeModel, RealtimeSession, RealtimeSessionEvents } from '../../llm/realtime';

/** The activity's reactions to what the server reports; each one is optional. */
export type RealtimeHandlers = {
  [K in keyof RealtimeSessionEvents]?: (payload: RealtimeSessionEvents[K]) => void;
};

export class RealtimeBinding {
  private attached: { session: RealtimeSession; unsubscribe: () => void } | null = null;

  /** The open session, or null when none is attached (upstream `_rt_session`). */
  get session(): RealtimeSession | null {
    return this.attached?.session ?? null;
  }

  /** Opens a session of `model` and subscribes `handlers`; one session at a time. */
  attach(model: RealtimeModel, handlers: RealtimeHandlers): RealtimeSession {
    if (this.attached) throw new Error('RealtimeBinding.attach: a realtime session is already attached');
    const session = model.session();
    const offs: Array<() => void> = [];
    for (const event of Object.keys(handlers) as Array<keyof RealtimeSessionEvents>) {
      offs.push(subscribe(session, event, handlers));
    }
    this.attached = { session, unsubscribe: () => offs.forEach((off) => off()) };
    return session;
  }

  /**
   * Unsubscribes the handlers, then closes the session; it stays readable (`session`) until its
   * close settled, so audio pushed meanwhile still reaches it as before.
   */
  async detach(): Promise<void> {
    const attached = this.attached;
    if (!attached) return;
    attached.unsubscribe();
    try {
      await attached.session.close();
    } finally {
      this.attached = null;
    }
  }
}

function subscribe<K extends keyof RealtimeSessionEvents>(
  session: RealtimeSession,
  event: K,
  handlers: RealtimeHandlers,
): () => void {
  const fn = handlers[event] as (payload: RealtimeSessionEvents[K]) => void;
  return session.on(event, fn);
}
