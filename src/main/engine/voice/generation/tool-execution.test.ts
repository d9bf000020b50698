import { describe, expect, it } from 'vitest';
import { Channel } from '../../base/channel';
import { cancelAndWait } from '../../base/tasks';
import type { FunctionCallItem } from '../../llm/chat-context';
import {
  StopResponse,
  ToolContext,
  ToolError,
  functionTool,
  type FunctionTool,
  type RunContext,
} from '../../llm/tool-context';
import { Agent } from '../agent';
import { SpeechHandle, speechTaskContext } from '../speech-handle';
import { testEnv, type TestEnv } from '../../testing/generation-rig';
import { performToolExecutions } from './tool-execution';
import type { ToolExecutionOutput } from './tool-output';

let seq = 0;
function call(name: string, args: unknown = {}): FunctionCallItem {
  seq += 1;
  return {
    type: 'function_call',
    id: `item_x/fnc_${seq}`,
    callId: `call_${seq}`,
    name,
    arguments: typeof args === 'string' ? args : JSON.stringify(args),
    createdAt: 0,
  };
}

function run(
  env: TestEnv,
  tools: FunctionTool[],
  calls: FunctionCallItem[],
  opts: { toolChoice?: 'none' | 'auto'; keepOpen?: boolean } = {},
) {
  const stream = new Channel<FunctionCallItem>();
  for (const c of calls) stream.send(c);
  if (!opts.keepOpen) stream.close();
  const started: string[] = [];
  const completed: ToolExecutionOutput[] = [];
  const speechHandle = SpeechHandle.create({ clock: env.clock });
  const [task, out] = performToolExecutions({
    session: { name: 'session' },
    speechHandle,
    toolCtx: new ToolContext(tools),
    toolChoice: opts.toolChoice,
    functionStream: stream,
    toolExecutionStartedCb: (c) => started.push(c.name),
    toolExecutionCompletedCb: (o) => completed.push(o),
    env,
  });
  return { task, out, started, completed, stream, speechHandle };
}

const slow = (name: string, delayMs: number, env: TestEnv) =>
  functionTool({
    name,
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    execute: async (args, ctx) => {
      await env.clock.sleep(delayMs, ctx.signal);
      return `${name}:${String(args.city)}`;
    },
  });

describe('performToolExecutions', () => {
  it('runs calls concurrently and reports outputs, callbacks and trace events', async () => {
    const env = testEnv();
    const r = run(
      env,
      [slow('a', 100, env), slow('b', 100, env)],
      [call('a', { city: 'Paris' }), call('b', { city: 'Rome' })],
    );
    await env.clock.runUntil(1000);
    await r.task.promise;
    expect(r.started).toEqual(['a', 'b']);
    expect(r.out.output.map((o) => o.fncCallOut?.output)).toEqual(['a:Paris', 'b:Rome']);
    expect(r.out.output.every((o) => o.replyRequired && o.fncCallOut?.isError === false)).toBe(true);
    expect(r.completed).toEqual(r.out.output);
    expect(r.out.firstToolStartedFut.done).toBe(true);
    // both ended at 100: they ran in parallel, not one after the other
    const ends = env.of('tool_execution').filter((e) => e.phase === 'end');
    expect(ends.map((e) => [e.name, e.t, e.output, e.isError])).toEqual([
      ['a', 100, 'a:Paris', false],
      ['b', 100, 'b:Rome', false],
    ]);
    expect(env.of('tool_execution')[0]).toMatchObject({
      phase: 'start',
      t: 0,
      arguments: '{"city":"Paris"}',
      speechId: r.speechHandle.id,
    });
    expect(r.out.output[0].fncCallOut).toMatchObject({
      type: 'function_call_output',
      callId: r.out.output[0].fncCall.callId,
      createdAt: 100,
    });
  });

  it('does not run a call with bad JSON or a schema mismatch and answers with an error output', async () => {
    const env = testEnv();
    let ran = 0;
    const t = functionTool({
      name: 'lookup',
      parameters: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
      execute: () => (ran += 1),
    });
    const r = run(env, [t], [call('lookup', '{"id":'), call('lookup', {}), call('lookup', { id: 'x' })]);
    await r.task.promise;
    expect(ran).toBe(0);
    expect(r.started).toEqual([]);
    expect(r.out.output.map((o) => [o.fncCallOut?.output, o.fncCallOut?.isError, o.replyRequired])).toEqual([
      ['An internal error occurred', true, true],
      ['An internal error occurred', true, true],
      ['An internal error occurred', true, true],
    ]);
    const errors = env.of('error').map((e) => e.message);
    expect(errors[0]).toMatch(/invalid arguments.*malformed JSON/);
    expect(errors[1]).toMatch(/required property 'id'/);
    expect(errors[2]).toMatch(/id: must be integer/);
  });

  it('answers an unknown function with an error output and a warning', async () => {
    const env = testEnv();
    const r = run(env, [], [call('nope')]);
    await r.task.promise;
    expect(r.out.output).toHaveLength(1);
    expect(r.out.output[0].fncCallOut).toMatchObject({
      name: 'nope',
      output: 'Unknown function: nope',
      isError: true,
    });
    expect(r.out.output[0].replyRequired).toBe(true);
    expect(env.of('warning')).toMatchObject([{ source: 'tools', message: 'unknown AI function `nope`' }]);
    expect(env.of('tool_execution').map((e) => e.phase)).toEqual(['start', 'end']);
  });

  it('turns ToolError into its message, other exceptions into an internal error, StopResponse into no output', async () => {
    const env = testEnv();
    const tools = [
      functionTool({ name: 'tool_err', execute: () => Promise.reject(new ToolError('service unavailable')) }),
      functionTool({
        name: 'crash',
        execute: () => {
          throw new TypeError('boom');
        },
      }),
      functionTool({
        name: 'stop',
        execute: () => {
          throw new StopResponse();
        },
      }),
    ];
    const r = run(env, tools, [call('tool_err'), call('crash'), call('stop')]);
    await r.task.promise;
    const byName = Object.fromEntries(r.out.output.map((o) => [o.fncCall.name, o]));
    expect(byName.tool_err.fncCallOut).toMatchObject({ output: 'service unavailable', isError: true });
    expect(byName.crash.fncCallOut).toMatchObject({ output: 'An internal error occurred', isError: true });
    expect(byName.stop.fncCallOut).toBeNull();
    expect(byName.stop.rawException).toBeInstanceOf(StopResponse);
    // only the unexpected exception is a session error
    expect(env.of('error').map((e) => e.message)).toEqual(['function tool "crash" failed: boom']);
    const end = env.of('tool_execution').find((e) => e.phase === 'end' && e.name === 'tool_err');
    expect(end).toMatchObject({ output: 'service unavailable', isError: true });
  });

  it('maps return values: nothing → no reply, objects → JSON, agents → handoff', async () => {
    const env = testEnv();
    const billing = new Agent({ instructions: 'billing' });
    const tools = [
      functionTool({ name: 'silent', execute: () => undefined }),
      functionTool({ name: 'json', execute: () => ({ temp: 21, ok: true }) }),
      functionTool({ name: 'handoff', execute: () => billing }),
      functionTool({ name: 'handoff_msg', execute: () => [billing, 'transferring'] }),
      functionTool({ name: 'handoff_obj', execute: () => ({ agent: billing, output: 'done' }) }),
      functionTool({ name: 'two_agents', execute: () => [billing, billing] }),
    ];
    const r = run(
      env,
      tools,
      tools.map((t) => call(t.name)),
    );
    await r.task.promise;
    const o = Object.fromEntries(r.out.output.map((x) => [x.fncCall.name, x]));
    expect([o.silent.fncCallOut?.output, o.silent.replyRequired, o.silent.agentTask]).toEqual([
      '',
      false,
      null,
    ]);
    expect([o.json.fncCallOut?.output, o.json.replyRequired]).toEqual(['{"temp":21,"ok":true}', true]);
    expect([o.handoff.agentTask, o.handoff.fncCallOut?.output, o.handoff.replyRequired]).toEqual([
      billing,
      '',
      false,
    ]);
    expect([o.handoff_msg.agentTask, o.handoff_msg.fncCallOut?.output, o.handoff_msg.replyRequired]).toEqual([
      billing,
      'transferring',
      true,
    ]);
    expect([o.handoff_obj.agentTask, o.handoff_obj.fncCallOut?.output]).toEqual([billing, 'done']);
    expect([o.two_agents.agentTask, o.two_agents.fncCallOut]).toEqual([null, null]);
  });

  it("ignores calls when tool_choice is 'none'", async () => {
    const env = testEnv();
    let ran = false;
    const r = run(env, [functionTool({ name: 'x', execute: () => (ran = true) })], [call('x')], {
      toolChoice: 'none',
    });
    await r.task.promise;
    expect(ran).toBe(false);
    expect(r.out.output).toEqual([]);
    expect(env.of('warning')).toHaveLength(1);
  });

  it('gives the tool its RunContext and tags its async work with the speech and call', async () => {
    const env = testEnv();
    let seen: { ctx: RunContext; store: unknown } | null = null;
    const t = functionTool({
      name: 'inspect',
      execute: async (_args, ctx: RunContext) => {
        await env.clock.sleep(10, ctx.signal);
        seen = { ctx, store: speechTaskContext.getStore() };
        return 'ok';
      },
    });
    const r = run(env, [t], [call('inspect')]);
    await env.clock.runUntil(100);
    await r.task.promise;
    expect(seen!.ctx.session).toEqual({ name: 'session' });
    expect(seen!.ctx.speechHandle).toBe(r.speechHandle);
    expect(seen!.ctx.functionCall.name).toBe('inspect');
    expect(seen!.store).toEqual({ speechHandle: r.speechHandle, functionCallName: 'inspect' });
  });

  it('on cancellation stops taking calls but waits for the running ones', async () => {
    const env = testEnv();
    const r = run(env, [slow('a', 200, env)], [call('a', { city: 'Oslo' })], { keepOpen: true });
    await env.clock.runUntil(50);
    const cancelled = cancelAndWait([r.task], env.clock, 5000);
    await env.clock.runUntil(60);
    r.stream.trySend(call('a', { city: 'late' }));
    await env.clock.runUntil(500);
    expect(await cancelled).toBe(true);
    expect(r.out.output.map((o) => o.fncCallOut?.output)).toEqual(['a:Oslo']);
    expect(env.of('tool_execution').at(-1)).toMatchObject({ phase: 'end', t: 200 });
  });

  it('aborts running tools through their signal when the owner closes', async () => {
    const env = testEnv();
    const r = run(env, [slow('a', 10_000, env)], [call('a', { city: 'Oslo' })]);
    await env.clock.runUntil(50);
    const closing = env.owner.close(env.clock, 1000);
    await env.clock.runUntil(100);
    expect(await closing).toBe(true);
    expect(r.out.output).toHaveLength(1);
    expect(r.out.output[0].fncCallOut?.isError).toBe(true);
    // a cancellation is not reported as a tool failure
    expect(env.of('error')).toHaveLength(0);
    expect(env.clock.pendingTimerCount()).toBe(0);
  });
});
