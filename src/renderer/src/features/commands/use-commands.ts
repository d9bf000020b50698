/**
 * Wires the desktop menu's pushes and (in web mode only) the keyboard shortcuts to the same
 * actions the buttons use.
 */
import { useEffect, useMemo } from 'react';
import { useStudio } from '../../bridge/studio-context';
import { useStudioStore } from '../../store/studio-store';
import { matchShortcut, runMenuAction, type ZoomControl } from './menu-actions';

export function useMenuAndShortcuts(): void {
  const { client, actions } = useStudio();
  const zoomTimelineIn = useStudioStore((s) => s.zoomTimelineIn);
  const zoomTimelineOut = useStudioStore((s) => s.zoomTimelineOut);
  const resetTimelineZoom = useStudioStore((s) => s.resetTimelineZoom);
  const zoom = useMemo<ZoomControl>(
    () => ({ zoomIn: zoomTimelineIn, zoomOut: zoomTimelineOut, reset: resetTimelineZoom }),
    [zoomTimelineIn, zoomTimelineOut, resetTimelineZoom],
  );

  useEffect(
    () => client.on('menu', ({ action }) => runMenuAction(action, actions, zoom)),
    [client, actions, zoom],
  );

  useEffect(() => {
    if (client.transport !== 'websocket') return;
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat) return;
      const action = matchShortcut(e);
      if (!action) return;
      e.preventDefault();
      runMenuAction(action, actions, zoom);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [client, actions, zoom]);
}
