/** Adapts the timeline model to the turn builder's inputs (no copies of the big lists). */
import type { TimelineModel } from '../timeline/model/timeline-model';
import type { TurnInputs } from './turn-latency';

export function turnInputsFromModel(model: TimelineModel): TurnInputs {
  const speakingStarts: number[] = [];
  for (const span of model.agent.items) if (span.state === 'speaking') speakingStarts.push(span.start);
  return {
    eou: model.eouMetrics,
    llm: model.llmMetrics,
    tts: model.ttsMetrics,
    playbackStarts: model.playbackStarts.items,
    speakingStarts,
    speeches: model.speech.byId,
  };
}
