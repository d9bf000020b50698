/**
 * Zoom for the menu's zoom items. Electron pushes them to the renderer (rather than zooming the
 * webContents) so the layout, not the browser chrome, decides how scaling looks.
 */
import type { ZoomControl } from './menu-actions';

export const ZOOM_MIN = 0.5;
export const ZOOM_MAX = 2;
export const ZOOM_STEP = 0.1;

export function createZoom(apply: (factor: number) => void, initial = 1): ZoomControl & { readonly factor: number } {
  let factor = initial;
  const set = (next: number) => {
    factor = Math.round(Math.min(ZOOM_MAX, Math.max(ZOOM_MIN, next)) * 10) / 10;
    apply(factor);
  };
  return {
    get factor() {
      return factor;
    },
    zoomIn: () => set(factor + ZOOM_STEP),
    zoomOut: () => set(factor - ZOOM_STEP),
    reset: () => set(1),
  };
}

/** Applies a zoom factor to the whole document (Chromium supports CSS `zoom`). */
export function applyDocumentZoom(factor: number): void {
  document.documentElement.style.setProperty('zoom', String(factor));
}
