import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../../shared/engine-events';
import { hoverDetails } from '../view/hit-test';
import { laneSummaries } from '../view/lane-attributes';
import { layoutLanes, rowBand } from '../view/lane-layout';
import { retriesNear, retryText, TimelineModel } from './timeline-model';

const retry = (kind: 'llm' | 'stt' | 'tts', t: number, attempt: number, delayMs: number): EngineEvent => ({
  type: 'provider_retry',
  provider: 'openai',
  setting: `providers.${kind}`,
  kind,
  attempt,
  delayMs,
  code: 'server_error',
  reason: `openai ${kind}: server error (503) from http://127.0.0.1:9: "overloaded"`,
  t,
});

const events: EngineEvent[] = [
  {
    type: 'llm_request',
    phase: 'start',
    requestId: 'r1',
    speechId: 'sp',
    tools: [],
    toolChoice: null,
    t: 1_000,
  },
  retry('llm', 1_200, 1, 500),
  retry('llm', 1_900, 2, 1_000),
  { type: 'llm_request', phase: 'first_token', requestId: 'r1', speechId: 'sp', t: 3_100 },
  { type: 'llm_request', phase: 'end', requestId: 'r1', speechId: 'sp', t: 3_400 },
  retry('tts', 3_500, 1, 500),
  retry('stt', 4_000, 1, 500),
];

describe('retry marks', () => {
  const model = new TimelineModel();
  model.ingest(events);

  it('keeps each provider_retry as a mark of its kind; STT ones also show as markers', () => {
    expect(model.retries.items.map((r) => [r.kind, r.t, r.attempt, r.delayMs])).toEqual([
      ['llm', 1_200, 1, 500],
      ['llm', 1_900, 2, 1_000],
      ['tts', 3_500, 1, 500],
      ['stt', 4_000, 1, 500],
    ]);
    expect(model.markers.items.map((m) => [m.label, m.detail])).toEqual([
      ['stt retry', retryText(model.retries.items[3])],
    ]);
    expect(laneSummaries(model)['llm-tts'].extra).toMatchObject({ retries: '3' });
  });

  it('finds a retry by its mark or by its backoff wait, on its own row only', () => {
    expect(retriesNear(model, 'llm', 1_600, 1_600).map((r) => r.attempt)).toEqual([1]);
    expect(retriesNear(model, 'llm', 2_500, 2_500).map((r) => r.attempt)).toEqual([2]);
    expect(retriesNear(model, 'llm', 3_000, 3_000)).toEqual([]);
    expect(retriesNear(model, 'tts', 1_200, 1_200)).toEqual([]);
  });

  it('the tooltip gives the attempt, the delay and the reason', () => {
    const layout = layoutLanes();
    const view = { startMs: 0, msPerPx: 10, widthPx: 500 };
    const band = (row: number) => rowBand(layout.byId['llm-tts'], row, 2);
    const y = (row: number) => band(row).y + band(row).h / 2;
    const d = hoverDetails(model, layout, view, 120, y(0), 5_000)!;
    expect(d.title).toBe('LLM retry: attempt 1 failed');
    expect(d.lines).toEqual([
      'attempt 2 after 500 ms',
      'reason: openai llm: server error (503) from http://127.0.0.1:9: "overloaded"',
      'server_error · openai (providers.llm)',
      'at 1.200 s',
    ]);
    expect(hoverDetails(model, layout, view, 352, y(1), 5_000)?.title).toBe('TTS retry: attempt 1 failed');
    // Past the waits the request itself is under the pointer again.
    expect(hoverDetails(model, layout, view, 320, y(0), 5_000)?.title).toBe('LLM request r1');
  });

  it('a reset forgets the retries', () => {
    const m = new TimelineModel();
    m.ingest(events);
    m.reset();
    expect(m.retries.size).toBe(0);
  });
});
