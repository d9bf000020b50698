/**
 * Session usage totals (upstream metrics/usage_collector.py): what a session cost in tokens, TTS
 * characters and audio, summed from the `metrics_collected` stream. Our realtime metrics carry
 * no per-modality token details, so those totals stay at the input/output level.
 */
import type { EngineEvent, MetricsData } from '../../../shared/engine-events';

export interface UsageSummary {
  llmPromptTokens: number;
  llmPromptCachedTokens: number;
  llmCompletionTokens: number;
  ttsCharactersCount: number;
  ttsAudioDurationMs: number;
  sttAudioDurationMs: number;
}

function emptySummary(): UsageSummary {
  return {
    llmPromptTokens: 0,
    llmPromptCachedTokens: 0,
    llmCompletionTokens: 0,
    ttsCharactersCount: 0,
    ttsAudioDurationMs: 0,
    sttAudioDurationMs: 0,
  };
}

export class UsageCollector {
  private summary = emptySummary();

  collect(m: MetricsData): void {
    const s = this.summary;
    switch (m.type) {
      case 'llm':
        s.llmPromptTokens += m.promptTokens;
        s.llmPromptCachedTokens += m.promptCachedTokens;
        s.llmCompletionTokens += m.completionTokens;
        break;
      case 'realtime':
        s.llmPromptTokens += m.inputTokens;
        s.llmCompletionTokens += m.outputTokens;
        break;
      case 'tts':
        s.ttsCharactersCount += m.charactersCount;
        s.ttsAudioDurationMs += m.audioDurationMs;
        break;
      case 'stt':
        s.sttAudioDurationMs += m.audioDurationMs;
        break;
      case 'eou':
      case 'vad':
        break;
    }
  }

  /** Feed it the session's event stream; everything but metrics is ignored. */
  observe(ev: EngineEvent): void {
    if (ev.type === 'metrics_collected') this.collect(ev.metrics);
  }

  /** A copy: later metrics do not change a summary already handed out. */
  getSummary(): UsageSummary {
    return { ...this.summary };
  }

  reset(): void {
    this.summary = emptySummary();
  }
}
