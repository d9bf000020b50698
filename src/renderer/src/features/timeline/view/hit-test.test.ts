import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../../shared/engine-events';
import { TimelineModel } from '../model/timeline-model';
import { hoverDetails, toolAt } from './hit-test';
import { layoutLanes, rowBand } from './lane-layout';

const events: EngineEvent[] = [
  { type: 'agent_state_changed', oldState: 'initializing', newState: 'listening', t: 0 },
  { type: 'agent_state_changed', oldState: 'listening', newState: 'speaking', t: 1_000 },
  {
    type: 'speech_lifecycle',
    speechId: 'sp',
    state: 'created',
    source: 'say',
    priority: 5,
    text: 'Hello there',
    t: 900,
  },
  { type: 'speech_lifecycle', speechId: 'sp', state: 'playout_started', t: 1_000 },
  { type: 'interruption', speechId: 'sp', cause: 'words', paused: false, t: 1_500 },
  { type: 'speech_lifecycle', speechId: 'sp', state: 'interrupted', cause: 'words', t: 1_500 },
  { type: 'speech_lifecycle', speechId: 'sp', state: 'done', t: 1_510 },
  {
    type: 'tool_execution',
    phase: 'start',
    callId: 'c1',
    name: 'lookup',
    speechId: 'sp',
    arguments: '{"q":1}',
    t: 2_000,
  },
  {
    type: 'tool_execution',
    phase: 'end',
    callId: 'c1',
    name: 'lookup',
    speechId: 'sp',
    arguments: '{"q":1}',
    output: 'nope',
    isError: true,
    t: 2_001,
  },
  {
    type: 'llm_request',
    phase: 'start',
    requestId: 'r1',
    speechId: 'sp',
    tools: [],
    toolChoice: null,
    t: 800,
  },
  { type: 'llm_request', phase: 'first_token', requestId: 'r1', speechId: 'sp', t: 950 },
  { type: 'llm_request', phase: 'end', requestId: 'r1', speechId: 'sp', t: 1_100 },
  { type: 'config_updated', field: 'instructions', value: 'Be brief.', t: 3_000 },
];

describe('hoverDetails', () => {
  const model = new TimelineModel();
  model.ingest(events);
  const layout = layoutLanes();
  const view = { startMs: 0, msPerPx: 10, widthPx: 400 };
  const mid = (id: keyof typeof layout.byId, row = 0) => {
    const band = rowBand(layout.byId[id], row, 2);
    return band.y + band.h / 2;
  };

  it('names the agent state and its span', () => {
    const d = hoverDetails(model, layout, view, 120, mid('agent'), 4_000)!;
    expect(d.title).toBe('Agent: speaking');
    expect(d.lines[0]).toContain('→ now');
  });

  it('describes a speech: source, priority, text, cause and its phases', () => {
    const row = model.speech.byId.get('sp')!.row;
    const d = hoverDetails(model, layout, view, 120, mid('speech-queue', row), 4_000)!;
    expect(d.title).toBe('Speech sp: interrupted');
    expect(d.lines.join('\n')).toMatch(
      /say, priority 5[\s\S]*Hello there[\s\S]*interrupted by words[\s\S]*playing 1\.000 s/,
    );
  });

  it('tells the LLM row from the TTS row and reports time to first token', () => {
    const d = hoverDetails(model, layout, view, 90, mid('llm-tts', 0), 4_000)!;
    expect(d.title).toBe('LLM request r1');
    expect(d.lines).toContain('first token after 150 ms');
    expect(hoverDetails(model, layout, view, 90, mid('llm-tts', 1), 4_000)).toBeNull();
  });

  it('finds short tool calls and markers within a few pixels', () => {
    expect(toolAt(model, view, 202)?.callId).toBe('c1');
    expect(toolAt(model, view, 250)).toBeUndefined();
    const tool = hoverDetails(model, layout, view, 201, mid('tools'), 4_000)!;
    expect(tool.title).toBe('Tool lookup (c1)');
    expect(tool.lines).toContain('error: nope');
    const marker = hoverDetails(model, layout, view, 302, mid('markers'), 4_000)!;
    expect(marker.title).toBe('instructions');
  });

  it('reports interruptions with their cause, and nothing over the axis', () => {
    const d = hoverDetails(model, layout, view, 150, mid('interruptions'), 4_000)!;
    expect(d.title).toBe('Interrupted');
    expect(d.lines).toContain('cause: words');
    expect(hoverDetails(model, layout, view, 150, 5, 4_000)).toBeNull();
  });
});
