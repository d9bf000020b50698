/**
 * Scripted tools from a ToolSpec (a result template, an error, a delay, a reply, closing the
 * session, a handoff), built the same way for scenario files and for the studio's config editor,
 * so a prototype behaves the same in the studio and in CI. The studio checks schemas before it
 * applies anything: a bad schema is reported at its field and the running agent keeps its tools.
 */
import type { AgentConfig, StudioConfig, ToolSpec } from '../../shared/config';
import {
  type Agent,
  type AgentSession,
  type Clock,
  compileToolSchema,
  functionTool,
  type FunctionTool,
  type RunContext,
  ToolError,
  ToolSchemaError,
} from '../engine';

export interface ToolSpecDeps {
  clock: Clock;
  /** Resolves a handoff target by its name in `agents` (the live instance, so handing back returns to it). */
  agentNamed(name: string): Agent;
}

/** A problem in the config's tools, named by its dotted config path. */
export interface ToolProblem {
  field: string;
  message: string;
}

/** Checks every agent's tools (schema, unique names, handoff targets) without building them. */
export function checkConfigTools(config: Pick<StudioConfig, 'agent' | 'agents'>): ToolProblem[] {
  const names = Object.keys(config.agents);
  const problems: ToolProblem[] = [];
  const check = (root: string, agent: AgentConfig): void => {
    const seen = new Set<string>();
    agent.tools.forEach((t, i) => {
      const at = `${root}.tools[${i}]`;
      if (seen.has(t.name)) problems.push({ field: `${at}.name`, message: `tool name "${t.name}" repeats` });
      seen.add(t.name);
      try {
        compileToolSchema(t.name, t.parameters);
      } catch (err) {
        if (!(err instanceof ToolSchemaError)) throw err;
        problems.push({ field: `${at}.parameters${err.field ? `.${err.field}` : ''}`, message: err.message });
      }
      if (t.handoffTo !== undefined && !names.includes(t.handoffTo)) {
        problems.push({
          field: `${at}.handoffTo`,
          message: `expected the name of an agent in agents (${names.length ? names.join(', ') : 'none defined'}); got "${t.handoffTo}"`,
        });
      }
    });
  };
  check('agent', config.agent);
  for (const [name, a] of Object.entries(config.agents)) check(`agents.${name}`, a);
  return problems;
}

/** Replaces `{arg}` with the call's argument; unknown placeholders stay as written. */
export function fillTemplate(template: string, args: Record<string, unknown>): string {
  return template.replace(/\{([A-Za-z0-9_$-]+)\}/g, (whole, name: string) => {
    if (!(name in args)) return whole;
    const v = args[name];
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

/** Builds one scripted tool; throws ToolSchemaError for a bad schema (checkConfigTools first). */
export function toolFromSpec(spec: ToolSpec, deps: ToolSpecDeps): FunctionTool {
  return functionTool<AgentSession>({
    name: spec.name,
    description: spec.description,
    parameters: spec.parameters,
    flags: { ignoreOnEnter: spec.ignoreOnEnter },
    execute: async (args: Record<string, unknown>, ctx: RunContext<AgentSession>) => {
      if (spec.delayMs > 0) await deps.clock.sleep(spec.delayMs, ctx.signal);
      if (spec.generateReply) {
        await ctx.session.generateReply({ instructions: spec.generateReply.instructions }).waitForPlayout();
      }
      // As the peer's tool: shutdown() does not block, and by draining it closes only once
      // this tool has returned and its speech is done.
      if (spec.closeSession) ctx.session.shutdown({ drain: true });
      if (spec.error !== undefined) throw new ToolError(spec.error);
      const output = spec.result == null ? undefined : fillTemplate(spec.result, args);
      if (spec.handoffTo !== undefined) {
        const next = deps.agentNamed(spec.handoffTo);
        return output === undefined ? next : { agent: next, output };
      }
      return output;
    },
  });
}
