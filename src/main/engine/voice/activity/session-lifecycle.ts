/**
 * What a pause stops and a resume restarts (the seed's `_start_session` / `_close_session`):
 * the model session (instructions, or the realtime session), the scheduling loop and audio
 * recognition. The activity's own start/drain/pause/close wrap these under its lock.
 */
import { updateInstructions as setInstructionsMessage } from '../generation/instructions';
import { AudioRecognition } from '../audio-recognition';
import type { AgentActivity } from './activity';
import { recordInitialConfig } from './config';
import { isRealtimeModel } from './realtime-guard';
import { startRealtimeSession } from './realtime-session';

export async function startActivitySession(act: AgentActivity): Promise<void> {
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
  act.audioRecognition = new AudioRecognition({
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
  act.audioRecognition.start();
}

export async function closeActivitySession(act: AgentActivity): Promise<void> {
  await act.realtime.detach();
  if (act.audioRecognition) await act.audioRecognition.aclose();
  await act.toolsState.closeMcpServers();
  // the paused speech is the scheduler's business while draining: do not interrupt it here
  await act.interruptions.closePause();
}
