/**
 * Wires the desktop menu's pushes and (in web mode only) the keyboard shortcuts to the same
 * actions the buttons use.
 */
import { useEffect, useMemo } from 'react';
import { useStudio } from '../../bridge/studio-context';
import { matchShortcut, runMenuAction } from './menu-actions';
import { applyDocumentZoom, createZoom } from './zoom';

export function useMenuAndShortcuts(): void {
  const { client, actions } = useStudio();
  const zoom = useMemo(() => createZoom(applyDocumentZoom), []);

  useEffect(() => client.on('menu', ({ action }) => runMenuAction(action, actions, zoom)), [client, actions, zoom]);

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
