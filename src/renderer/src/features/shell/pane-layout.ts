/**
 * The shell's three columns: controls | timeline | inspector. Either side pane can be collapsed
 * to a narrow rail (its content stays mounted, so a config draft or a filter survives), and
 * below 1280 px the side panes narrow before the timeline does, so the studio works from
 * 1024 x 640 up. The choice is remembered per browser.
 */

export interface PaneState {
  leftCollapsed: boolean;
  rightCollapsed: boolean;
}

export const DEFAULT_PANES: PaneState = { leftCollapsed: false, rightCollapsed: false };
/** Width of a collapsed pane's rail, px. */
export const RAIL_PX = 34;
export const PANES_STORAGE_KEY = 'voice-agent-studio.panes';

/** A side pane's column: a rail when collapsed, else between its minimum and maximum width. */
function side(collapsed: boolean, maxPx: number, windowWidth: number): string {
  if (collapsed) return `${RAIL_PX}px`;
  // Narrow windows give the timeline the width first: 220 px panes at 1024, 260 px from 1280.
  if (windowWidth >= 1280) return `minmax(260px, ${maxPx}px)`;
  return windowWidth >= 1100 ? '240px' : '220px';
}

/** The layout grid's `grid-template-columns` for a pane state at a window width. */
export function gridColumns(panes: PaneState, windowWidth: number): string {
  return `${side(panes.leftCollapsed, 320, windowWidth)} minmax(0, 1fr) ${side(panes.rightCollapsed, 340, windowWidth)}`;
}

/** Reads a remembered pane state; anything unreadable is the default, not an error. */
export function parsePanes(raw: string | null): PaneState {
  if (!raw) return DEFAULT_PANES;
  try {
    const v = JSON.parse(raw) as Partial<PaneState>;
    return { leftCollapsed: v.leftCollapsed === true, rightCollapsed: v.rightCollapsed === true };
  } catch {
    return DEFAULT_PANES;
  }
}
