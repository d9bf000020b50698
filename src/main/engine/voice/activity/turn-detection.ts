/**
 * Resolves the turn detection setting against the providers the activity really has (the
 * seed's `_validate_turn_detection`): a mode whose signal source is missing falls back to
 * automatic selection with a warning instead of hanging the conversation.
 */
import { isEndOfTurnModel, type EndOfTurnModel } from '../end-of-turn';
import type { TurnDetectionMode } from '../recognition-hooks';
import type { LLM } from '../../llm/llm';
import type { RealtimeModel } from '../../llm/realtime';
import type { STT } from '../../stt/stt';
import type { VAD } from '../../vad/vad';
import { isRealtimeModel } from '../../llm/realtime';

/** The providers the activity runs with, and where its warnings go. */
export interface ActivityView {
  readonly vad: VAD | null;
  readonly stt: STT | null;
  readonly llm: LLM | RealtimeModel | null;
  readonly allowInterruptions: boolean;
  warn(source: string, message: string): void;
}

export function validateTurnDetection(
  act: ActivityView,
  turnDetection: TurnDetectionMode | EndOfTurnModel | null | undefined,
): TurnDetectionMode | null {
  if (turnDetection !== null && turnDetection !== undefined && isEndOfTurnModel(turnDetection))
    return turnDetection;
  let mode = typeof turnDetection === 'string' ? turnDetection : null;
  const warn = (m: string): void => act.warn('turn_detection', m);
  const llm = act.llm;

  if (mode === 'vad' && !act.vad) {
    warn("turn_detection is set to 'vad', but no VAD model is provided");
    mode = null;
  }
  if (mode === 'stt' && !act.stt) {
    warn("turn_detection is set to 'stt', but no STT model is provided");
    mode = null;
  }
  if (isRealtimeModel(llm)) {
    const serverTd = llm.capabilities.turnDetection;
    if (mode === 'realtime_llm' && !serverTd) {
      warn("turn_detection is set to 'realtime_llm', but server-side turn detection is not enabled");
      mode = null;
    }
    if (mode === 'stt') {
      warn(
        "turn_detection is set to 'stt', but the LLM is a RealtimeModel, ignoring the turn_detection setting",
      );
      mode = null;
    } else if (mode && mode !== 'realtime_llm' && serverTd) {
      warn(
        `turn_detection is set to '${mode}', but the RealtimeModel has server-side turn detection enabled`,
      );
      mode = null;
    }
    // without server-side turn detection, the VAD decides
    if (!serverTd && act.vad && mode === null) mode = 'vad';
  } else if (mode === 'realtime_llm') {
    warn("turn_detection is set to 'realtime_llm', but the LLM is not a RealtimeModel");
    mode = null;
  }

  if (
    !act.vad &&
    act.stt &&
    !act.stt.capabilities.streaming &&
    llm &&
    act.allowInterruptions &&
    mode === null
  ) {
    warn('VAD is not set. Enabling VAD is recommended when using LLM and non-streaming STT.');
  }
  return mode;
}
