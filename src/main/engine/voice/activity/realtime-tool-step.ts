/**
 * After the tools of a realtime generation ran (the end of the seed's
 * `_realtime_generation_task_impl`): outputs go to the agent's context and to the server's, a
 * handoff is started if a tool returned an agent, and a new generation answers the outputs
 * unless the model generates tool replies by itself.
 */
import { RealtimeError } from '../../llm/realtime';
import type { ModelSettings } from '../agent';
import type { ToolOutput } from '../generation/tool-execution';
import { SPEECH_PRIORITY_NORMAL, type SpeechHandle } from '../speech-handle';
import type { ReplyParts } from './activity-parts';
import { isRealtimeModel } from '../../llm/realtime';
import { commitToolOutputs } from './tool-commit';

/** The reply that answers the tool outputs: the next step of the same speech. */
export interface RealtimeToolReplyArgs {
  speechHandle: SpeechHandle;
  modelSettings: ModelSettings;
  signal: AbortSignal;
}

export async function handleRealtimeToolStep(
  act: ReplyParts,
  args: {
    speechHandle: SpeechHandle;
    modelSettings: ModelSettings;
    toolOutput: ToolOutput;
    signal: AbortSignal;
    /** Runs the reply (realtime-reply.ts's task, passed in so the two modules form no cycle). */
    toolReply: (reply: RealtimeToolReplyArgs) => Promise<void>;
  },
): Promise<void> {
  const { speechHandle: sh, toolOutput, signal } = args;
  const rt = act.rtSession;
  const llm = act.llm;
  if (toolOutput.output.length === 0 || !rt || !isRealtimeModel(llm)) return;
  sh.numSteps += 1;

  // each output joins the agent's context as it is read (the calls joined when they started)
  const commit = commitToolOutputs(act, toolOutput, {
    toolChoice: args.modelSettings.toolChoice,
    onOutput: (o) => {
      act.agent.chatCtxValue.items.push(o);
      act.session.toolItemsAdded([o]);
    },
  });
  if (commit.outputs.length > 0) {
    // most realtime models cannot generate two responses at once: let queued speech play first
    while (act.currentSpeech || !act.scheduler.queue.isEmpty()) {
      const current = act.currentSpeech;
      if (current && !current.done() && current !== sh) await current.waitForPlayout();
      else await act.clock.sleep(0, signal);
    }
    const ctx = rt.chatCtx.copy();
    ctx.items.push(...commit.outputs);
    try {
      await rt.updateChatCtx(ctx);
    } catch (err) {
      if (!(err instanceof RealtimeError)) throw err;
      act.warn(
        'agent_activity',
        `failed to update chat context before generating the function calls results: ${err.message}`,
      );
    }
  }

  if (commit.replyRequired && !llm.capabilities.autoToolReplyGeneration) {
    rt.interrupt();
    act.createSpeechTask(
      'activity.realtime_reply',
      (taskSignal) =>
        args.toolReply({
          speechHandle: sh,
          modelSettings: { toolChoice: commit.replyToolChoice },
          signal: taskSignal,
        }),
      { speechHandle: sh },
    );
    act.scheduler.scheduleSpeech(sh, SPEECH_PRIORITY_NORMAL, true);
  }
}
