import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  findScenarioFiles,
  jsonPath,
  loadScenarioFile,
  parseScenario,
  type LoadResult,
} from './scenario-loader';

const base = { name: 'x', agent: { instructions: 'hi' } };

function issues(r: LoadResult): string[] {
  if (r.ok) throw new Error('expected an invalid scenario');
  return r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe('scenario schema: what makes a file invalid', () => {
  it('unknown top-level keys and unknown option names, with their paths', () => {
    const out = issues(parseScenario({ ...base, extra: 1, options: { minEndpointingDelay: 5 } }));
    expect(out).toContain('$.extra: unknown key (not part of format v1)');
    expect(out).toContain('$.options.minEndpointingDelay: unknown key (not part of format v1)');
  });

  it('a script item with zero or two kinds', () => {
    const out = issues(
      parseScenario({
        ...base,
        script: [{}, { llm: { input: 'a' }, tts: { input: 'b', audioDurationMs: 1 } }],
      }),
    );
    expect(out).toEqual([
      '$.script[0]: expected a script item with exactly one of userSpeech, llm, tts; got none',
      '$.script[1]: expected a script item with exactly one of userSpeech, llm, tts; got 2 (llm, tts)',
    ]);
  });

  it('wrong types name the field and what was expected', () => {
    const out = issues(
      parseScenario({
        ...base,
        script: [{ userSpeech: { startMs: 0, endMs: 10, transcript: 'a' } }, { llm: { ttftMs: '100' } }],
      }),
    );
    expect(out).toEqual(['$.script[1].llm.ttftMs: expected number, received string']);
  });

  it('overlapping user speeches', () => {
    const out = issues(
      parseScenario({
        ...base,
        script: [
          { userSpeech: { startMs: 1000, endMs: 2000, transcript: 'a' } },
          { userSpeech: { startMs: 1500, endMs: 2500, transcript: 'b' } },
        ],
      }),
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\$\.script\[1\]\.userSpeech\.startMs: expected user speeches not to overlap/);
  });

  it('an action needs exactly one kind, and updateOptions only takes option names', () => {
    const out = issues(
      parseScenario({
        ...base,
        actions: [
          { atMs: 1, say: { text: 'a' }, interrupt: {} },
          { atMs: 2, updateOptions: { nope: true } },
        ],
      }),
    );
    expect(out).toContain(
      '$.actions[0]: expected an action with exactly one of interrupt, generateReply, say, updateOptions, updateInstructions, commitUserTurn, clearUserTurn, userText, close; got 2 (interrupt, say)',
    );
    expect(out).toContain('$.actions[1].updateOptions.nope: unknown key (not part of format v1)');
  });

  it('onEnter with both alternatives, unknown expectation keys and event types', () => {
    const out = issues(
      parseScenario({
        ...base,
        agent: { onEnter: { say: 'a', generateReply: {} } },
        expect: { agentStatez: [], events: [{ type: 'made_up' }], eventCounts: { nope: 1 } },
      }),
    );
    expect(out).toContain(
      '$.agent.onEnter: expected exactly one of the alternatives; got say and generateReply together',
    );
    expect(out).toContain('$.expect.agentStatez: unknown key (not part of format v1)');
    expect(out.some((l) => l.startsWith('$.expect.events[0].type: '))).toBe(true);
    expect(out).toContain('$.expect.eventCounts.nope: unknown key (not part of format v1)');
  });

  it('auto-keying fails without the right item just before', () => {
    const out = issues(
      parseScenario({
        ...base,
        script: [
          { llm: { content: 'x' } },
          { userSpeech: { startMs: 0, endMs: 1, transcript: 'a' } },
          { tts: { audioDurationMs: 1 } },
        ],
      }),
    );
    expect(out).toEqual([
      '$.script[0].llm.input: expected an input, or a userSpeech item just before this llm item to take its transcript',
      '$.script[2].tts.input: expected an input, or an llm item just before this tts item to take its content',
    ]);
  });

  it('a tool whose parameters are not valid JSON Schema', () => {
    const out = issues(
      parseScenario({
        ...base,
        agent: {
          tools: [{ name: 't', parameters: { type: 'object', properties: { a: { type: 'strng' } } } }],
        },
      }),
    );
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(
      /^\$\.agent\.tools\[0\]\.parameters\.properties\.a\.type: expected a valid JSON Schema/,
    );
  });

  it('handoffTo must name an agent; cross-field option rules apply', () => {
    const out = issues(
      parseScenario({
        ...base,
        options: { minEndpointingDelayMs: 7000 },
        agent: { tools: [{ name: 't', handoffTo: 'billing' }] },
      }),
    );
    expect(out).toContain(
      '$.options.maxEndpointingDelayMs: maxEndpointingDelayMs must be >= minEndpointingDelayMs',
    );
    expect(out).toContain(
      '$.agent.tools[0].handoffTo: expected the name of an agent in $.agents (none defined); got "billing"',
    );
  });
});

describe('scenario normalization', () => {
  it('applies defaults, auto-keys llm/tts inputs and numbers call ids across the file', () => {
    const r = parseScenario({
      ...base,
      script: [
        { userSpeech: { startMs: 500, endMs: 2500, transcript: 'Hello?' } },
        {
          llm: {
            content: 'Hi!',
            toolCalls: [
              { name: 'a', arguments: { x: 1 } },
              { name: 'b', arguments: '{bad', callId: 'z' },
            ],
          },
        },
        { tts: { audioDurationMs: 1000 } },
        { llm: { input: 'later', toolCalls: [{ name: 'c' }] } },
      ],
    });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const s = r.scenario;
    expect(s.userSpeeches[0]).toMatchObject({ sttDelayMs: 200, final: true });
    expect(s.llmResponses[0]).toMatchObject({ input: 'Hello?', ttftMs: 100, durationMs: 300 });
    expect(s.llmResponses[0].toolCalls).toEqual([
      { name: 'a', arguments: '{"x":1}', callId: '1' },
      { name: 'b', arguments: '{bad', callId: 'z' },
    ]);
    expect(s.llmResponses[1].toolCalls[0].callId).toBe('3');
    expect(s.ttsResponses[0]).toEqual({ input: 'Hi!', audioDurationMs: 1000, ttfbMs: 200, durationMs: 300 });
    expect(s).toMatchObject({
      drainAfterMs: 5000,
      toleranceMs: 250,
      audioOutput: { canPause: false },
      options: {},
      actions: [],
    });
  });

  it('formats JSON paths', () => {
    expect(jsonPath(['script', 3, 'llm', 'ttftMs'])).toBe('$.script[3].llm.ttftMs');
    expect(jsonPath(['agents', 'my agent'])).toBe('$.agents["my agent"]');
  });
});

describe('loading files', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('reports JSON syntax errors with the file and finds scenario files recursively', async () => {
    dir = await mkdtemp(join(tmpdir(), 'scenarios-'));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'a.scenario.json'), '{ "name": ');
    await writeFile(join(dir, 'sub', 'b.scenario.json'), JSON.stringify({ name: 'b' }));
    await writeFile(join(dir, 'sub', 'notes.json'), '{}');
    const r = await loadScenarioFile(join(dir, 'a.scenario.json'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.file).toBe(join(dir, 'a.scenario.json'));
      expect(r.issues[0].path).toBe('$');
      expect(r.issues[0].message).toMatch(/^expected valid JSON/);
    }
    const found = await findScenarioFiles([dir, join(dir, 'missing')]);
    expect(found.files).toEqual([join(dir, 'a.scenario.json'), join(dir, 'sub', 'b.scenario.json')]);
    expect(found.missing).toEqual([join(dir, 'missing')]);
  });

  it('every shipped acceptance scenario is valid', async () => {
    const { files } = await findScenarioFiles(['tests/scenarios']);
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const f of files) {
      const r = await loadScenarioFile(f);
      expect(r.ok ? 'ok' : `${f}: ${JSON.stringify(r.issues)}`).toBe('ok');
    }
  });
});
