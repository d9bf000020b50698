/**
 * The studio's own speakers and microphone: the player of main's `audio` pushes with its mute
 * toggle and level meter, and the microphone of a 'microphone' session with its state. Both live
 * as long as the app; the meter and counters are written to the DOM ~10 times a second through
 * refs, so audio never re-renders the React tree.
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useStudio } from '../../bridge/studio-context';
import { openMicrophone } from '../../audio/mic-capture';
import { MicRelay, type MicState } from '../../audio/mic-relay';
import { AudioPlayer } from '../../audio/player';
import { useStudioStore } from '../../store/studio-store';
import type { StudioClient } from '../../../../shared/studio-api';

const METER_MS = 100;

const MIC_TEXT: Record<MicState['kind'], string> = {
  off: 'Mic off',
  starting: 'Mic opening…',
  live: 'Mic live',
  problem: 'Mic unavailable',
};

function micTitle(state: MicState): string {
  switch (state.kind) {
    case 'off':
      return 'The microphone opens while a session runs in "Local microphone" input mode';
    case 'starting':
      return 'Asking for the microphone…';
    case 'live':
      return `Sending 16 kHz mono audio to the session (captured at ${state.captureRate} Hz, echo cancellation and noise suppression on)`;
    case 'problem':
      return state.message;
  }
}

/** The microphone of 'microphone' sessions, built once by the session panel (which also drives push-to-talk). */
export function createMicRelay(client: StudioClient): MicRelay {
  return new MicRelay({ client, store: useStudioStore, open: (handlers) => openMicrophone(handlers) });
}

export function AudioControls({ mic }: { mic: MicRelay }) {
  const { client } = useStudio();
  // Built once; the effects below start them and stop them (twice in StrictMode, which they allow).
  const [player] = useState(() => new AudioPlayer());
  const [muted, setMuted] = useState(false);
  const muteRef = useRef<HTMLButtonElement>(null);
  const meterRef = useRef<HTMLSpanElement>(null);
  const micRef = useRef<HTMLSpanElement>(null);

  useEffect(() => {
    const offGesture = player.listenForGesture();
    const off = client.on('audio', (push) => player.enqueue(push));
    return () => {
      off();
      offGesture();
      player.close();
    };
  }, [client, player]);

  useEffect(() => mic.start(), [mic]);

  useEffect(() => {
    player.setMuted(muted);
  }, [player, muted]);

  useEffect(() => {
    const id = setInterval(() => {
      const s = player.stats();
      const level = muteRef.current;
      level?.setAttribute('data-chunks', String(s.received));
      level?.setAttribute('data-played-ms', String(Math.round(s.playedMs)));
      level?.setAttribute('data-context', s.context);
      const meter = meterRef.current;
      if (meter) {
        meter.style.transform = `scaleX(${s.level.toFixed(3)})`;
        meter.parentElement?.setAttribute('data-level', s.level.toFixed(3));
      }
      if (micRef.current) micRef.current.setAttribute('data-chunks', String(mic.stats().sent));
    }, METER_MS);
    return () => clearInterval(id);
  }, [player, mic]);

  const micState = useSyncExternalStore(mic.subscribe, mic.getState);

  return (
    <div className="audio-controls" data-testid="audio-controls">
      <button
        type="button"
        ref={muteRef}
        data-testid="audio-mute"
        data-muted={String(muted)}
        aria-pressed={muted}
        onClick={() => setMuted(!muted)}
        title={muted ? 'Unmute the agent’s voice' : 'Mute the agent’s voice (the session still plays it)'}
      >
        {muted ? 'Speakers muted' : 'Speakers on'}
      </button>
      <span
        className="audio-meter"
        data-testid="audio-level"
        data-level="0"
        role="meter"
        aria-label="Agent voice level"
        aria-valuemin={0}
        aria-valuemax={1}
      >
        <span className="audio-meter-fill" ref={meterRef} />
      </span>
      <span
        ref={micRef}
        className="mic-status"
        data-testid="mic-status"
        data-state={micState.kind === 'problem' ? micState.problem : micState.kind}
        title={micTitle(micState)}
        aria-live="polite"
      >
        <span className="mic-dot" />
        {MIC_TEXT[micState.kind]}
      </span>
    </div>
  );
}
