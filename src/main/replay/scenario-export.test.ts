import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StudioConfigSchema } from '../../shared/config';
import type { EngineEvent } from '../../shared/engine-events';
import { executeScenario, loadScenarioFile, runScenario } from '../simulation';
import type { Scenario } from '../simulation/scenario-loader';
import { buildScenario } from './scenario-export';

const DEMO = join(__dirname, '..', '..', '..', 'resources', 'demo', 'demo.scenario.json');

async function recordDemo(): Promise<{ scenario: Scenario; events: EngineEvent[] }> {
  const loaded = await loadScenarioFile(DEMO);
  if (!loaded.ok) throw new Error('demo invalid');
  const run = await executeScenario(loaded.scenario);
  return { scenario: loaded.scenario, events: run.record.events };
}

const configOf = (s: Scenario) =>
  StudioConfigSchema.parse({ options: s.options, agent: s.agent, agents: s.agents });

describe('scenario export', () => {
  it('exports the demo run as a scenario that passes, pinning states, chat items and key events', async () => {
    const { scenario, events } = await recordDemo();
    const built = buildScenario(events, configOf(scenario), { name: 'demo export', expect: true });
    const speeches = built.scenario.userSpeeches.map((s) => [s.startMs, s.endMs, s.transcript]);
    expect(speeches).toEqual(scenario.userSpeeches.map((s) => [s.startMs, s.endMs, s.transcript]));
    const expectJson = built.json.expect as Record<string, unknown[]>;
    expect(expectJson.conversationItems).toHaveLength(10);
    expect(expectJson.agentStates.length).toBeGreaterThan(10);
    expect(expectJson.events).toContainEqual(
      expect.objectContaining({ type: 'agent_false_interruption', resumed: true }),
    );
    expect(built.notes).toEqual([]);
    const outcome = await runScenario(built.scenario);
    expect(outcome.failures).toEqual([]);
  });

  it('the pinned expectations fail when the agent behaves differently (a later end of turn)', async () => {
    const { scenario, events } = await recordDemo();
    const built = buildScenario(events, configOf(scenario), { name: 'demo export', expect: true });
    const slower = { ...built.scenario, options: { ...built.scenario.options, minEndpointingDelayMs: 1500 } };
    const outcome = await runScenario(slower);
    expect(outcome.failures.length).toBeGreaterThan(0);
  });

  it('replays typed turns, say and interrupt actions and option changes as timed actions', async () => {
    const loaded = await loadScenarioFile(DEMO);
    if (!loaded.ok) throw new Error('demo invalid');
    const base = loaded.scenario;
    const withActions: Scenario = {
      ...base,
      userSpeeches: [],
      ttsResponses: [
        ...base.ttsResponses,
        { input: 'A word from our sponsor.', audioDurationMs: 3000, ttfbMs: 200, durationMs: 300 },
      ],
      actions: [
        { atMs: 4000, userText: "What's the weather like in Tokyo right now?" },
        { atMs: 15000, updateOptions: { minEndpointingDelayMs: 700 } },
        { atMs: 16000, say: { text: 'A word from our sponsor.' } },
        { atMs: 16500, interrupt: { force: false } },
      ],
    };
    const run = await executeScenario(withActions);
    const built = buildScenario(run.record.events, configOf(base), { name: 'actions', expect: true });
    const kinds = (built.json.actions as Record<string, unknown>[]).map((a) =>
      Object.keys(a).find((k) => k !== 'atMs'),
    );
    // a typed turn goes back through the text input, so it interrupts as it did (textInputInterrupts)
    expect(kinds).toEqual(['userText', 'updateOptions', 'say', 'interrupt']);
    expect(built.json.actions[0]).toEqual({
      atMs: 4000,
      userText: "What's the weather like in Tokyo right now?",
    });
    const outcome = await runScenario(built.scenario);
    expect(outcome.failures).toEqual([]);
  });

  it('a spoken turn whose user message came late (a busy live clock) is not exported again as typed', async () => {
    // Live, the user message is added after awaits that follow the committed end_of_turn; here
    // each comes 9 ms later, as in a recording from a loaded machine whose re-run answered twice.
    const { scenario, events } = await recordDemo();
    const late = events.map((e): EngineEvent => {
      if (e.type !== 'conversation_item_added' || e.item.type !== 'message' || e.item.role !== 'user')
        return e;
      return { ...e, t: e.t + 9, item: { ...e.item, createdAt: e.item.createdAt + 9 } };
    });
    const built = buildScenario(late, configOf(scenario), { name: 'late messages', expect: true });
    const typed = (built.json.actions as Record<string, unknown>[]).filter((a) => 'userText' in a);
    expect(typed).toEqual([]);
    const outcome = await runScenario(built.scenario);
    expect(outcome.failures).toEqual([]);
  });

  it('scripts a tool the config does not define from its recorded output', async () => {
    const { scenario, events } = await recordDemo();
    const config = configOf(scenario);
    config.agent.tools = [];
    const built = buildScenario(events, config, { name: 'no tool', expect: true });
    const tool = (built.json.agent as { tools: { name: string; result: string }[] }).tools[0];
    expect(tool).toMatchObject({
      name: 'get_weather',
      result: 'Sunny, 24 degrees Celsius, light wind in Tokyo.',
    });
    expect(built.notes.join('\n')).toMatch(/get_weather is not in the config/);
    const outcome = await runScenario(built.scenario);
    expect(outcome.failures).toEqual([]);
  });
});
