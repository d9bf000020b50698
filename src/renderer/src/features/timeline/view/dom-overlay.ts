/**
 * Keeps a container's children equal to a list of overlay items, keyed, touching only what
 * changed. The timeline calls it from its frame loop; React never sees these elements, so a
 * pan or a batch of events re-renders nothing.
 */
import type { OverlayItem } from './overlay-items';

const TAG: Record<OverlayItem['kind'], 'div' | 'button'> = {
  speech: 'div',
  tool: 'button',
  interruption: 'div',
};
const ROLE: Record<OverlayItem['kind'], string> = {
  speech: 'listitem',
  tool: 'button',
  interruption: 'listitem',
};

const cache = new WeakMap<HTMLElement, Map<string, HTMLElement>>();

function setAttr(el: HTMLElement, name: string, value: string): void {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function syncOverlay(container: HTMLElement, items: readonly OverlayItem[], testId: string): void {
  let byKey = cache.get(container);
  if (!byKey) {
    byKey = new Map();
    cache.set(container, byKey);
  }
  const seen = new Set<string>();
  let prev: HTMLElement | null = null;
  for (const item of items) {
    seen.add(item.key);
    let el = byKey.get(item.key);
    if (!el) {
      el = document.createElement(TAG[item.kind]);
      el.className = `tl-overlay tl-overlay-${item.kind}`;
      el.setAttribute('role', ROLE[item.kind]);
      el.setAttribute('data-testid', testId);
      if (item.kind === 'tool') (el as HTMLButtonElement).type = 'button';
      byKey.set(item.key, el);
    }
    // Keep document order = time order, so reading order and `.first()` follow the timeline.
    const wanted: ChildNode | null = prev ? prev.nextSibling : container.firstChild;
    if (el !== wanted) container.insertBefore(el, wanted);
    prev = el;
    const style = `left:${item.left.toFixed(1)}px;top:${item.top.toFixed(1)}px;width:${item.width.toFixed(1)}px;height:${item.height.toFixed(1)}px`;
    setAttr(el, 'style', style);
    setAttr(el, 'aria-label', item.label);
    setAttr(el, 'title', item.label);
    for (const [k, v] of Object.entries(item.data)) setAttr(el, `data-${kebab(k)}`, v);
  }
  for (const [key, el] of byKey) {
    if (seen.has(key)) continue;
    el.remove();
    byKey.delete(key);
  }
}
