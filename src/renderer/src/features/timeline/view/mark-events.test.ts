import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../../shared/engine-events';
import { TimelineModel } from '../model/timeline-model';
import { layoutLanes, rowBand } from './lane-layout';
import { nearestEvent, pickAt } from './mark-events';

const events: EngineEvent[] = [
  { type: 'agent_state_changed', oldState: 'initializing', newState: 'listening', t: 0 },
  {
    type: 'llm_request',
    phase: 'start',
    requestId: 'r1',
    speechId: 'sp',
    tools: [],
    toolChoice: null,
    t: 800,
  },
  { type: 'speech_lifecycle', speechId: 'sp', state: 'created', source: 'say', t: 900 },
  { type: 'llm_request', phase: 'first_token', requestId: 'r1', speechId: 'sp', t: 950 },
  { type: 'agent_state_changed', oldState: 'listening', newState: 'speaking', t: 1_000 },
  { type: 'speech_lifecycle', speechId: 'sp', state: 'playout_started', t: 1_000 },
  { type: 'llm_request', phase: 'end', requestId: 'r1', speechId: 'sp', t: 1_100 },
  { type: 'interruption', speechId: 'sp', cause: 'words', paused: false, t: 1_500 },
  { type: 'speech_lifecycle', speechId: 'sp', state: 'interrupted', cause: 'words', t: 1_500 },
  { type: 'speech_lifecycle', speechId: 'sp', state: 'done', t: 1_510 },
  {
    type: 'tool_execution',
    phase: 'start',
    callId: 'c1',
    name: 'lookup',
    speechId: 'sp',
    arguments: '{}',
    t: 2_000,
  },
  {
    type: 'tool_execution',
    phase: 'end',
    callId: 'c1',
    name: 'lookup',
    speechId: 'sp',
    arguments: '{}',
    output: 'x',
    isError: false,
    t: 2_001,
  },
  { type: 'config_updated', field: 'instructions', value: 'Be brief.', t: 3_000 },
];

describe('timeline marks pick their events', () => {
  const model = new TimelineModel();
  model.ingest(events);
  const layout = layoutLanes();
  const view = { startMs: 0, msPerPx: 10, widthPx: 400 };
  const mid = (id: keyof typeof layout.byId, row = 0) => {
    const band = rowBand(layout.byId[id], row, 2);
    return band.y + band.h / 2;
  };

  it('a state span picks the change that began it', () => {
    expect(pickAt(model, layout, view, 120, mid('agent'), events)).toEqual({
      kind: 'event',
      event: events[4],
      span: true,
    });
    expect(pickAt(model, layout, view, 50, mid('agent'), events)).toEqual({
      kind: 'event',
      event: events[0],
      span: true,
    });
  });

  it('a point mark picks the nearest event within a few pixels, and nothing farther', () => {
    expect(pickAt(model, layout, view, 151, mid('interruptions'), events)).toEqual({
      kind: 'event',
      event: events[7],
    });
    expect(pickAt(model, layout, view, 302, mid('markers'), events)).toEqual({
      kind: 'event',
      event: events[12],
    });
    expect(pickAt(model, layout, view, 250, mid('markers'), events)).toBeNull();
  });

  it('a speech bar picks its latest lifecycle event before the pointer; a tool its execution event', () => {
    const row = model.speech.byId.get('sp')!.row;
    expect(pickAt(model, layout, view, 120, mid('speech-queue', row), events)).toEqual({
      kind: 'event',
      event: events[5],
    });
    expect(pickAt(model, layout, view, 199, mid('tools'), events)).toEqual({
      kind: 'event',
      event: events[10],
    });
    // Past its end, the call's last event (with the output) is the one picked.
    expect(pickAt(model, layout, view, 201, mid('tools'), events)).toEqual({
      kind: 'event',
      event: events[11],
    });
  });

  it('an LLM bar opens its request, with the cursor at the request start', () => {
    const pick = pickAt(model, layout, view, 90, mid('llm-tts', 0), events);
    expect(pick).toEqual({
      kind: 'request',
      request: { kind: 'llm', requestId: 'r1' },
      t: 800,
      event: events[1],
    });
    expect(pickAt(model, layout, view, 90, mid('llm-tts', 1), events)).toBeNull();
  });

  it('nothing over the axis or outside the plot', () => {
    expect(pickAt(model, layout, view, 150, 5, events)).toBeNull();
    expect(pickAt(model, layout, view, -3, mid('agent'), events)).toBeNull();
  });

  it('nearestEvent prefers the closer event and the later one on a tie', () => {
    const a: EngineEvent = { type: 'warning', source: 'x', message: 'a', t: 100 };
    const b: EngineEvent = { type: 'warning', source: 'x', message: 'b', t: 120 };
    expect(nearestEvent([a, b], ['warning'], 112, 50)).toBe(b);
    expect(nearestEvent([a, b], ['warning'], 110, 50)).toBe(b);
    expect(nearestEvent([a, b], ['warning'], 300, 50)).toBeNull();
  });
});
