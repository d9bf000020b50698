import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../../shared/engine-events';
import { TimelineModel } from '../model/timeline-model';
import { layoutLanes } from './lane-layout';
import { interruptionItems, MAX_OVERLAY_ITEMS, speechItems, toolItems } from './overlay-items';

const speech = (id: string, start: number, end: number): EngineEvent[] => [
  {
    type: 'speech_lifecycle',
    speechId: id,
    state: 'created',
    source: 'generate_reply',
    priority: 5,
    t: start,
  },
  { type: 'speech_lifecycle', speechId: id, state: 'done', t: end },
];

describe('overlay items', () => {
  const layout = layoutLanes();

  it('gives visible speeches an element with their id, state, source and priority', () => {
    const m = new TimelineModel();
    m.ingest([
      ...speech('a', 0, 1_000),
      { type: 'speech_lifecycle', speechId: 'b', state: 'created', source: 'say', t: 2_000 },
      { type: 'speech_lifecycle', speechId: 'b', state: 'interrupted', cause: 'vad', t: 2_500 },
      { type: 'speech_lifecycle', speechId: 'b', state: 'done', t: 2_600 },
      ...speech('far', 50_000, 51_000),
    ]);
    const items = speechItems(
      m,
      { startMs: 0, msPerPx: 10, widthPx: 500 },
      layout.byId['speech-queue'],
      60_000,
    );
    expect(items.map((i) => i.key)).toEqual(['a', 'b']);
    expect(items[0]).toMatchObject({
      left: 0,
      width: 100,
      data: { speechId: 'a', state: 'done', source: 'generate_reply', priority: '5' },
    });
    expect(items[1].data).toMatchObject({
      state: 'interrupted',
      cause: 'vad',
      phases: 'created interrupted done',
    });
    expect(items[1].label).toContain('interrupted (vad)');
  });

  it('thins items packed closer than a few pixels, and caps the count', () => {
    const m = new TimelineModel();
    const evs: EngineEvent[] = [];
    // 1,000 short speeches 10 ms apart: at 10 ms/px they are 1 px apart.
    for (let i = 0; i < 1_000; i++) evs.push(...speech(`s${i}`, i * 10, i * 10 + 5));
    m.ingest(evs);
    const items = speechItems(
      m,
      { startMs: 0, msPerPx: 10, widthPx: 1_000 },
      layout.byId['speech-queue'],
      20_000,
    );
    expect(items.length).toBeLessThanOrEqual(MAX_OVERLAY_ITEMS);
    expect(items.length).toBeGreaterThan(100);
    const lefts = items.map((i) => i.left);
    expect(lefts.every((x, i) => i === 0 || x - lefts[i - 1] >= 4)).toBe(true);
  });

  it('marks the selected tool call and keeps short calls clickable', () => {
    const m = new TimelineModel();
    m.ingest([
      {
        type: 'tool_execution',
        phase: 'start',
        callId: 'c1',
        name: 'f',
        speechId: null,
        arguments: '{}',
        t: 100,
      },
      {
        type: 'tool_execution',
        phase: 'end',
        callId: 'c1',
        name: 'f',
        speechId: null,
        arguments: '{}',
        output: 'x',
        isError: false,
        t: 101,
      },
      {
        type: 'tool_execution',
        phase: 'start',
        callId: 'c2',
        name: 'g',
        speechId: null,
        arguments: '{}',
        t: 300,
      },
    ]);
    const items = toolItems(m, { startMs: 0, msPerPx: 10, widthPx: 500 }, layout.byId.tools, 500, 'c1');
    expect(items.map((i) => [i.key, i.data.state, i.data.selected])).toEqual([
      ['c1', 'ok', 'true'],
      ['c2', 'running', 'false'],
    ]);
    expect(items[0].width).toBe(8);
  });

  it('shows false interruptions with their verdict', () => {
    const m = new TimelineModel();
    m.ingest([
      { type: 'interruption', speechId: 's', cause: 'vad', paused: true, t: 100 },
      { type: 'agent_false_interruption', resumed: true, t: 900 },
    ]);
    const [item] = interruptionItems(
      m,
      { startMs: 0, msPerPx: 10, widthPx: 500 },
      layout.byId.interruptions,
      1_000,
    );
    expect(item.data).toMatchObject({ state: 'resumed', cause: 'vad', speechId: 's' });
    expect(item.label).toBe('False interruption (vad): resumed');
  });
});
