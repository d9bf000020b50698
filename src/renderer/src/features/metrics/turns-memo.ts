/**
 * Per-turn latency derived from the timeline model, recomputed at most a few times a second and
 * only when an input of it changed (metrics, playback starts, agent states, speeches), so a
 * stream of VAD samples never re-renders the charts. A throttled memo over the timeline model
 * with one shared instance, not a zustand store.
 */
import { useSyncExternalStore } from 'react';
import type { StoreApi } from 'zustand';
import { type StudioStore, useStudioStore } from '../../store/studio-store';
import type { TimelineModel } from '../timeline/model/timeline-model';
import { getTimeline } from '../timeline/timeline-instance';
import { turnInputsFromModel } from './turn-inputs';
import { buildTurns, tokenSeries, type TokenPoint, type TurnLatency } from './turn-latency';
import { buildTurnTimelines, type TurnTimeline } from '../../../../shared/turn-timeline';

export interface TurnsSnapshot {
  turns: TurnLatency[];
  tokens: TokenPoint[];
  /** Each turn drawn from the events' own timestamps (the latency timeline). */
  timelines: TurnTimeline[];
}

/** Charts refresh at most this often while events stream in. */
export const TURNS_REFRESH_MS = 250;

const EMPTY: TurnsSnapshot = { turns: [], tokens: [], timelines: [] };

function inputsKey(model: TimelineModel): string {
  return `${model.metricsVersion}:${model.playbackStarts.size}:${model.agent.size}:${model.speech.speeches.size}:${model.turnEvents.length}`;
}

export class TurnsMemo {
  private snapshot: TurnsSnapshot = EMPTY;
  private key = '';

  constructor(
    private readonly model: TimelineModel,
    private readonly events: Pick<StoreApi<StudioStore>, 'subscribe'> = useStudioStore,
  ) {}

  /** Recomputes when the inputs changed; returns whether the snapshot is new. */
  refresh(): boolean {
    const key = inputsKey(this.model);
    if (key === this.key) return false;
    this.key = key;
    const next = {
      turns: buildTurns(turnInputsFromModel(this.model)),
      tokens: tokenSeries(this.model.llmMetrics),
      timelines: buildTurnTimelines(this.model.turnEvents),
    };
    // Most input changes (a state change, a new speech) leave the turns as they were: keep the
    // old snapshot then, so the charts, costly to render, do not re-render for nothing.
    if (JSON.stringify(next) === JSON.stringify(this.snapshot)) return false;
    this.snapshot = next;
    return true;
  }

  get = (): TurnsSnapshot => {
    if (this.key === '') this.refresh();
    return this.snapshot;
  };

  /** One upstream subscription and one refresh per tick, however many widgets listen. */
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.attach();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.detach();
    };
  };

  private readonly listeners = new Set<() => void>();
  private detachStore: (() => void) | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  private attach(): void {
    this.detachStore = this.events.subscribe((s, prev) => {
      if (s.feedVersion === prev.feedVersion || this.timer !== null) return;
      this.timer = setTimeout(() => {
        this.timer = null;
        if (this.refresh()) for (const l of [...this.listeners]) l();
      }, TURNS_REFRESH_MS);
    });
  }

  private detach(): void {
    this.detachStore?.();
    this.detachStore = null;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

let shared: TurnsMemo | null = null;

export function useTurns(): TurnsSnapshot {
  shared ??= new TurnsMemo(getTimeline().model);
  return useSyncExternalStore(shared.subscribe, shared.get);
}
