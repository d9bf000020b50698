/**
 * What a pause stops and a resume restarts (the seed's `_start_session` / `_close_session`):
 * the model session (instructions, or the realtime session), the scheduling loop and audio
 * recognition. The activity's own start/drain/pause/close wrap these under its lock.
 */
import { updateInstructions as setInstructionsMessage } from '../generation/instructions';
import { AudioRecognition } from '../audio-recognition';
import type { ActivityParts } from './activity-parts';
import { recordInitialConfig } from './hot-updates';
import { isRealtimeModel } from '../../llm/realtime';
import { startRealtimeSession } from './realtime-session';

/** `install` receives the new audio recognition just before it starts. */
export async function startActivitySession(
  act: ActivityParts,
  install: (recognition: AudioRecognition) => void,
): Promise<void> {
  // before the model session: a realtime session is given the tools when it starts
  await act.toolsState.loadMcpTools();
  const llm = act.llm;
  if (isRealtimeModel(llm)) {
    await startRealtimeSession(act, llm);
  } else if (llm) {
    try {
      setInstructionsMessage(act.agent.chatCtxValue, {
        instructions: act.agent.instructionsValue,
        addIfMissing: true,
      });
    } catch (err) {
      act.reportError('update_instructions', err);
    }
  }
  recordInitialConfig(act);
  act.scheduler.resume();
  const stt = act.stt;
  const recognition = new AudioRecognition({
    clock: act.clock,
    events: act.events,
    hooks: act,
    stt: stt ? (audio, signal) => act.agent.sttNode(audio, signal) : null,
    vad: act.vad,
    turnDetection: act.turnDetection,
    minEndpointingDelayMs: act.minEndpointingDelayMs,
    maxEndpointingDelayMs: act.maxEndpointingDelayMs,
    sttLabel: stt?.label,
  });
  install(recognition);
  recognition.start();
}

export async function closeActivitySession(act: ActivityParts): Promise<void> {
  await act.realtime.detach();
  if (act.audioRecognition) await act.audioRecognition.aclose();
  await act.toolsState.closeMcpServers();
  // the paused speech is the scheduler's business while draining: do not interrupt it here
  await act.interruptions.closePause();
}
