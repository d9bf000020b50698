/**
 * Agents built from config (scenario format §3, and the studio's agent config): the scripted
 * behaviour of hooks and tools, on the engine's public Agent/FunctionTool API. Hooks only queue work on the session the
 * way an app author would (say/generateReply not awaited, StopResponse thrown), so the engine's
 * ordering — not this file — decides what happens when.
 */
import type { AgentConfig } from '../../shared/config';
import {
  Agent,
  type ChatContext,
  type ChatMessage,
  type Clock,
  type FunctionTool,
  StopResponse,
} from '../engine';
import { toolFromSpec } from './tools';

/** Id of the starting agent (upstream's default agent id); other agents use their `agents` key. */
export const START_AGENT_ID = 'default_agent';

export interface ConfigAgentDeps {
  clock: Clock;
}

/** A hook that queues one speech: `say(text)` or `generateReply({ instructions })`, not awaited. */
export type HookSpeech = NonNullable<AgentConfig['onEnter']>;

/**
 * An agent's config; `onExit` only comes from scenario files (format v2 §12), the studio's
 * config has no such key.
 */
export type ConfigAgentSpec = AgentConfig & { onExit?: HookSpeech };

/** An agent whose hooks follow its config. */
export class ConfigAgent extends Agent {
  constructor(
    id: string,
    private readonly config: ConfigAgentSpec,
    tools: FunctionTool[],
    private readonly deps: ConfigAgentDeps,
  ) {
    const o = config.overrides;
    super({
      id,
      instructions: config.instructions,
      tools,
      allowInterruptions: o.allowInterruptions,
      minEndpointingDelayMs: o.minEndpointingDelayMs,
      maxEndpointingDelayMs: o.maxEndpointingDelayMs,
      minConsecutiveSpeechDelayMs: o.minConsecutiveSpeechDelayMs,
      useTtsAlignedTranscript: o.useTtsAlignedTranscript,
      turnDetection: o.turnDetection,
    });
  }

  override async onEnter(): Promise<void> {
    if (this.config.onEnter) this.queueSpeech(this.config.onEnter);
  }

  /** Run when the activity drains (handoff away, session close): the speech plays before it closes. */
  override async onExit(): Promise<void> {
    if (this.config.onExit) this.queueSpeech(this.config.onExit);
  }

  /** Queued, not awaited, as an app author writes it: the speech plays after the hook returns. */
  private queueSpeech(hook: HookSpeech): void {
    if ('generateReply' in hook)
      this.session.generateReply({ instructions: hook.generateReply.instructions });
    else this.session.say(hook.say);
  }

  override async onUserTurnCompleted(_turnCtx: ChatContext, _newMessage: ChatMessage): Promise<void> {
    const hook = this.config.onUserTurnCompleted;
    if (!hook) return;
    if (hook.say !== undefined) this.session.say(hook.say);
    if (hook.delayMs > 0) await this.deps.clock.sleep(hook.delayMs);
    if (hook.stopResponse) throw new StopResponse();
  }
}

/**
 * Builds every agent of a config (a scenario's or the studio's). Handoff targets are resolved
 * lazily by name, and each name maps to one instance, so handing back returns to the same agent.
 */
export class ConfigAgents {
  private readonly instances = new Map<string, ConfigAgent>();

  constructor(
    private readonly configs: { agent: ConfigAgentSpec; agents: Record<string, ConfigAgentSpec> },
    private readonly deps: ConfigAgentDeps,
  ) {}

  get start(): ConfigAgent {
    return this.get(START_AGENT_ID);
  }

  get(name: string): ConfigAgent {
    let agent = this.instances.get(name);
    if (!agent) {
      const config = name === START_AGENT_ID ? this.configs.agent : this.configs.agents[name];
      if (!config) throw new Error(`no agent named "${name}" in the scenario`);
      agent = new ConfigAgent(
        name,
        config,
        config.tools.map((t) => this.buildTool(t)),
        this.deps,
      );
      this.instances.set(name, agent);
    }
    return agent;
  }

  private buildTool(spec: AgentConfig['tools'][number]): FunctionTool {
    return toolFromSpec(spec, { clock: this.deps.clock, agentNamed: (name) => this.get(name) });
  }
}

/** The agents of a config; `start` is the starting agent. */
export function agentsFromConfig(
  configs: { agent: ConfigAgentSpec; agents: Record<string, ConfigAgentSpec> },
  deps: ConfigAgentDeps,
): ConfigAgents {
  return new ConfigAgents(configs, deps);
}
