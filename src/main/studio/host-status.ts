/**
 * Main's status of the studio (phase, session, last error, fallbacks), kept redacted and pushed
 * to every transport when it changes. The agent and user state and the current agent are also
 * kept here (getState and the API return them), but their changes are not pushed: they already
 * reach the renderer as events, which is where its views (live or replayed) read them from.
 */
import type { EngineEvent } from '../../shared/engine-events';
import type { StudioStatus } from '../../shared/studio-api';
import type { Redactor } from '../log';

export class HostStatus {
  private status: StudioStatus;

  constructor(
    transport: StudioStatus['transport'],
    private readonly redact: Redactor,
    private readonly push: (status: StudioStatus) => void,
  ) {
    this.status = {
      phase: 'idle',
      sessionId: null,
      startedAt: null,
      agentState: 'initializing',
      userState: 'listening',
      currentAgent: null,
      lastError: null,
      transport,
      inputMode: null,
      endedAt: null,
      endReason: null,
    };
  }

  get(): StudioStatus {
    return { ...this.status };
  }

  /** Merges a change and pushes the new status. */
  set(patch: Partial<Omit<StudioStatus, 'transport'>>): void {
    this.merge(patch);
    this.push(this.get());
  }

  /**
   * Follows a (redacted) session event: state changes are recorded silently (the renderer has
   * the event), an error or the demo's fallback warning becomes the pushed `lastError`.
   */
  observe(ev: EngineEvent, demoFallbackSource: string): void {
    if (ev.type === 'agent_state_changed') this.merge({ agentState: ev.newState });
    else if (ev.type === 'user_state_changed') this.merge({ userState: ev.newState });
    else if (ev.type === 'agent_handoff') this.merge({ currentAgent: ev.newAgentId });
    else if (ev.type === 'error') this.set({ lastError: `${ev.source}: ${ev.message}` });
    // The demo playing its scripted twin is not an error, but the user must see why it is mute.
    else if (ev.type === 'warning' && ev.source === demoFallbackSource) this.set({ lastError: ev.message });
  }

  private merge(patch: Partial<Omit<StudioStatus, 'transport'>>): void {
    this.status = { ...this.status, ...patch };
    if (this.status.lastError !== null) this.status.lastError = this.redact(this.status.lastError);
  }
}
