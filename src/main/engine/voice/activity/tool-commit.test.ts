/**
 * The tool-commit step alone: which items it collects, what function_tools_executed reports,
 * the one-agent handoff rule and the tool choice of the reply.
 */
import { describe, expect, it } from 'vitest';
import { Future } from '../../base/tasks';
import type { EngineEventInput } from '../../event-bus';
import type { FunctionCallItem } from '../../llm/chat-context';
import { StopResponse, ToolError } from '../../llm/tool-context';
import { Agent } from '../agent';
import type { ToolOutput } from '../generation/tool-execution';
import { makeToolOutput } from '../generation/tool-output';
import { commitToolOutputs, type ToolCommitDeps } from './tool-commit';

function call(name: string): FunctionCallItem {
  return {
    type: 'function_call',
    id: `item_${name}`,
    callId: `call_${name}`,
    name,
    arguments: '{}',
    createdAt: 0,
  };
}

/** A tool output as the executor makes it: a return value, or a thrown exception. */
function result(name: string, output: unknown, exception: unknown = undefined) {
  return makeToolOutput({ fncCall: call(name), output, exception, createdAt: 10 });
}

function toolOutput(...outputs: ReturnType<typeof result>[]): ToolOutput {
  return { output: outputs, firstToolStartedFut: new Future<void>() };
}

function deps(schedulingPaused = false) {
  const log: string[] = [];
  const events: EngineEventInput[] = [];
  const d: ToolCommitDeps = {
    events: {
      emit: (ev) => {
        events.push(ev);
        log.push(ev.type);
      },
    },
    reportError: (source, err) =>
      log.push(`error:${source}:${err instanceof Error ? err.message : String(err)}`),
    schedulingPaused,
    session: { updateAgent: (agent) => log.push(`handoff:${agent.instructions}`) },
  };
  const executed = () => events.filter((e) => e.type === 'function_tools_executed');
  return { d, log, executed };
}

describe('commitToolOutputs', () => {
  it('collects the calls with outputs, reports every call, and asks for a reply with tool choice auto', () => {
    const t = deps();
    const commit = commitToolOutputs(
      t.d,
      toolOutput(
        result('weather', 'sunny'),
        result('stop', undefined, new StopResponse()),
        result('fail', undefined, new ToolError('no')),
      ),
      { toolChoice: 'required' },
    );
    expect(commit.calls.map((c) => c.name)).toEqual(['weather', 'fail']);
    expect(commit.outputs.map((o) => [o.name, o.output, o.isError])).toEqual([
      ['weather', 'sunny', false],
      ['fail', 'no', true],
    ]);
    expect(commit.replyRequired).toBe(true);
    expect(commit.newAgent).toBeNull();
    expect(commit.replyToolChoice).toBe('auto'); // a forced choice is never repeated for the reply
    expect(t.log).toEqual(['function_tools_executed']);
    expect(t.executed()).toEqual([
      {
        type: 'function_tools_executed',
        functionCalls: [
          { callId: 'call_weather', name: 'weather', arguments: '{}' },
          { callId: 'call_stop', name: 'stop', arguments: '{}' },
          { callId: 'call_fail', name: 'fail', arguments: '{}' },
        ],
        functionCallOutputs: [
          { callId: 'call_weather', name: 'weather', output: 'sunny', isError: false },
          null,
          { callId: 'call_fail', name: 'fail', output: 'no', isError: true },
        ],
      },
    ]);
  });

  it('no output, no reply: a StopResponse alone is reported and nothing is collected', () => {
    const t = deps();
    const commit = commitToolOutputs(t.d, toolOutput(result('stop', undefined, new StopResponse())), {
      toolChoice: undefined,
    });
    expect(commit).toMatchObject({ calls: [], outputs: [], replyRequired: false, newAgent: null });
    expect(t.executed()).toHaveLength(1);
  });

  it('hands the session to the agent a tool returned; the reply may not call tools again', () => {
    const t = deps();
    const next = new Agent({ instructions: 'billing' });
    const commit = commitToolOutputs(t.d, toolOutput(result('transfer', [next, 'transferring'])), {
      toolChoice: 'auto',
    });
    expect(commit.newAgent).toBe(next);
    expect(commit.replyToolChoice).toBe('none');
    expect(commit.outputs.map((o) => o.output)).toEqual(['transferring']);
    expect(t.log).toEqual(['function_tools_executed', 'handoff:billing']);
  });

  it('two tools returning an agent: an error, and no handoff', () => {
    const t = deps();
    const commit = commitToolOutputs(
      t.d,
      toolOutput(
        result('a', new Agent({ instructions: 'a' })),
        result('b', new Agent({ instructions: 'b' })),
      ),
      { toolChoice: 'auto' },
    );
    expect(commit.newAgent).toBeNull();
    expect(commit.replyToolChoice).toBe('auto');
    expect(t.log).toEqual([
      'error:agent_activity:expected to receive only one agent from the tool executions',
      'function_tools_executed',
    ]);
  });

  it('as the seed, the last output decides: an agent followed by a plain output hands off to nobody', () => {
    const t = deps();
    const commit = commitToolOutputs(
      t.d,
      toolOutput(result('transfer', new Agent({ instructions: 'x' })), result('weather', 'sunny')),
      { toolChoice: 'auto' },
    );
    expect(commit.newAgent).toBeNull();
    expect(t.log).toEqual(['function_tools_executed']);
  });

  it('keeps tool choice none while draining or when the step had none', () => {
    expect(
      commitToolOutputs(deps(true).d, toolOutput(result('w', 'x')), { toolChoice: 'auto' }).replyToolChoice,
    ).toBe('none');
    expect(
      commitToolOutputs(deps().d, toolOutput(result('w', 'x')), { toolChoice: 'none' }).replyToolChoice,
    ).toBe('none');
  });

  it('hands each output to onOutput in order, before the handoff check of its call and before the report', () => {
    const t = deps();
    commitToolOutputs(
      t.d,
      toolOutput(
        result('a', [new Agent({ instructions: 'a' }), 'out a']),
        result('b', [new Agent({ instructions: 'b' }), 'out b']),
      ),
      { toolChoice: 'auto', onOutput: (o) => t.log.push(`output:${o.output}`) },
    );
    expect(t.log).toEqual([
      'output:out a',
      'output:out b',
      'error:agent_activity:expected to receive only one agent from the tool executions',
      'function_tools_executed',
    ]);
  });
});
