/**
 * The one timeline model of the window, fed from the store for the app's whole life: the
 * timeline, the waterfall and the metrics charts read the same derived data, and a component
 * remounting does not rebuild it.
 */
import { useStudioStore } from '../../store/studio-store';
import { attachModelToStore, type ModelSync } from './model/model-sync';
import { TimelineModel } from './model/timeline-model';

export interface TimelineInstance {
  model: TimelineModel;
  sync: ModelSync;
}

let instance: TimelineInstance | null = null;

export function getTimeline(): TimelineInstance {
  if (!instance) {
    const model = new TimelineModel();
    instance = { model, sync: attachModelToStore(model, useStudioStore) };
  }
  return instance;
}
