/**
 * Metrics attribution (the seed's `_on_metrics_collected`): LLM, TTS and realtime metrics
 * produced while a speech's task runs carry that speech's id, so the timeline can put every
 * latency on the reply it belongs to. The speech is read from `speechTaskContext`, which every
 * speech task sets. STT and VAD metrics belong to the user side and EOU metrics carry their own id.
 */
import type { EventSink } from '../../event-bus';
import { speechTaskContext } from '../speech-handle';

export function attributingSink(sink: EventSink): EventSink {
  return {
    emit: (ev) => {
      if (ev.type === 'metrics_collected' && ev.metrics.speechId === null) {
        const m = ev.metrics;
        const handle = speechTaskContext.getStore()?.speechHandle;
        if (handle && (m.type === 'llm' || m.type === 'tts' || m.type === 'realtime')) {
          sink.emit({ ...ev, metrics: { ...m, speechId: handle.id } });
          return;
        }
      }
      sink.emit(ev);
    },
    get hasListeners() {
      return sink.hasListeners;
    },
  };
}
