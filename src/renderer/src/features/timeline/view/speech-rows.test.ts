import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../../../shared/engine-events';
import { SPEECH_ROWS } from '../model/speech-lanes';
import { TimelineModel } from '../model/timeline-model';
import { speechLabel } from '../draw/draw-activity';
import { hoverDetails } from './hit-test';
import { layoutLanes } from './lane-layout';
import { speechItems } from './overlay-items';
import {
  MIN_ROW_PX,
  placeSpeechLabels,
  speechBand,
  speechRowView,
  speechRowViewIn,
  type PlacedBar,
  type PlacedLabel,
} from './speech-rows';

/** A speech open from `start` to `end`, queued at priority 5. */
function speech(id: string, start: number, end: number, text = `answer ${id}`): EngineEvent[] {
  return [
    { type: 'speech_lifecycle', speechId: id, state: 'created', source: 'generate_reply', text, t: start },
    { type: 'speech_lifecycle', speechId: id, state: 'scheduled', priority: 5, t: start },
    { type: 'speech_lifecycle', speechId: id, state: 'done', t: end },
  ];
}

function modelOf(spans: Array<[string, number, number]>): TimelineModel {
  const model = new TimelineModel();
  // events in time order, as the engine sends them
  const events = spans.flatMap(([id, s, e]) => speech(id, s, e)).sort((a, b) => a.t - b.t);
  model.ingest(events);
  return model;
}

const box = layoutLanes().byId['speech-queue'];
const view = { startMs: 0, msPerPx: 10, widthPx: 1000 };

/** Labels overlap when they share a row band and their x ranges intersect. */
function overlapping(labels: readonly PlacedLabel[]): [PlacedLabel, PlacedLabel] | null {
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) {
      const [a, b] = [labels[i], labels[j]];
      if (a.y === b.y && a.x < b.x + b.w && b.x < a.x + a.w) return [a, b];
    }
  return null;
}

describe('speech rows: assignment', () => {
  it('gives each open speech a row no other open speech holds, reusing rows that became free', () => {
    const model = modelOf([
      ['a', 0, 1000],
      ['b', 100, 500],
      ['c', 200, 300],
      ['d', 400, 900], // c ended at 300: its row is free again
      ['e', 600, 700], // b ended at 500
      ['f', 1500, 1600], // everything ended: back to row 0
    ]);
    const row = (id: string) => model.speech.byId.get(id)!.row;
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map(row)).toEqual([0, 1, 2, 2, 1, 0]);
    expect(model.speech.rowCount).toBe(3);
    const bars = model.speech.speeches.items;
    for (const x of bars)
      for (const y of bars)
        if (x !== y && x.row === y.row) expect(x.end! < y.start || y.end! < x.start).toBe(true);
  });

  it('30 speeches open at once get 30 rows (nothing shares a row, nothing is over-printed)', () => {
    const model = modelOf(
      Array.from({ length: 30 }, (_, i) => [`s${i}`, i * 100, 60_000] as [string, number, number]),
    );
    expect(new Set(model.speech.speeches.items.map((b) => b.row)).size).toBe(30);
    expect(model.speech.rowCount).toBe(30);
  });
});

describe('speech rows: lane layout', () => {
  it('shows SPEECH_ROWS full rows when few speeches overlap, thinner rows for more, then an overflow row', () => {
    const few = speechRowView(box, 1);
    expect(few).toMatchObject({ rows: SPEECH_ROWS, overflow: false });
    expect(few.fontPx).toBeGreaterThanOrEqual(10);
    const more = speechRowView(box, 7);
    expect(more).toMatchObject({ rows: 8, overflow: false });
    expect(more.rowH).toBeGreaterThanOrEqual(MIN_ROW_PX);
    const many = speechRowView(box, 29);
    expect(many.overflow).toBe(true);
    expect(many.rows).toBe(Math.floor((box.height - 4) / MIN_ROW_PX));
    // rows tile the lane without overlapping and stay inside it
    for (let r = 0; r < 30; r++) {
      const band = speechBand(many, r);
      expect(band.y).toBeGreaterThanOrEqual(box.top);
      expect(band.y + band.h).toBeLessThanOrEqual(box.top + box.height + 1e-9);
    }
    expect(speechBand(many, 29)).toEqual(speechBand(many, many.rows - 1));
  });

  it('the row view depends on what is in view only', () => {
    const model = modelOf([
      ...Array.from({ length: 12 }, (_, i) => [`s${i}`, i * 10, 2000] as [string, number, number]),
      ['late', 50_000, 51_000],
    ]);
    expect(speechRowViewIn(model, box, 0, 5000).needed).toBe(12);
    expect(speechRowViewIn(model, box, 49_000, 60_000)).toMatchObject({
      needed: SPEECH_ROWS,
      overflow: false,
    });
  });
});

describe('speech rows: labels', () => {
  it('labels name the source and priority, stay inside the visible part of their bar and never overlap', () => {
    const model = modelOf([
      ['a', -5000, 1500], // starts left of the plot: its label must not run past its end
      ['b', 1600, 4000],
      ['c', 100, 3000],
      ['d', 200, 250], // too short for a label
    ]);
    const v = speechRowViewIn(model, box, view.startMs, 10_000);
    const bars: PlacedBar[] = model.speech.speeches.items.map((b) => ({
      row: b.row,
      x: (b.start - view.startMs) / view.msPerPx,
      w: (b.end! - b.start) / view.msPerPx,
      text: speechLabel(b),
    }));
    const labels = placeSpeechLabels(bars, v, view.widthPx);
    expect(overlapping(labels)).toBeNull();
    expect(labels.map((l) => l.text)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^reply p5/), expect.stringMatching(/^reply p5/)]),
    );
    const a = labels.find((l) => l.y === speechBand(v, 0).y + v.rowH / 2 + 0.5 && l.x < 100)!;
    expect(a.x).toBeGreaterThanOrEqual(0);
    expect(a.x + a.w).toBeLessThanOrEqual(150); // bar a ends at x = 150
    expect(labels).toHaveLength(3);
  });

  it('random overlapping speeches: no two labels ever overlap, at any zoom', () => {
    let seed = 7;
    let labelled = 0;
    const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let run = 0; run < 20; run++) {
      const spans = Array.from({ length: 40 }, (_, i) => {
        const s = Math.floor(rand() * 20_000);
        return [`s${i}`, s, s + 50 + Math.floor(rand() * 6000)] as [string, number, number];
      });
      const model = modelOf(spans);
      const msPerPx = [2, 10, 40][run % 3];
      const v = speechRowViewIn(model, box, 0, 1000 * msPerPx);
      const bars: PlacedBar[] = model.speech.speeches.items.map((b) => ({
        row: b.row,
        x: b.start / msPerPx,
        w: Math.max(2, (b.end! - b.start) / msPerPx),
        text: speechLabel(b),
      }));
      const labels = placeSpeechLabels(bars, v, 1000);
      expect(overlapping(labels)).toBeNull();
      for (const l of labels) expect(l.x + l.w).toBeLessThanOrEqual(1000);
      labelled += labels.length;
    }
    expect(labelled).toBeGreaterThan(100); // the check above is not vacuous
  });

  it('the overflow row carries one "+N overlapping" label per run instead of one per speech', () => {
    const model = modelOf(
      Array.from({ length: 30 }, (_, i) => [`s${i}`, i * 100, 20_000] as [string, number, number]),
    );
    const v = speechRowViewIn(model, box, 0, 10_000);
    expect(v.overflow).toBe(true);
    const bars: PlacedBar[] = model.speech.speeches.items.map((b) => ({
      row: b.row,
      x: b.start / view.msPerPx,
      w: (b.end! - b.start) / view.msPerPx,
      text: speechLabel(b),
    }));
    const labels = placeSpeechLabels(bars, v, view.widthPx);
    expect(overlapping(labels)).toBeNull();
    const hidden = 30 - (v.rows - 1);
    expect(labels.filter((l) => /overlapping/.test(l.text)).map((l) => l.text)).toEqual([
      `+${hidden} overlapping`,
    ]);
  });

  it('rows too thin for a font get no labels', () => {
    expect(
      placeSpeechLabels(
        [{ row: 0, x: 0, w: 500, text: 'reply p5' }],
        { ...speechRowView(box, 0), fontPx: 0 },
        1000,
      ),
    ).toEqual([]);
  });
});

describe('speech rows: hover and overlay agree with the painter', () => {
  const model = modelOf(
    Array.from({ length: 30 }, (_, i) => [`s${i}`, i * 100, 20_000] as [string, number, number]),
  );
  const layout = layoutLanes();

  it('the overlay puts each speech in its shown row, with its priority', () => {
    const items = speechItems(model, view, box, 20_000);
    const v = speechRowViewIn(model, box, view.startMs, 10_000);
    const s3 = items.find((i) => i.key === 's3')!;
    expect(s3.data).toMatchObject({ priority: '5', row: '3' });
    expect(s3.top + box.top - 1).toBeCloseTo(speechBand(v, 3).y, 6);
    expect(items.find((i) => i.key === 's29')!.data.row).toBe(String(v.rows - 1));
  });

  it('hovering a row names its speech; hovering the overflow row lists every speech it holds there', () => {
    const v = speechRowViewIn(model, box, view.startMs, 10_000);
    const mid = (row: number) => speechBand(v, row).y + v.rowH / 2;
    expect(hoverDetails(model, layout, view, 50, mid(2), 20_000)?.title).toBe('Speech s2: done');
    const over = hoverDetails(model, layout, view, 500, mid(v.rows - 1), 20_000)!;
    expect(over.title).toMatch(/^\d+ overlapping speeches$/);
    expect(over.lines.join('\n')).toContain('s29: reply p5');
  });
});
