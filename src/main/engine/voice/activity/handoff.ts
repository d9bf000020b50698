/**
 * Swapping the session's activity (upstream AgentSession._update_activity): the old activity
 * drains and closes (or pauses, to be resumed later), the handoff is recorded in the history,
 * then the new activity starts (on_enter) or resumes. Serialized by the session's activity lock.
 */
import type { Clock } from '../../base/clock';
import type { Task } from '../../base/tasks';
import type { EventSink } from '../../event-bus';
import { shortId, type ChatContext, type ChatItem } from '../../llm/chat-context';
import type { Agent, SessionView } from '../agent';
import { AgentActivity } from './activity';
import type { Mutex } from '../../base/mutex';

/** The running activity and the one being switched to (upstream `_activity` / `_next_activity`). */
export interface ActivitySlots {
  current: AgentActivity | null;
  next: AgentActivity | null;
}

export interface HandoffHost {
  session: SessionView;
  slots: ActivitySlots;
  lock: Mutex;
  clock: Clock;
  events: EventSink;
  history: ChatContext;
  setAgent(agent: Agent): void;
}

export interface HandoffOptions {
  previousActivity?: 'close' | 'pause';
  newActivity?: 'start' | 'resume';
  /** Tasks the pause must not wait for (they wait for the handoff itself). */
  blockedTasks?: Task[];
  waitOnEnter?: boolean;
}

export async function updateActivity(
  host: HandoffHost,
  agent: Agent,
  opts: HandoffOptions = {},
): Promise<void> {
  const previousMode = opts.previousActivity ?? 'close';
  const newMode = opts.newActivity ?? 'start';
  const { slots } = host;
  await host.lock.run(async () => {
    host.setAgent(agent);
    if (newMode === 'start') {
      const previousAgent = slots.current?.agent ?? null;
      // the running agent may be restarted in place, any other running agent may not
      if (agent.activity && (agent !== previousAgent || previousMode !== 'close')) {
        throw new Error('cannot start agent: an activity is already running');
      }
      slots.next = new AgentActivity(agent, host.session);
    } else {
      // only an AgentActivity attaches itself to its agent
      if (!(agent.activity instanceof AgentActivity))
        throw new Error('cannot resume agent: no existing active activity to resume');
      slots.next = agent.activity;
    }
    const previous = slots.current;
    if (previous) {
      if (previousMode === 'close') {
        await previous.drain();
        await previous.close();
      } else {
        await previous.pause(opts.blockedTasks ?? []);
      }
    }
    const next = slots.next;
    slots.current = next;
    slots.next = null;
    const handoff: ChatItem = {
      type: 'agent_handoff',
      id: shortId('item'),
      oldAgentId: previous?.agent.id ?? null,
      newAgentId: next.agent.id,
      createdAt: host.clock.now(),
    };
    host.history.insert(handoff);
    host.events.emit({
      type: 'agent_handoff',
      oldAgentId: handoff.oldAgentId,
      newAgentId: handoff.newAgentId,
    });
    if (newMode === 'start') await next.start();
    else await next.resume();
  });
  // outside the lock, so on_enter may itself hand over to another agent
  if (opts.waitOnEnter ?? true) await slots.current?.onEnterTask?.promise.catch(() => undefined); // hook errors are events
}
