import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_WINDOW_STATE,
  fitToDisplays,
  loadWindowState,
  MIN_HEIGHT,
  MIN_WIDTH,
  parseWindowState,
  saveWindowState,
} from './window-state';

const laptop = { x: 0, y: 0, width: 1920, height: 1050 };
const rightMonitor = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('parseWindowState', () => {
  it('tolerates a missing, corrupt or wrong-shaped file', () => {
    for (const text of [
      null,
      '',
      '{',
      'null',
      '42',
      '"x"',
      '{"width":"wide","height":3}',
      '{"width":1e999,"height":5}',
    ]) {
      expect(parseWindowState(text)).toEqual(DEFAULT_WINDOW_STATE);
    }
  });

  it('keeps valid fields and drops a half position', () => {
    expect(parseWindowState('{"x":10,"y":20,"width":1000.4,"height":700,"maximized":true}')).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      maximized: true,
    });
    expect(parseWindowState('{"x":10,"width":1000,"height":700}')).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    });
  });
});

describe('fitToDisplays', () => {
  it('keeps a window that is on a display', () => {
    expect(fitToDisplays({ x: 100, y: 50, width: 1200, height: 800, maximized: false }, [laptop])).toEqual({
      x: 100,
      y: 50,
      width: 1200,
      height: 800,
      maximized: false,
    });
  });

  it('drops the position when its display is gone, so the OS centres the window', () => {
    expect(fitToDisplays({ x: 2500, y: 100, width: 1600, height: 1000, maximized: false }, [laptop])).toEqual(
      { width: 1600, height: 1000, maximized: false },
    );
  });

  it('uses the display the window mostly sits on and pulls it inside', () => {
    const fitted = fitToDisplays({ x: 3800, y: -200, width: 1000, height: 900, maximized: false }, [
      laptop,
      rightMonitor,
    ]);
    expect(fitted).toEqual({ x: 3480, y: 0, width: 1000, height: 900, maximized: false });
  });

  it('ignores a sliver of overlap too small to grab', () => {
    expect(
      fitToDisplays({ x: 1900, y: 100, width: 1000, height: 800, maximized: false }, [laptop]),
    ).not.toHaveProperty('x');
  });

  it('clamps size to the minimum and to the work area', () => {
    expect(fitToDisplays({ width: 10, height: 10, maximized: false }, [laptop])).toMatchObject({
      width: MIN_WIDTH,
      height: MIN_HEIGHT,
    });
    expect(fitToDisplays({ x: 0, y: 0, width: 5000, height: 5000, maximized: true }, [laptop])).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1050,
      maximized: true,
    });
  });

  it('still works with no displays reported', () => {
    expect(fitToDisplays({ x: 5, y: 5, width: 1000, height: 700, maximized: false }, [])).toEqual({
      width: 1000,
      height: 700,
      maximized: false,
    });
  });
});

describe('load and save', () => {
  it('round-trips through the file and survives a corrupt one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'studio-ws-'));
    const file = join(dir, 'window-state.json');
    expect(await loadWindowState(file, [laptop])).toEqual(DEFAULT_WINDOW_STATE);
    await saveWindowState(file, { x: 10, y: 10, width: 1000, height: 700, maximized: false });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ x: 10, width: 1000 });
    expect(await loadWindowState(file, [laptop])).toEqual({
      x: 10,
      y: 10,
      width: 1000,
      height: 700,
      maximized: false,
    });
    await writeFile(file, '{"x": 10, "wid');
    expect(await loadWindowState(file, [laptop])).toEqual(DEFAULT_WINDOW_STATE);
    await rm(dir, { recursive: true, force: true });
  });
});
