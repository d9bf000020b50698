import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StudioConfigInput } from '../../shared/config';
import { bytesToPcm16 } from '../../shared/binary-audio';
import { DEMO_FALLBACK_SOURCE } from './demo-fallback';
import { hostRig, scriptedProviders } from './testing/host-rig';
import { registryProviders, type ProviderFactory } from './session-providers';
import { testDir } from '../../../tests/fixtures/temp-dirs';

const REPLY = 'Hi! The weather is lovely today.';

/** Text mode on the config's simulated LLM, with one scripted answer and its audio. */
const textConfig = (extra: Partial<StudioConfigInput> = {}): StudioConfigInput => ({
  inputMode: 'text',
  providers: {
    llm: {
      provider: 'simulated',
      ttftMs: 200,
      tokensPerSecond: 40,
      responses: [{ input: 'hello there', content: REPLY }],
    },
  },
  ...extra,
});
const textTts = scriptedProviders([{ input: REPLY, audioDurationMs: 1500, ttfbMs: 100, durationMs: 200 }]);

/** Two caller turns; the second one's end of utterance shows the endpointing delay in force. */
function writeTwoTurnScenario(): string {
  const dir = testDir('studio-scenario-');
  const file = join(dir, 'two-turns.scenario.json');
  const scenario = {
    name: 'two turns',
    options: { preemptiveGeneration: false },
    script: [
      { userSpeech: { startMs: 500, endMs: 1500, transcript: 'First question.' } },
      { llm: { content: 'First answer.' } },
      { tts: { audioDurationMs: 1000 } },
      { userSpeech: { startMs: 8000, endMs: 9000, transcript: 'Second question.' } },
      { llm: { content: 'Second answer.' } },
      { tts: { audioDurationMs: 1000 } },
    ],
    drainAfterMs: 3000,
  };
  writeFileSync(file, JSON.stringify(scenario));
  return file;
}

describe('SessionHost live sessions', () => {
  it('text mode: sendText is answered, with state changes and chat items pushed in batches, and audio pushed as it plays', async () => {
    const r = hostRig({ createProviders: textTts });
    const started = await r.drive(r.host.handlers.startSession({ config: textConfig() }));
    expect(started.ok).toBe(true);
    expect(r.host.getStatus()).toMatchObject({ phase: 'running', currentAgent: 'default_agent' });
    const sent = await r.drive(r.host.handlers.sendText({ text: 'Hello there' }));
    expect(sent).toEqual({ ok: true, value: { accepted: true } });
    await r.clock.advance(5000);

    const states = r.ofType('agent_state_changed').map((e) => e.newState);
    expect(states.slice(states.indexOf('thinking'))).toEqual(['thinking', 'speaking', 'listening']);
    const items = r
      .ofType('conversation_item_added')
      .map((e) => (e.item.type === 'message' ? [e.item.role, e.item.content] : null));
    expect(items).toEqual([
      ['user', 'Hello there'],
      ['assistant', REPLY],
    ]);
    // Batched: fewer pushes than events, each batch within one 50 ms window, all of one session.
    const batches = r.pushes.filter((p) => p.event === 'events');
    expect(batches.length).toBeLessThan(r.events().length);
    for (const b of batches) {
      if (b.event !== 'events') continue;
      expect(b.payload.sessionId).toBe(started.ok ? started.value.sessionId : '');
      expect(b.at - b.payload.events[0].t).toBeLessThanOrEqual(50);
    }
    // The reply's 1.5 s of audio reached the renderer, paced: never more than ~100 ms ahead.
    const audio = r.pushes.flatMap((p) => (p.event === 'audio' ? [p] : []));
    const samples = audio.reduce((n, p) => n + bytesToPcm16(p.payload.pcm).length, 0);
    expect(samples / 24).toBe(1500);
    const speakingAt = r.ofType('playback_started')[0].t;
    for (const a of audio) {
      const sentMs = audio
        .filter((b) => b.at <= a.at)
        .reduce((n, b) => n + bytesToPcm16(b.payload.pcm).length / 24, 0);
      expect(sentMs).toBeLessThanOrEqual(Math.round(a.at - speakingAt) + 100);
    }
    expect(r.host.getStatus().agentState).toBe('listening');
  });

  it('say, generateReply and interrupt act on the running session; commands without a session answer no_session', async () => {
    const r = hostRig({
      createProviders: scriptedProviders([
        { input: 'A long announcement.', audioDurationMs: 10_000, ttfbMs: 100, durationMs: 200 },
      ]),
    });
    expect(
      (await r.host.handlers.say({ text: 'x' })).ok ? null : await r.host.handlers.say({ text: 'x' }),
    ).toMatchObject({ ok: false, error: { code: 'no_session' } });
    await r.drive(r.host.handlers.startSession({ config: textConfig() }));
    const said = await r.drive(r.host.handlers.say({ text: 'A long announcement.' }));
    expect(said.ok && said.value.speechId).toMatch(/^speech_/);
    await r.clock.advance(2000);
    expect(r.host.getStatus().agentState).toBe('speaking');
    const interrupted = await r.drive(r.host.handlers.interrupt({ force: true }));
    expect(interrupted).toEqual({ ok: true, value: { interrupted: true } });
    await r.clock.advance(100);
    expect(r.ofType('playback_finished').at(-1)).toMatchObject({ interrupted: true });
    expect(r.pushes.some((p) => p.event === 'audio' && p.payload.cleared === true)).toBe(true);
    const reply = await r.drive(r.host.handlers.generateReply({ userInput: 'hello there' }));
    expect(reply.ok).toBe(true);
    await r.clock.advance(4000);
    expect(r.ofType('conversation_item_added').at(-1)?.item).toMatchObject({
      role: 'assistant',
      content: REPLY,
    });
  });

  it('updateConfig applies options hot: the next turn ends with the new endpointing delay, drawn as config_updated', async () => {
    const r = hostRig();
    await r.drive(
      r.host.handlers.startSession({
        config: { inputMode: 'simulated', scenarioPath: writeTwoTurnScenario() },
      }),
    );
    await r.clock.advance(5000);
    const next = r.config();
    next.options.minEndpointingDelayMs = 1200;
    next.agent.instructions = 'Answer in one word.';
    next.providers.llm = {
      provider: 'simulated',
      ttftMs: 50,
      tokensPerSecond: 40,
      responses: [],
      fallbackReply: 'ok',
    };
    const result = await r.drive(r.host.handlers.updateConfig({ config: next }));
    expect(result).toEqual({
      ok: true,
      value: {
        applied: ['agent.instructions', 'options.minEndpointingDelayMs'],
        requiresRestart: ['providers.llm.fallbackReply', 'providers.llm.ttftMs'],
      },
    });
    await r.clock.advance(10_000);
    const eou = r
      .ofType('metrics_collected')
      .flatMap((e) => (e.metrics.type === 'eou' ? [Math.round(e.metrics.endOfUtteranceDelayMs)] : []));
    expect(eou).toEqual([500, 1200]);
    const updates = r.ofType('config_updated').map((e) => [e.field, e.value]);
    expect(updates).toEqual([
      ['minEndpointingDelayMs', 1200],
      ['instructions', 'Answer in one word.'],
    ]);
    expect(r.host.getConfig().options.minEndpointingDelayMs).toBe(1200);
  });

  it('an invalid config is refused with its field and changes nothing, live or stored', async () => {
    const r = hostRig({ createProviders: textTts });
    await r.drive(r.host.handlers.startSession({ config: textConfig() }));
    const before = r.config();
    const bad = await r.drive(
      r.host.handlers.updateConfig({
        config: { ...before, options: { ...before.options, minEndpointingDelayMs: -5 } },
      }),
    );
    expect(bad.ok ? null : bad.error).toMatchObject({
      code: 'invalid_input',
      field: 'options.minEndpointingDelayMs',
    });
    const badTool = {
      name: 'lookup',
      parameters: { type: 'object', properties: { city: { type: 'town' } } },
    };
    const badSchema = await r.drive(
      r.host.handlers.updateConfig({ config: { ...before, agent: { ...before.agent, tools: [badTool] } } }),
    );
    expect(badSchema.ok ? null : badSchema.error).toMatchObject({
      code: 'invalid_input',
      field: 'agent.tools[0].parameters.properties.city.type',
    });
    expect(r.host.getConfig()).toEqual(before);
    expect(r.ofType('config_updated')).toEqual([]);
  });

  it('updateConfig replaces the tools of the running agent: the LLM is offered the new tool', async () => {
    const r = hostRig({ createProviders: textTts });
    await r.drive(r.host.handlers.startSession({ config: textConfig() }));
    const next = r.config();
    next.agent.tools = [
      {
        name: 'get_time',
        description: 'Current time',
        parameters: { type: 'object', properties: {} },
        result: 'noon',
        delayMs: 0,
        closeSession: false,
        ignoreOnEnter: false,
      },
    ];
    const result = await r.drive(r.host.handlers.updateConfig({ config: next }));
    expect(result).toEqual({ ok: true, value: { applied: ['agent.tools'], requiresRestart: [] } });
    await r.drive(r.host.handlers.sendText({ text: 'Hello there' }));
    await r.clock.advance(3000);
    expect(r.ofType('config_updated').map((e) => [e.field, e.value])).toEqual([['tools', ['get_time']]]);
    expect(r.ofType('llm_request').find((e) => e.phase === 'start')).toMatchObject({ tools: ['get_time'] });
  });

  it('stopSession drains, closes and leaves nothing running; the phase returns to idle', async () => {
    const record = { closed: 0 };
    const r = hostRig({
      createProviders: scriptedProviders(
        [{ input: REPLY, audioDurationMs: 1500, ttfbMs: 100, durationMs: 200 }],
        record,
      ),
    });
    await r.drive(r.host.handlers.startSession({ config: textConfig() }));
    await r.drive(r.host.handlers.sendText({ text: 'Hello there' }));
    await r.clock.advance(500); // the reply is on its way
    const stopped = await r.drive(r.host.handlers.stopSession({}));
    expect(stopped).toEqual({ ok: true, value: { stopped: true } });
    // Drained: the reply was heard in full before the close.
    expect(r.ofType('conversation_item_added').at(-1)?.item).toMatchObject({
      role: 'assistant',
      content: REPLY,
      interrupted: false,
    });
    expect(r.ofType('close')).toHaveLength(1);
    expect(r.host.getStatus()).toMatchObject({ phase: 'idle', lastError: null });
    // The status says the session ended, when and why (the header shows "ended (user_initiated)").
    const ended = r.host.getStatus();
    expect(ended.endReason).toBe('user_initiated');
    expect(ended.endedAt).toBe(r.clock.instantMs);
    expect(ended.endedAt! - ended.startedAt!).toBeGreaterThanOrEqual(500);
    expect(r.statuses().map((s) => s.phase)).toContain('stopping');
    expect(r.host.pendingWork()).toEqual([]);
    expect(record.closed).toBe(1);
    await r.clock.settle();
    expect(r.clock.pendingTimerCount()).toBe(0);
    expect((await r.host.handlers.stopSession({})).ok).toBe(false);
    // A new session can start after the old one; the last one's end is no longer its state.
    expect((await r.drive(r.host.handlers.startSession({ config: textConfig() }))).ok).toBe(true);
    expect(r.host.getStatus()).toMatchObject({ phase: 'running', endedAt: null, endReason: null });
  });

  it('without a local voice the demo plays its scripted twin and says why: a tool call, a barge-in and a resumed false interruption, then idle', async () => {
    // The demo config on the real registry, but espeak-ng is "not installed".
    const missing = join(tmpdir(), 'no-such-dir', 'espeak-ng');
    const r = hostRig({
      createProviders: registryProviders({ get: () => undefined }, { localTtsBinary: missing }),
      demoConfig: undefined,
    });
    const started = await r.drive(r.host.handlers.startSession({}), 120_000, { realWaitMs: 10_000 });
    expect(started.ok).toBe(true);
    // The registry names what it refused and the fix; the host says the demo fell back, in the
    // event stream and in the status.
    r.host.flush();
    const warnings = r.ofType('warning');
    expect(warnings.map((w) => w.source)).toEqual(
      expect.arrayContaining(['providers.caller', 'providers.tts', DEMO_FALLBACK_SOURCE]),
    );
    const notice = warnings.find((w) => w.source === DEMO_FALLBACK_SOURCE)!.message;
    expect(notice).toMatch(/scripted demo plays instead/);
    expect(notice).toContain(missing);
    expect(notice).toMatch(/Install espeak-ng/);
    expect(r.host.getStatus()).toMatchObject({ phase: 'running', lastError: notice });
    // The header shows it for the whole session, with the real cause.
    expect(r.host.getStatus().fallbacks).toEqual([
      { slot: 'demo', using: 'scripted, silent', setting: 'caller', cause: 'espeak-ng not installed' },
    ]);
    expect(r.config().agent.tools.map((t) => t.name)).toEqual(['get_weather']);
    await r.clock.runUntil(r.clock.instantMs + 60_000);
    expect(r.ofType('tool_execution').map((e) => [e.phase, e.name])).toEqual([
      ['start', 'get_weather'],
      ['end', 'get_weather'],
    ]);
    expect(r.ofType('interruption').length).toBeGreaterThanOrEqual(1);
    expect(r.ofType('speech_lifecycle').some((e) => e.state === 'interrupted')).toBe(true);
    expect(r.ofType('agent_false_interruption')).toMatchObject([{ resumed: true }]);
    expect(r.ofType('close')).toMatchObject([{ reason: 'task_completed' }]);
    expect(r.host.getStatus().phase).toBe('idle');
    expect(r.host.pendingWork()).toEqual([]);
    expect(r.clock.pendingTimerCount()).toBe(0);
    // A reloaded window gets the whole session back.
    const state = r.host.handlers.getState({});
    expect('ok' in state && state.ok && state.value.events.length).toBe(r.events().length);
  });

  it('refuses modes that are not wired and bad scenario files without leaving idle', async () => {
    const r = hostRig();
    const room = await r.drive(r.host.handlers.startSession({ config: { inputMode: 'livekit' } }));
    // livekit without its room config: refused before anything runs, naming the field.
    expect(room.ok ? null : room.error).toMatchObject({ code: 'invalid_input', field: 'livekit.url' });
    const dir = testDir('studio-bad-');
    const file = join(dir, 'bad.scenario.json');
    writeFileSync(file, JSON.stringify({ name: 'bad', script: [{ userSpeech: { startMs: 5, endMs: 1 } }] }));
    const bad = await r.drive(r.host.handlers.startSession({ config: { scenarioPath: file } }));
    expect(bad.ok ? null : bad.error).toMatchObject({ code: 'invalid_input', field: 'scenarioPath' });
    expect(bad.ok ? '' : bad.error.message).toContain('$.script[0].userSpeech');
    const notScenario = await r.drive(
      r.host.handlers.startSession({ config: { scenarioPath: '/etc/passwd' } }),
    );
    expect(notScenario.ok ? null : notScenario.error).toMatchObject({
      code: 'invalid_input',
      field: 'scenarioPath',
    });
    expect(r.statuses()).toEqual([]);
    expect(r.host.getStatus().phase).toBe('idle');
  });

  it('a failing start answers failed and leaves the phase in error, never starting', async () => {
    const broken: ProviderFactory = async () => {
      throw new Error('no such voice "robot"');
    };
    const r = hostRig({ createProviders: broken });
    const result = await r.drive(r.host.handlers.startSession({ config: textConfig() }));
    expect(result.ok ? null : result.error).toMatchObject({
      code: 'failed',
      message: 'session did not start: no such voice "robot"',
    });
    expect(r.host.getStatus()).toMatchObject({
      phase: 'error',
      lastError: 'session did not start: no such voice "robot"',
      endReason: 'error',
    });

    const hanging: ProviderFactory = () => new Promise(() => undefined);
    const h = hostRig({ createProviders: hanging, limits: { startMs: 3000 } });
    const late = await h.drive(h.host.handlers.startSession({ config: textConfig() }));
    expect(late.ok ? null : late.error.message).toBe(
      'session did not start: building the providers did not finish within 3000 ms',
    );
    expect(h.host.getStatus().phase).toBe('error');
    expect(h.clock.instantMs).toBe(3000);
  });

  it('a session error is shown as an error event and lastError while the session keeps running', async () => {
    const failing: ProviderFactory = async (config, deps) => {
      const base = await scriptedProviders()(config, deps);
      return {
        ...base,
        llm: {
          label: 'broken',
          model: 'broken',
          chat: () => {
            throw new Error('model overloaded');
          },
        },
      };
    };
    const r = hostRig({ createProviders: failing });
    await r.drive(r.host.handlers.startSession({ config: textConfig() }));
    await r.drive(r.host.handlers.sendText({ text: 'Hello there' }));
    await r.clock.advance(2000);
    expect(r.ofType('error')[0]?.message).toContain('model overloaded');
    expect(r.host.getStatus()).toMatchObject({ phase: 'running' });
    expect(r.host.getStatus().lastError).toContain('model overloaded');
    const again = await r.drive(r.host.handlers.say({ text: 'Still here.' }));
    expect(again.ok).toBe(true);
  });
});
