import { describe, expect, it } from 'vitest';
import { AgentConfigSchema } from '../../shared/config';
import { VirtualClock } from '../engine/base/virtual-clock';
import { ChatContext } from '../engine/llm/chat-context';
import { StopResponse, ToolError, type RunContext } from '../engine/llm/tool-context';
import { makeSessionRig } from '../engine/testing';
import { agentsFromConfig, fillTemplate, START_AGENT_ID } from '.';

const agentConfig = (x: unknown) => AgentConfigSchema.parse(x);

function build(agent: unknown, agents: Record<string, unknown> = {}) {
  const clock = new VirtualClock();
  const built = agentsFromConfig(
    {
      agent: agentConfig(agent),
      agents: Object.fromEntries(Object.entries(agents).map(([k, v]) => [k, agentConfig(v)])),
    },
    { clock },
  );
  return { clock, built };
}

/** A RunContext stand-in: the tools only use `session` and `signal`. */
function ctxWith(session: Record<string, unknown> = {}): RunContext {
  return { session, signal: new AbortController().signal } as unknown as RunContext;
}

describe('fillTemplate', () => {
  it('substitutes {arg}, serializes non-strings and keeps unknown placeholders', () => {
    expect(fillTemplate('The weather in {location} is {w}.', { location: 'Tokyo', w: { t: 20 } })).toBe(
      'The weather in Tokyo is {"t":20}.',
    );
    expect(fillTemplate('{missing} stays', {})).toBe('{missing} stays');
  });
});

describe('scenario tools', () => {
  it('result template, flags and description come from the ToolSpec', async () => {
    const { built } = build({
      tools: [
        { name: 'get_weather', description: 'weather', result: 'Sunny in {location}.', ignoreOnEnter: true },
      ],
    });
    const [tool] = built.start.tools;
    expect(tool).toMatchObject({
      name: 'get_weather',
      description: 'weather',
      flags: { ignoreOnEnter: true },
    });
    expect(await tool.execute({ location: 'Oslo' }, ctxWith())).toBe('Sunny in Oslo.');
  });

  it('a null or absent result returns nothing; error throws a ToolError', async () => {
    const { built } = build({
      tools: [
        { name: 'quiet', result: null },
        { name: 'broken', error: 'service unavailable' },
      ],
    });
    const [quiet, broken] = built.start.tools;
    expect(await quiet.execute({}, ctxWith())).toBeUndefined();
    const err = await broken.execute({}, ctxWith()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolError);
    expect((err as Error).message).toBe('service unavailable');
  });

  it('delayMs runs on the clock', async () => {
    const { clock, built } = build({ tools: [{ name: 'slow', result: 'done', delayMs: 1000 }] });
    let out: unknown = 'pending';
    void built.start.tools[0].execute({}, ctxWith()).then((v) => (out = v));
    await clock.runUntil(999);
    expect(out).toBe('pending');
    await clock.runUntil(1000);
    expect(out).toBe('done');
  });

  it('generateReply awaits the nested reply, closeSession shuts down with drain, handoffTo returns the agent', async () => {
    const { built } = build(
      {
        tools: [
          { name: 'bye', generateReply: { instructions: 'say goodbye' }, closeSession: true },
          { name: 'to_billing', result: 'ok', handoffTo: 'billing' },
        ],
      },
      { billing: { instructions: 'billing' } },
    );
    const calls: string[] = [];
    let release: () => void = () => undefined;
    const session = {
      generateReply: (o: { instructions?: string }) => {
        calls.push(`generateReply ${o.instructions}`);
        return { waitForPlayout: () => new Promise<void>((r) => (release = r)) };
      },
      shutdown: (o: { drain?: boolean }) => calls.push(`shutdown drain=${o.drain}`),
    };
    const [bye, toBilling] = built.start.tools;
    const running = bye.execute({}, ctxWith(session));
    await Promise.resolve();
    expect(calls).toEqual(['generateReply say goodbye']);
    release();
    expect(await running).toBeUndefined();
    expect(calls).toEqual(['generateReply say goodbye', 'shutdown drain=true']);

    const handoff = (await toBilling.execute({}, ctxWith())) as { agent: unknown; output: string };
    expect(handoff.output).toBe('ok');
    expect(handoff.agent).toBe(built.get('billing'));
    expect(built.get('billing').id).toBe('billing');
    expect(built.start.id).toBe(START_AGENT_ID);
  });
});

describe('scenario agents', () => {
  it('overrides become agent options', () => {
    const { built } = build({
      instructions: 'x',
      overrides: { allowInterruptions: false, minEndpointingDelayMs: 800 },
    });
    expect(built.start.allowInterruptions).toBe(false);
    expect(built.start.minEndpointingDelayMs).toBe(800);
    expect(built.start.instructions).toBe('x');
  });

  it('onUserTurnCompleted takes delayMs on the clock, then stopResponse throws StopResponse', async () => {
    const { clock, built } = build({ onUserTurnCompleted: { delayMs: 300, stopResponse: true } });
    const msg = {
      type: 'message',
      id: 'm',
      role: 'user',
      content: 'hi',
      interrupted: false,
      createdAt: 0,
    } as const;
    let settled: unknown = 'pending';
    void built.start.onUserTurnCompleted(new ChatContext(), msg).then(
      () => (settled = 'resolved'),
      (e: unknown) => (settled = e),
    );
    await clock.runUntil(299);
    expect(settled).toBe('pending');
    await clock.runUntil(300);
    expect(settled).toBeInstanceOf(StopResponse);
  });

  it('an unknown agent name is an error', () => {
    const { built } = build({});
    expect(() => built.get('nobody')).toThrow(/no agent named "nobody"/);
  });
});

describe('agent hooks', () => {
  it('onExit queues its say when the activity drains, and it plays before the session closes (format v2 §12)', async () => {
    const rig = makeSessionRig();
    rig.tts.on('Goodbye.', { audioDurationMs: 500, ttfbMs: 0 });
    const clock = rig.clock;
    const built = agentsFromConfig(
      { agent: { ...agentConfig({}), onExit: { say: 'Goodbye.' } }, agents: {} },
      { clock },
    );
    await rig.start(built.start);
    await rig.run(100);
    expect(rig.of('speech_created')).toEqual([]);
    await rig.close();
    expect(rig.of('speech_created').map((e) => e.source)).toEqual(['say']);
    expect(rig.of('playback_finished').map((e) => [e.positionMs, e.interrupted])).toEqual([[500, false]]);
    const said = built.start.chatCtx.items.filter((i) => i.type === 'message' && i.role === 'assistant');
    expect(said.map((m) => (m.type === 'message' ? m.content : null))).toEqual(['Goodbye.']);
  });
});
