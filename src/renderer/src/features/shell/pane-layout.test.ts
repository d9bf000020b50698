import { describe, expect, it } from 'vitest';
import { DEFAULT_PANES, gridColumns, parsePanes, RAIL_PX } from './pane-layout';

/** The smallest width the columns can take: side minimums (or rails) plus the center's 0. */
function minWidth(template: string): number {
  return [...template.matchAll(/minmax\((\d+)px|^(\d+)px| (\d+)px$/g)]
    .map((m) => Number(m[1] ?? m[2] ?? m[3]))
    .reduce((a, b) => a + b, 0);
}

describe('pane layout', () => {
  it('full panes from 1280 px, narrower side panes below, so 1024 px leaves the timeline room', () => {
    expect(gridColumns(DEFAULT_PANES, 1440)).toBe('minmax(260px, 320px) minmax(0, 1fr) minmax(260px, 340px)');
    expect(gridColumns(DEFAULT_PANES, 1024)).toBe('220px minmax(0, 1fr) 220px');
    // 1024 minus the two panes, the gaps (2 x 12) and the padding (2 x 16) leaves over 500 px.
    expect(1024 - minWidth(gridColumns(DEFAULT_PANES, 1024)) - 24 - 32).toBeGreaterThan(500);
  });

  it('a collapsed pane is a rail', () => {
    expect(gridColumns({ leftCollapsed: true, rightCollapsed: false }, 1024)).toBe(
      `${RAIL_PX}px minmax(0, 1fr) 220px`,
    );
    expect(gridColumns({ leftCollapsed: true, rightCollapsed: true }, 1280)).toBe(
      `${RAIL_PX}px minmax(0, 1fr) ${RAIL_PX}px`,
    );
  });

  it('a remembered state is read back; anything else is the default', () => {
    expect(parsePanes('{"leftCollapsed":true,"rightCollapsed":false}')).toEqual({
      leftCollapsed: true,
      rightCollapsed: false,
    });
    expect(parsePanes(null)).toEqual(DEFAULT_PANES);
    expect(parsePanes('not json')).toEqual(DEFAULT_PANES);
    expect(parsePanes('{"leftCollapsed":"yes"}')).toEqual(DEFAULT_PANES);
  });
});
