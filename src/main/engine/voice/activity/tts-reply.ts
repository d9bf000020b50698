/**
 * A `say` (the seed's `_tts_task_impl`): fixed text (or a text stream, or prerecorded audio)
 * spoken without the LLM. Authorization, interruption and the heard-only transcript work as in
 * a pipeline reply.
 */
import type { AudioFrame } from '../../audio/frame';
import { cancelAndWait, type Task } from '../../base/tasks';
import type { ModelSettings } from '../agent';
import { capText, ReplyCap } from '../generation/reply-cap';
import type { SpeechHandle } from '../speech-handle';
import type { ReplyParts } from './activity-parts';
import { once, Tee } from '../../base/async-iter';
import { replyMetrics, waitForAuthorization } from './reply-common';
import { SpeechAudio, type HeardSpeech } from './speech-audio';

export interface TtsTaskArgs {
  speechHandle: SpeechHandle;
  text: string | AsyncIterable<string>;
  audio: AsyncIterable<AudioFrame> | null;
  addToChatCtx: boolean;
  modelSettings: ModelSettings;
  signal: AbortSignal;
}

export async function ttsTask(act: ReplyParts, args: TtsTaskArgs): Promise<void> {
  const { speechHandle: sh, signal, modelSettings } = args;
  const session = act.session;
  const agent = act.agent;
  const textOutput = session.outputTranscriptionEnabled ? session.outputTranscription : null;
  const audioOutput = session.outputAudioEnabled ? session.outputAudio : null;

  await waitForAuthorization(act, sh, signal);
  if (sh.interrupted) return;

  // what is past maxReplyChars is neither spoken nor shown nor kept (one warning says so)
  const cap = new ReplyCap(session.options.maxReplyChars, 'say text', act.events, sh.id);
  let tee: Tee<string> | null = null;
  let textSource: AsyncIterable<string>;
  let audioSource: AsyncIterable<string>;
  if (typeof args.text === 'string') {
    const text = cap.take(args.text, args.text.length);
    textSource = once(text);
    audioSource = once(text);
  } else {
    tee = new Tee(capText(args.text, cap), 2);
    [textSource, audioSource] = tee.branches;
  }

  const tasks: Task[] = [];
  const speech = new SpeechAudio(act, sh, { audioOutput, textOutput, modelSettings });
  if (audioOutput && args.audio === null) {
    textSource = (await speech.startTts(audioSource, tasks)) ?? textSource;
  }
  tasks.push(...speech.forward(textSource, { frames: args.audio }));

  await sh.waitIfNotInterrupted(
    tasks.map((t) => t.promise),
    signal,
  );
  if (audioOutput) await sh.waitIfNotInterrupted([audioOutput.waitForPlayout()], signal);
  const stoppedSpeakingAt = act.clock.now();

  let heard: HeardSpeech | null = null;
  if (sh.interrupted) {
    await cancelAndWait(tasks, act.clock);
    if (audioOutput) heard = await speech.heard(speech.text);
  } else {
    speech.playedOut();
  }
  if (tee) await tee.close();
  const forwardedText = heard ? heard.text : speech.text;

  if (forwardedText && args.addToChatCtx) {
    const msg = agent.chatCtxValue.addMessage({
      role: 'assistant',
      content: forwardedText,
      interrupted: sh.interrupted,
      createdAt: act.clock.now(),
    });
    msg.metrics = replyMetrics({
      ttsTtfbMs: speech.ttsTtfbMs,
      startedSpeakingAt: speech.startedSpeakingAt,
      stoppedSpeakingAt,
    });
    sh.itemAdded([msg]);
    session.conversationItemAdded(msg);
  }

  if (session.agentState === 'speaking') session.updateAgentState('listening');
}
