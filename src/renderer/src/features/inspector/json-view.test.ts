import { describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../../../shared/engine-events';
import { copyText } from './clipboard';
import { downloadText, exportFileName, toJsonl } from './event-export';
import { VIEW_TEXT_LIMIT, clipLongStrings, clipText, isKnownEvent, safeJson } from './json-view';

const toolEnd = (output: string): EngineEvent => ({
  type: 'tool_execution',
  phase: 'end',
  t: 1,
  callId: 'c1',
  name: 'dump',
  speechId: 's1',
  arguments: '{}',
  output,
  isError: false,
});

describe('JSON view', () => {
  it('cuts a 1 MB tool output to the view limit and says how much is hidden', () => {
    const big = 'x'.repeat(1_048_576);
    const { value, clipped } = clipLongStrings(toolEnd(big));
    expect(clipped).toBe(1);
    const out = (value as { output: string }).output;
    expect(out.length).toBeLessThan(VIEW_TEXT_LIMIT + 60);
    expect(out).toContain(
      `[${(1_048_576 - VIEW_TEXT_LIMIT).toLocaleString('en-US')} chars more — show all]`.replace(
        ' chars more',
        ' chars more',
      ),
    );
    expect(clipText(big)).toEqual({
      shown: big.slice(0, VIEW_TEXT_LIMIT),
      hidden: 1_048_576 - VIEW_TEXT_LIMIT,
    });
    expect(clipText('short')).toEqual({ shown: 'short', hidden: 0 });
  });

  it('renders what JSON cannot say as text with the reason', () => {
    const cyclic: Record<string, unknown> = { type: 'x' };
    cyclic.self = cyclic;
    const r = safeJson(cyclic);
    expect(r.error).toMatch(/circular/i);
    expect(r.text).toBe('[object Object]');
    expect(safeJson({ a: 1 })).toEqual({ text: '{\n  "a": 1\n}', error: null });
  });

  it('knows the engine event types and nothing else', () => {
    expect(isKnownEvent(toolEnd('x'))).toBe(true);
    expect(isKnownEvent({ type: 'from_the_future', t: 1 })).toBe(false);
    expect(isKnownEvent('text')).toBe(false);
    expect(isKnownEvent(null)).toBe(false);
  });
});

describe('JSONL export', () => {
  it('writes one parseable event per line', () => {
    const events = [toolEnd('a\nb'), toolEnd('{"quoted": true}')];
    const text = toJsonl(events);
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((l) => JSON.parse(l))).toEqual(events);
    expect(toJsonl([])).toBe('');
  });

  it('names the file by source and count, safe for any id', () => {
    expect(exportFileName({ kind: 'live', sessionId: 'sess_1' }, 12)).toBe('events-live-sess_1-12.jsonl');
    expect(exportFileName({ kind: 'replay', recordingId: '2026/12 07:01' }, 3)).toBe(
      'events-replay-2026_12_07_01-3.jsonl',
    );
    expect(exportFileName({ kind: 'live', sessionId: null }, 0)).toBe('events-live-none-0.jsonl');
  });

  it('downloads through a blob URL and an anchor, then frees the URL', async () => {
    vi.useFakeTimers();
    const clicked: { href: string; download: string }[] = [];
    let blob: Blob | null = null;
    const revoked: string[] = [];
    downloadText('e.jsonl', '{"a":1}\n', 'application/x-ndjson', {
      createObjectURL: (b) => ((blob = b), 'blob:1'),
      revokeObjectURL: (u) => revoked.push(u),
      createAnchor: () => {
        const a = {
          href: '',
          download: '',
          click: () => clicked.push({ href: a.href, download: a.download }),
        };
        return a;
      },
      append: () => undefined,
    });
    expect(clicked).toEqual([{ href: 'blob:1', download: 'e.jsonl' }]);
    expect(await (blob as unknown as Blob).text()).toBe('{"a":1}\n');
    expect(revoked).toEqual([]);
    vi.runAllTimers();
    expect(revoked).toEqual(['blob:1']);
    vi.useRealTimers();
  });
});

describe('copy', () => {
  it('uses the clipboard API, falls back when it refuses, and says when both fail', async () => {
    const copied: string[] = [];
    expect(
      await copyText('a', { writeText: async (t) => void copied.push(t), execCopy: () => false }),
    ).toEqual({
      ok: true,
      via: 'clipboard',
    });
    const refuse = async () => {
      throw new Error('denied');
    };
    expect(await copyText('b', { writeText: refuse, execCopy: () => true })).toEqual({
      ok: true,
      via: 'fallback',
    });
    expect(await copyText('c', { writeText: null, execCopy: () => true })).toEqual({
      ok: true,
      via: 'fallback',
    });
    const failed = await copyText('d', { writeText: refuse, execCopy: () => false });
    expect(failed).toEqual({ ok: false, error: 'the clipboard refused (denied) and so did the fallback' });
    expect(copied).toEqual(['a']);
  });
});
