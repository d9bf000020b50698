/** The shell's pane state (collapsed or not), remembered in localStorage, and the window width. */
import { useCallback, useEffect, useState } from 'react';
import { type PaneState, PANES_STORAGE_KEY, parsePanes } from './pane-layout';

function readStored(): PaneState {
  try {
    return parsePanes(window.localStorage.getItem(PANES_STORAGE_KEY));
  } catch {
    // Storage refused (privacy settings): the panes still work, they are just not remembered.
    return parsePanes(null);
  }
}

export function usePanes(): {
  panes: PaneState;
  windowWidth: number;
  toggle(side: 'left' | 'right'): void;
} {
  const [panes, setPanes] = useState(readStored);
  const [windowWidth, setWindowWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    const onResize = () => setWindowWidth(window.innerWidth);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  const toggle = useCallback((side: 'left' | 'right') => {
    setPanes((prev) => {
      const next =
        side === 'left'
          ? { ...prev, leftCollapsed: !prev.leftCollapsed }
          : { ...prev, rightCollapsed: !prev.rightCollapsed };
      try {
        window.localStorage.setItem(PANES_STORAGE_KEY, JSON.stringify(next));
      } catch {
        // Not remembered; the toggle itself still works.
      }
      return next;
    });
  }, []);
  return { panes, windowWidth, toggle };
}
