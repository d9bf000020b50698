/**
 * The one replay of the window. Opening a recording puts its first page of events into the
 * store's event feed as a `replay` source — every view (timeline, waterfall, chat, tools, event
 * log) then draws it exactly as it draws a live session — and pages in the rest in the
 * background, a page (5,000 events) per animation frame, each page one feed append: the first
 * view paints after one request, and no view renders per event. All events end up loaded; the
 * playhead is a cursor over them (the timeline draws it, the event log and timeline clicks move
 * it, the chat highlights the item current at it), and the audio follows it.
 */
import type { StoreApi } from 'zustand';
import {
  MAX_RECORDING_PAGE,
  type OpenedRecordingInfo,
  type StudioClient,
} from '../../../../shared/studio-api';
import { EVENT_BUFFER_CAPACITY } from '../../store/feed-slice';
import type { StudioStore } from '../../store/studio-store';
import { Observable } from '../timeline/view/observable';
import { ReplayAudio, type AudioTrack, type AudioWindow } from './replay-audio';
import { ReplayClock } from './replay-clock';

/** A replay holds at most this many events in the renderer; a longer recording says so. */
export const MAX_REPLAY_EVENTS = 300_000;

export interface ReplayView {
  id: string;
  /** Null while the recording is being opened. */
  info: OpenedRecordingInfo | null;
  /** Events in the feed so far, and how many the replay will hold. */
  loaded: number;
  total: number;
  notices: string[];
  error: string | null;
}

export interface ReplayDeps {
  /** Set when the app mounts (setClient); opening before that fails with a clear message. */
  client?: StudioClient;
  store: Pick<StoreApi<StudioStore>, 'getState'>;
  now?: () => number;
  /** Waits between pages (an animation frame in the studio), so painting goes on while paging. */
  yieldFrame?: () => Promise<void>;
  /** Web Audio for the tracks; null: no audio (tests, or a browser without it). */
  createAudioContext?: (() => AudioContext) | null;
}

const nextFrame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

function decodePcm(base64: string): Int16Array {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length - (bin.length % 2));
  for (let i = 0; i < bytes.length; i++) bytes[i] = bin.charCodeAt(i);
  return new Int16Array(bytes.buffer);
}

export class ReplaySession {
  readonly view = new Observable<ReplayView | null>(null);
  /** The playhead, once a recording is open. */
  readonly clock = new Observable<ReplayClock | null>(null);
  private audioNow: ReplayAudio | null = null;
  private token = 0;
  private liveCapacity = EVENT_BUFFER_CAPACITY;

  constructor(private readonly deps: ReplayDeps) {}

  /** The client the app runs on; the replay talks to main through it. */
  setClient(client: StudioClient): void {
    this.deps.client = client;
  }

  private get client(): StudioClient {
    if (!this.deps.client) throw new Error('the replay has no studio client yet');
    return this.deps.client;
  }

  get audio(): ReplayAudio | null {
    return this.audioNow;
  }

  get active(): boolean {
    return this.view.get() !== null;
  }

  /** Moves the playhead (a timeline or event-log click); nothing happens outside a replay. */
  seek(t: number): void {
    this.clock.get()?.seek(t);
  }

  /** Opens a recording (replacing any replay), at `atMs` on its event clock or its start. */
  async open(id: string, atMs: number | null = null): Promise<boolean> {
    const token = this.stop();
    const state = () => this.deps.store.getState();
    if (state().feed.source.kind === 'live') this.liveCapacity = state().feed.capacity;
    this.view.set({ id, info: null, loaded: 0, total: 0, notices: [], error: null });
    const r = await this.client.invoke('openRecording', { id });
    if (token !== this.token) return false;
    if (!r.ok) {
      this.view.set({ id, info: null, loaded: 0, total: 0, notices: [], error: r.error.message });
      return false;
    }
    const info = r.value;
    const total = Math.min(info.eventCount, MAX_REPLAY_EVENTS);
    const notices = [...info.notices];
    if (info.eventCount > total)
      notices.push(
        `showing the first ${total.toLocaleString('en-US')} of ${info.eventCount.toLocaleString('en-US')} events`,
      );
    state().resetFeed(
      { kind: 'replay', recordingId: id },
      info.firstPage,
      {},
      Math.max(this.liveCapacity, total),
    );
    const lastT = info.firstPage.length > 0 ? info.firstPage[info.firstPage.length - 1].t : info.startT;
    const clock = new ReplayClock(
      info.startT,
      Math.max(info.endT, lastT),
      this.deps.now ?? (() => performance.now()),
    );
    if (atMs !== null) clock.seek(atMs);
    this.clock.set(clock);
    this.startAudio(id, info, clock, notices);
    let loaded = info.firstPage.length;
    this.view.set({ id, info, loaded, total, notices, error: null });
    const yieldFrame = this.deps.yieldFrame ?? nextFrame;
    while (loaded < total) {
      await yieldFrame();
      if (token !== this.token) return false;
      const page = await this.client.invoke('readRecordingEvents', {
        id,
        from: loaded,
        count: Math.min(MAX_RECORDING_PAGE, total - loaded),
      });
      if (token !== this.token) return false;
      if (!page.ok || page.value.events.length === 0) {
        const why = page.ok ? 'the recording returned no more events' : page.error.message;
        notices.push(`events from #${loaded} could not be loaded: ${why}`);
        this.view.set({ id, info, loaded, total, notices: [...notices], error: null });
        return false;
      }
      state().appendFeed(page.value.events);
      loaded += page.value.events.length;
      this.view.set({ id, info, loaded, total, notices, error: null });
    }
    return true;
  }

  /** Leaves the replay: audio stops, the feed goes back to the live session. */
  close(): void {
    if (!this.active) return;
    this.stop();
    const state = this.deps.store.getState();
    state.resetFeed({ kind: 'live', sessionId: null }, [], {}, this.liveCapacity);
    state.showLive();
  }

  private stop(): number {
    this.token += 1;
    this.audioNow?.dispose();
    this.audioNow = null;
    this.clock.set(null);
    this.view.set(null);
    return this.token;
  }

  private startAudio(id: string, info: OpenedRecordingInfo, clock: ReplayClock, notices: string[]): void {
    const tracks = (['user', 'agent'] as const).filter((t) => info.audio[t] !== null);
    const create =
      this.deps.createAudioContext === undefined ? defaultAudioContext : this.deps.createAudioContext;
    if (tracks.length === 0 || !create) return;
    const fetchAudio = async (
      track: AudioTrack,
      fromT: number,
      durationMs: number,
    ): Promise<AudioWindow | null> => {
      const r = await this.client.invoke('readRecordingAudio', { id, track, fromT, durationMs });
      if (!r.ok) throw new Error(r.error.message);
      const a = r.value.audio;
      return (
        a && { sampleRate: a.sampleRate, channels: a.channels, startT: a.startT, pcm: decodePcm(a.pcmBase64) }
      );
    };
    try {
      this.audioNow = new ReplayAudio(create(), clock, fetchAudio, tracks, (message) => {
        const v = this.view.get();
        if (v && v.id === id && !v.notices.includes(message))
          this.view.set({ ...v, notices: [...v.notices, message] });
      });
    } catch (err) {
      notices.push(`audio cannot play here: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

function defaultAudioContext(): AudioContext {
  if (typeof AudioContext === 'undefined') throw new Error('this browser has no Web Audio');
  return new AudioContext({ latencyHint: 'playback' });
}
