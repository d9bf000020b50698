/**
 * One readable line per engine event, for the event log's rows and its text search. Written per
 * type (not JSON.stringify) so a row says what a developer scans for — who said what, which
 * state, which tool — and so summarizing 100,000 events for a search stays cheap.
 */
import type { EngineEvent, MetricsData } from '../../../../shared/engine-events';
import { formatCount, formatMs } from '../inspector/number-format';

const q = (text: string, max = 120) => `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;

function metrics(m: MetricsData): string {
  switch (m.type) {
    case 'eou': {
      // Named by the reply it led to, so a turn's metric can be found among many.
      const eou = m.speechId === null ? 'eou' : `eou ${m.speechId}`;
      // LiveKit reports 0 for delays it could not measure (no final transcript, e.g. no STT).
      if (m.measured === false)
        return `${eou}: end-of-utterance not measured (no final transcript; reported as 0 ms, as LiveKit does)`;
      return `${eou}: end-of-utterance ${formatMs(m.endOfUtteranceDelayMs)}, transcription ${formatMs(m.transcriptionDelayMs)}`;
    }
    case 'llm':
      return `llm ${m.label}: ttft ${formatMs(m.ttftMs)}, ${formatCount(m.totalTokens)} tokens${m.cancelled ? ', cancelled' : ''}`;
    case 'tts':
      return `tts ${m.label}: ttfb ${formatMs(m.ttfbMs)}, audio ${formatMs(m.audioDurationMs)}${m.cancelled ? ', cancelled' : ''}`;
    case 'stt':
      return `stt ${m.label}: ${formatMs(m.durationMs)} for ${formatMs(m.audioDurationMs)} audio`;
    case 'vad':
      return `vad ${m.label}: ${formatCount(m.inferenceCount)} inferences`;
    case 'realtime':
      return `realtime ${m.label}: ttft ${formatMs(m.ttftMs)}, ${formatCount(m.totalTokens)} tokens`;
  }
}

export function summarizeEvent(ev: EngineEvent): string {
  switch (ev.type) {
    case 'agent_state_changed':
    case 'user_state_changed':
      return `${ev.oldState} → ${ev.newState}`;
    case 'user_input_transcribed':
      return `${ev.isFinal ? 'final' : 'interim'} ${q(ev.transcript)}`;
    case 'conversation_item_added': {
      const item = ev.item;
      if (item.type === 'message')
        return `${item.role}: ${q(item.content)}${item.interrupted ? ' (interrupted)' : ''}`;
      if (item.type === 'function_call') return `call ${item.name}(${item.arguments})`;
      if (item.type === 'function_call_output')
        return `${item.isError ? 'error from' : 'output of'} ${item.name}: ${q(item.output)}`;
      if (item.type === 'agent_handoff') return `handoff ${item.oldAgentId ?? '–'} → ${item.newAgentId}`;
      return `agent config update${item.instructions ? ` ${q(item.instructions, 60)}` : ''}`;
    }
    case 'function_tools_executed':
      return ev.functionCalls
        .map((c, i) => {
          const out = ev.functionCallOutputs[i];
          return `${c.name} → ${out ? `${out.isError ? 'error ' : ''}${q(out.output, 60)}` : 'no output'}`;
        })
        .join('; ');
    case 'metrics_collected':
      return metrics(ev.metrics);
    case 'speech_created':
      return `${ev.speechId} from ${ev.source}${ev.userInitiated ? ' (user initiated)' : ''}`;
    case 'agent_false_interruption':
      return ev.resumed ? 'false interruption, resumed' : 'false interruption, not resumed';
    case 'error':
      return `${ev.source}: ${ev.message}${ev.recoverable ? '' : ' (unrecoverable)'}`;
    case 'warning':
      return `${ev.source}: ${ev.message}`;
    case 'close':
      return `${ev.reason}${ev.error ? `: ${ev.error}` : ''}`;
    case 'speech_lifecycle':
      return [
        ev.speechId,
        ev.state,
        ev.source,
        ev.cause ? `cause ${ev.cause}` : '',
        ev.text ? q(ev.text, 80) : '',
      ]
        .filter(Boolean)
        .join(' ');
    case 'vad_inference':
      return `p=${ev.probability.toFixed(2)}${ev.speaking ? ' speaking' : ''}`;
    case 'end_of_turn':
      return `${ev.committed ? 'committed' : 'not committed'} after ${formatMs(ev.delayMs)} ${q(ev.transcript, 80)}`;
    case 'user_turn_completed':
      return `on_user_turn_completed ${Math.round(ev.t - ev.hookStartedAt)} ms → ${ev.speechId ?? 'no reply'}`;
    case 'llm_request':
    case 'tts_request':
      return [ev.requestId, ev.phase, ev.speechId ?? '', 'error' in ev && ev.error ? `error ${ev.error}` : '']
        .filter(Boolean)
        .join(' ');
    case 'tool_execution':
      return ev.phase === 'start'
        ? `start ${ev.name}(${ev.arguments}) ${ev.callId}`
        : `end ${ev.name} ${ev.callId}${ev.output !== undefined ? ` → ${ev.isError ? 'error ' : ''}${q(ev.output, 60)}` : ''}`;
    case 'preemptive_generation':
      return `${ev.phase} ${ev.speechId}${ev.reason ? ` (${ev.reason})` : ''}`;
    case 'realtime_truncated':
      return `${ev.speechId}: ${ev.messageId} cut at ${formatMs(ev.audioEndMs)} of audio`;
    case 'config_updated':
      return `${ev.field} = ${stringify(ev.value)}`;
    case 'playback_started':
      return ev.speechId ?? '';
    case 'playback_finished':
      return `${ev.speechId ?? ''} at ${formatMs(ev.positionMs)}${ev.interrupted ? ' (interrupted)' : ''}`;
    case 'interruption':
      return `${ev.speechId} by ${ev.cause}${ev.paused ? ' (paused)' : ''}`;
    case 'agent_handoff':
      return `${ev.oldAgentId ?? '–'} → ${ev.newAgentId}`;
    case 'provider_switched':
      return `${ev.kind}: ${ev.from} → ${ev.to} (${ev.reason})`;
    case 'provider_retry':
      return `${ev.kind} ${ev.provider} (${ev.setting}): attempt ${ev.attempt} failed (${ev.code}), retry in ${formatMs(ev.delayMs)}: ${ev.reason}`;
    default: {
      const unknown: never = ev;
      return stringify(unknown);
    }
  }
}

function stringify(value: unknown): string {
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 120 ? `${s.slice(0, 119)}…` : s;
  } catch {
    return String(value);
  }
}

/** Session-clock ms as m:ss.mmm, the precision turn-taking bugs live at. */
export function formatEventTime(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const m = Math.floor(total / 60_000);
  const s = Math.floor((total % 60_000) / 1000);
  const rest = total % 1000;
  return `${m}:${String(s).padStart(2, '0')}.${String(rest).padStart(3, '0')}`;
}
