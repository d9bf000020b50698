/**
 * The one place that maps a session plan to its kind's I/O: every other part of a live session
 * (LiveSession, the host, the recorder) runs whatever this returns without asking its kind.
 */
import type { OpenedSession, SessionIOContext } from './session-io';
import type { SessionPlan } from '../session-plan';
import { openCall } from './call-io';
import { openDemoCall } from '../demo-fallback';
import { openMicrophone } from './microphone-io';
import { openRecordedAudio, type RecordedAudioPlan } from './recorded-audio-io';
import { openRoom } from './room-io';
import { openScenario } from './scenario-io';
import { openText } from './text-io';

/** What a live session can run: the host's plans, and a recording's user audio played again. */
export type LivePlan = SessionPlan | RecordedAudioPlan;

/** Builds the engine and the I/O of a plan; nothing runs until the LiveSession starts. */
export async function openSession(plan: LivePlan, ctx: SessionIOContext): Promise<OpenedSession> {
  switch (plan.kind) {
    case 'text':
      return openText(plan.config, ctx);
    case 'scenario':
      return openScenario(plan.scenario, ctx);
    case 'call':
      return plan.fallback ? openDemoCall(plan.config, plan.fallback, ctx) : openCall(plan.config, ctx);
    case 'microphone':
      return openMicrophone(plan.config, ctx);
    case 'livekit':
      return openRoom(plan.config, plan.livekit, ctx);
    case 'recorded-audio':
      return openRecordedAudio(plan, ctx);
  }
}
