/**
 * Binds the session panel's keys (push-to-talk, help, zoom) to the window. Space is push-to-talk
 * only while `ptt.enabled`; otherwise the browser keeps it. Push-to-talk is
 * key-down/key-up state, which a menu accelerator cannot report, so it lives here for the desktop
 * app too. Losing focus ends it: a key-up that happens in another window never arrives.
 */
import { useEffect, useRef, useState } from 'react';
import { useStudioStore } from '../../store/studio-store';
import { matchSessionKey, type TargetLike } from './session-shortcuts';

export interface SessionShortcutState {
  pttActive: boolean;
  helpOpen: boolean;
  setHelpOpen(open: boolean): void;
}

export interface PttBinding {
  enabled: boolean;
  onPress(): void;
  onRelease(): void;
}

export function useSessionShortcuts(ptt: PttBinding): SessionShortcutState {
  const [pttActive, setPttActive] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  const helpRef = useRef(helpOpen);
  const pttRef = useRef(false);
  const bindingRef = useRef(ptt);
  useEffect(() => {
    helpRef.current = helpOpen;
  }, [helpOpen]);
  useEffect(() => {
    bindingRef.current = ptt;
  });
  useEffect(() => {
    if (ptt.enabled || !pttRef.current) return;
    pttRef.current = false; // turned off mid-hold: the gate already forgot the hold
    setPttActive(false);
  }, [ptt.enabled]);

  useEffect(() => {
    const zoom = () => useStudioStore.getState();
    const onDown = (e: KeyboardEvent) => {
      // The focused timeline handles its own +/-/0; a handled key must not zoom twice.
      if (e.defaultPrevented) return;
      const key = matchSessionKey(e, e.target as TargetLike | null);
      if (!key || (key === 'ptt' && !bindingRef.current.enabled)) return;
      if (key === 'close_help') {
        if (helpRef.current) {
          e.preventDefault();
          setHelpOpen(false);
        }
        return;
      }
      // Space would scroll the page or press the focused button; the other keys type nothing here.
      e.preventDefault();
      if (key === 'ptt') {
        if (!pttRef.current) {
          pttRef.current = true;
          setPttActive(true);
          bindingRef.current.onPress();
        }
        return;
      }
      if (e.repeat) return;
      if (key === 'help') setHelpOpen(!helpRef.current);
      else if (key === 'zoom_in') zoom().zoomTimelineIn();
      else if (key === 'zoom_out') zoom().zoomTimelineOut();
      else zoom().resetTimelineZoom();
    };
    const endPtt = () => {
      if (!pttRef.current) return false;
      pttRef.current = false;
      setPttActive(false);
      bindingRef.current.onRelease();
      return true;
    };
    const onUp = (e: KeyboardEvent) => {
      if ((e.key === ' ' || e.key === 'Spacebar') && endPtt()) e.preventDefault();
    };
    const onBlur = () => void endPtt();
    window.addEventListener('keydown', onDown);
    window.addEventListener('keyup', onUp);
    window.addEventListener('blur', onBlur);
    return () => {
      window.removeEventListener('keydown', onDown);
      window.removeEventListener('keyup', onUp);
      window.removeEventListener('blur', onBlur);
    };
  }, []);

  return { pttActive, helpOpen, setHelpOpen };
}
