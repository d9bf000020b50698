/**
 * Agents and tools built from scenario config (format §3): the scripted behaviour of hooks and
 * tools, on the engine's public Agent/FunctionTool API. Hooks only queue work on the session the
 * way an app author would (say/generateReply not awaited, StopResponse thrown), so the engine's
 * ordering — not this file — decides what happens when.
 */
import type { AgentConfig, ToolSpec } from '../../shared/config';
import type { Clock } from '../engine/base/clock';
import type { ChatContext, ChatMessage } from '../engine/llm/chat-context';
import {
  functionTool,
  StopResponse,
  ToolError,
  type FunctionTool,
  type RunContext,
} from '../engine/llm/tool-context';
import { Agent } from '../engine/voice/agent';
import type { AgentSession } from '../engine/voice/agent-session';

/** Id of the starting agent (upstream's default agent id); other agents use their `agents` key. */
export const START_AGENT_ID = 'default_agent';

export interface ScenarioAgentDeps {
  clock: Clock;
}

/** Replaces `{arg}` with the call's argument; unknown placeholders stay as written. */
export function fillTemplate(template: string, args: Record<string, unknown>): string {
  return template.replace(/\{([A-Za-z0-9_$-]+)\}/g, (whole, name: string) => {
    if (!(name in args)) return whole;
    const v = args[name];
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

/** An agent whose hooks follow its scenario config. */
export class ScenarioAgent extends Agent {
  constructor(
    id: string,
    private readonly config: AgentConfig,
    tools: FunctionTool[],
    private readonly deps: ScenarioAgentDeps,
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
    const onEnter = this.config.onEnter;
    if (!onEnter) return;
    // Queued, not awaited, as an app author writes it: the reply plays after the hook returns.
    if ('generateReply' in onEnter)
      this.session.generateReply({ instructions: onEnter.generateReply.instructions });
    else this.session.say(onEnter.say);
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
 * Builds every agent of a scenario. Handoff targets are resolved lazily by name, and each name
 * maps to one instance, so handing back to an agent returns to the same agent.
 */
export class ScenarioAgents {
  private readonly instances = new Map<string, ScenarioAgent>();

  constructor(
    private readonly configs: { agent: AgentConfig; agents: Record<string, AgentConfig> },
    private readonly deps: ScenarioAgentDeps,
  ) {}

  get start(): ScenarioAgent {
    return this.get(START_AGENT_ID);
  }

  get(name: string): ScenarioAgent {
    let agent = this.instances.get(name);
    if (!agent) {
      const config = name === START_AGENT_ID ? this.configs.agent : this.configs.agents[name];
      if (!config) throw new Error(`no agent named "${name}" in the scenario`);
      agent = new ScenarioAgent(
        name,
        config,
        config.tools.map((t) => this.buildTool(t)),
        this.deps,
      );
      this.instances.set(name, agent);
    }
    return agent;
  }

  private buildTool(spec: ToolSpec): FunctionTool {
    const { clock } = this.deps;
    return functionTool<AgentSession>({
      name: spec.name,
      description: spec.description,
      parameters: spec.parameters,
      flags: { ignoreOnEnter: spec.ignoreOnEnter },
      execute: async (args: Record<string, unknown>, ctx: RunContext<AgentSession>) => {
        if (spec.delayMs > 0) await clock.sleep(spec.delayMs, ctx.signal);
        if (spec.generateReply) {
          await ctx.session.generateReply({ instructions: spec.generateReply.instructions }).waitForPlayout();
        }
        // As the peer's tool: shutdown() does not block, and by draining it closes only once
        // this tool has returned and its speech is done.
        if (spec.closeSession) ctx.session.shutdown({ drain: true });
        if (spec.error !== undefined) throw new ToolError(spec.error);
        const output = spec.result == null ? undefined : fillTemplate(spec.result, args);
        if (spec.handoffTo !== undefined) {
          const next = this.get(spec.handoffTo);
          return output === undefined ? next : { agent: next, output };
        }
        return output;
      },
    });
  }
}
