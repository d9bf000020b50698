/**
 * Remembers the window's size and position across launches (userData/window-state.json). Pure
 * apart from the two file helpers, so the rules are unit-tested: a saved position is only reused
 * when enough of the window would land on a display that exists now (monitors get unplugged),
 * and a corrupt or hand-edited file means defaults, never a crash at startup.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { PRIVATE_FILE_MODE } from './private-files';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent position means "let the OS centre it". */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1400, height: 900, maximized: false };
export const MIN_WIDTH = 900;
export const MIN_HEIGHT = 600;
/** How much of the window must overlap a display's work area for its title bar to be grabbable. */
const MIN_VISIBLE = { width: 120, height: 60 };

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Reads whatever is in the file; anything unusable becomes the defaults. */
export function parseWindowState(text: string | null | undefined): WindowState {
  if (!text) return { ...DEFAULT_WINDOW_STATE };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ...DEFAULT_WINDOW_STATE };
  }
  if (typeof raw !== 'object' || raw === null) return { ...DEFAULT_WINDOW_STATE };
  const r = raw as Record<string, unknown>;
  if (!finite(r.width) || !finite(r.height)) return { ...DEFAULT_WINDOW_STATE };
  const state: WindowState = {
    width: Math.round(r.width),
    height: Math.round(r.height),
    maximized: r.maximized === true,
  };
  if (finite(r.x) && finite(r.y)) {
    state.x = Math.round(r.x);
    state.y = Math.round(r.y);
  }
  return state;
}

/**
 * Fits a saved state to the displays of this launch: sizes are clamped to the minimum and to
 * the work area; a position that is not visibly on any display is dropped so the OS centres it.
 */
export function fitToDisplays(state: WindowState, workAreas: readonly Rect[]): WindowState {
  const primary = workAreas[0];
  const host =
    state.x !== undefined && state.y !== undefined
      ? bestDisplay({ x: state.x, y: state.y, width: state.width, height: state.height }, workAreas)
      : undefined;
  const area = host ?? primary;
  const width = clamp(state.width, MIN_WIDTH, area ? Math.max(MIN_WIDTH, area.width) : state.width);
  const height = clamp(state.height, MIN_HEIGHT, area ? Math.max(MIN_HEIGHT, area.height) : state.height);
  const fitted: WindowState = { width, height, maximized: state.maximized };
  if (host && state.x !== undefined && state.y !== undefined) {
    // Pull the window fully inside the display it mostly sits on, keeping the top edge reachable.
    fitted.x = clamp(state.x, host.x, host.x + host.width - width);
    fitted.y = clamp(state.y, host.y, host.y + host.height - height);
  }
  return fitted;
}

function bestDisplay(win: Rect, areas: readonly Rect[]): Rect | undefined {
  let best: Rect | undefined;
  let bestArea = 0;
  for (const area of areas) {
    const w = Math.min(win.x + win.width, area.x + area.width) - Math.max(win.x, area.x);
    const h = Math.min(win.y + win.height, area.y + area.height) - Math.max(win.y, area.y);
    if (w >= MIN_VISIBLE.width && h >= MIN_VISIBLE.height && w * h > bestArea) {
      best = area;
      bestArea = w * h;
    }
  }
  return best;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), Math.max(lo, hi));
}

export async function loadWindowState(file: string, workAreas: readonly Rect[]): Promise<WindowState> {
  const text = await readFile(file, 'utf8').catch(() => null);
  return fitToDisplays(parseWindowState(text), workAreas);
}

/** Writes through a temp file and a rename, so a crash mid-write cannot leave a torn file. */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`, { encoding: 'utf8', mode: PRIVATE_FILE_MODE });
  await rename(tmp, file);
}
