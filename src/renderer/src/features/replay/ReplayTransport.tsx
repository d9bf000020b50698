/**
 * The transport bar of a replay: play/pause, speed (0.5x-2x), the playhead (a slider you drag;
 * clicks on the timeline or the event log move it too), the audio mix (both tracks, or one
 * solo) and the way back to the live view. The playhead and its readout follow the clock on
 * animation frames through refs: playing re-renders no component. It also owns the deep link:
 * `#/recordings/<id>?t=<ms>` opens that recording at that time, and the address follows seeks.
 * While audio plays, the bar carries `data-audio-ms`: the recording time of the sample being
 * heard (ReplayAudio.heardAt), written in the same frame as the playhead's `data-time-ms`, so
 * the two can be compared; absent when nothing is heard.
 */
import { useEffect, useRef, useSyncExternalStore, type RefObject } from 'react';
import { useStudio } from '../../bridge/studio-context';
import { RerunButton } from '../diff/RerunButton';
import { formatDuration, formatPlayhead } from './format';
import { formatReplayLink, parseReplayLink } from './deep-link';
import type { AudioMix, ReplayAudio } from './replay-audio';
import { REPLAY_SPEEDS, type ReplayClock } from './replay-clock';
import { replaySession } from './replay-instance';
import './replay.css';

function useReplayRoute(): void {
  const { client } = useStudio();
  useEffect(() => {
    replaySession.setClient(client);
    const follow = () => {
      const link = parseReplayLink(location.hash);
      const current = replaySession.view.get();
      if (!link) return;
      if (current?.id === link.id) {
        if (link.atMs !== null) replaySession.seek(link.atMs);
      } else void replaySession.open(link.id, link.atMs);
    };
    follow();
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, [client]);
}

/** Re-renders on play, pause, speed and seek (not as the playhead moves). */
function useClockState(clock: ReplayClock | null): string {
  return useSyncExternalStore(
    (fn) => clock?.subscribe(fn) ?? (() => undefined),
    () => (clock ? `${clock.playing}|${clock.speed}` : ''),
  );
}

function Playhead({
  clock,
  audio,
  transport,
}: {
  clock: ReplayClock;
  audio: ReplayAudio | null;
  transport: RefObject<HTMLElement | null>;
}) {
  const slider = useRef<HTMLInputElement>(null);
  const readout = useRef<HTMLSpanElement>(null);
  useEffect(() => {
    let frame = 0;
    let last = NaN;
    const paint = () => {
      const heard = audio?.heardAt(performance.now()) ?? null;
      const t = clock.position();
      const bar = transport.current;
      if (bar && heard !== null) bar.dataset.audioMs = String(Math.round(heard));
      else if (bar) delete bar.dataset.audioMs;
      if (t !== last && slider.current && readout.current) {
        last = t;
        slider.current.value = String(t);
        slider.current.dataset.timeMs = String(Math.round(t));
        readout.current.textContent = formatPlayhead(t - clock.startMs);
      }
      frame = clock.playing ? requestAnimationFrame(paint) : 0;
    };
    const off = clock.subscribe(() => {
      if (frame === 0) frame = requestAnimationFrame(paint);
      // The address follows where the user stopped or jumped, so a reload or a shared link lands there.
      const id = replaySession.view.get()?.id;
      if (id && !clock.playing)
        history.replaceState(
          null,
          '',
          `${location.pathname}${location.search}${formatReplayLink(id, clock.position())}`,
        );
    });
    paint();
    return () => {
      off();
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [clock, audio, transport]);
  return (
    <>
      <input
        ref={slider}
        type="range"
        className="replay-slider"
        aria-label="Playhead"
        data-testid="replay-playhead"
        data-time-ms={Math.round(clock.position())}
        data-start-ms={clock.startMs}
        data-end-ms={clock.endMs}
        min={clock.startMs}
        max={clock.endMs}
        step={1}
        defaultValue={clock.position()}
        onInput={(e) => clock.seek(Number(e.currentTarget.value))}
      />
      <span className="mono replay-time" data-testid="replay-time">
        <span ref={readout}>{formatPlayhead(clock.position() - clock.startMs)}</span> /{' '}
        {formatDuration(clock.endMs - clock.startMs)}
      </span>
    </>
  );
}

export function ReplayTransport() {
  useReplayRoute();
  const view = useSyncExternalStore(replaySession.view.subscribe, replaySession.view.get);
  const clock = useSyncExternalStore(replaySession.clock.subscribe, replaySession.clock.get);
  useClockState(clock);
  const transport = useRef<HTMLElement>(null);
  if (!view) return null;
  const audio = replaySession.audio;
  const loading = view.info === null && view.error === null;
  return (
    <section
      ref={transport}
      className="panel replay-transport"
      data-testid="replay-transport"
      data-recording-id={view.id}
      data-loaded={view.loaded}
      data-total={view.total}
      aria-label="Replay"
    >
      <div className="panel-title-row">
        <h2>
          Replay <span className="muted">{view.info?.summary.title ?? view.id}</span>
        </h2>
        <RerunButton recordingId={view.info ? view.id : null} />
        <button
          type="button"
          data-testid="replay-close"
          onClick={() => {
            replaySession.close();
            history.replaceState(null, '', `${location.pathname}${location.search}`);
          }}
        >
          Back to live
        </button>
      </div>
      {loading ? <p className="muted">Opening…</p> : null}
      {view.error ? (
        <p className="replay-error" role="alert" data-testid="replay-error">
          {view.error}
        </p>
      ) : null}
      {clock ? (
        <div className="replay-controls">
          <button
            type="button"
            className="primary"
            data-testid="replay-play"
            data-state={clock.playing ? 'playing' : 'paused'}
            aria-label={clock.playing ? 'Pause' : 'Play'}
            onClick={() => clock.toggle()}
          >
            {clock.playing ? 'Pause' : 'Play'}
          </button>
          <Playhead clock={clock} audio={audio} transport={transport} />
          <select
            aria-label="Speed"
            data-testid="replay-speed"
            value={clock.speed}
            onChange={(e) => clock.setSpeed(Number(e.target.value))}
          >
            {REPLAY_SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}x
              </option>
            ))}
          </select>
          <select
            aria-label="Audio"
            data-testid="replay-audio-mix"
            disabled={!audio}
            title={audio ? 'Hear both tracks or one alone' : 'This recording has no audio to play'}
            defaultValue={audio?.mix ?? 'both'}
            onChange={(e) => audio?.setMix(e.target.value as AudioMix)}
          >
            <option value="both">user + agent</option>
            <option value="user">user only</option>
            <option value="agent">agent only</option>
          </select>
        </div>
      ) : null}
      {view.total > 0 && view.loaded < view.total ? (
        <p className="muted" data-testid="replay-loading">
          Loading events… {view.loaded.toLocaleString('en-US')} of {view.total.toLocaleString('en-US')}
        </p>
      ) : null}
      {view.notices.length > 0 ? (
        <ul className="replay-notices" data-testid="replay-notices">
          {view.notices.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
