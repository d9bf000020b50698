/**
 * A `say` (the seed's `_tts_task_impl`): fixed text (or a text stream, or prerecorded audio)
 * spoken without the LLM. Authorization, interruption and the heard-only transcript work as in
 * a pipeline reply.
 */
import type { AudioFrame } from '../../audio/frame';
import { cancelAndWait, type Task } from '../../base/tasks';
import type { ModelSettings } from '../agent';
import { performAudioForwarding, performTextForwarding } from '../generation/forwarding';
import { capText, ReplyCap } from '../generation/reply-cap';
import { performTtsInference } from '../generation/tts-inference';
import type { SpeechHandle } from '../speech-handle';
import type { AgentActivity } from './activity';
import { once, Tee } from '../../base/async-iter';
import { onFirstFrame, replyMetrics, transcriptInput, waitForAuthorization } from './reply-common';

export interface TtsTaskArgs {
  speechHandle: SpeechHandle;
  text: string | AsyncIterable<string>;
  audio: AsyncIterable<AudioFrame> | null;
  addToChatCtx: boolean;
  modelSettings: ModelSettings;
  signal: AbortSignal;
}

export async function ttsTask(act: AgentActivity, args: TtsTaskArgs): Promise<void> {
  const { speechHandle: sh, signal, modelSettings } = args;
  const session = act.session;
  const agent = act.agent;
  const textOutput = session.outputTranscriptionEnabled ? session.outputTranscription : null;
  const audioOutput = session.outputAudioEnabled ? session.outputAudio : null;
  const env = act.generationEnv;

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
  let startedSpeakingAt: number | null = null;
  const started = (t: number): void => {
    startedSpeakingAt = t;
  };
  let ttsTtfbMs: () => number | null = () => null;
  let audioOut: ReturnType<typeof performAudioForwarding>[1] | null = null;
  if (audioOutput) {
    let frames: AsyncIterable<AudioFrame>;
    if (args.audio === null) {
      const [ttsTask, gen] = performTtsInference({
        node: (text, settings, sig) => agent.ttsNode(text, settings, sig),
        input: audioSource,
        modelSettings,
        env,
        speechId: sh.id,
        ttsLabel: act.tts?.label,
        ttsVoice: act.tts?.voiceName,
      });
      tasks.push(ttsTask);
      ttsTtfbMs = () => gen.ttfbMs;
      const tts = act.tts;
      if (
        act.useTtsAlignedTranscript &&
        tts &&
        (tts.capabilities.alignedTranscript || !tts.capabilities.streaming)
      ) {
        const timed = await gen.timedTextsFut.promise;
        if (timed) textSource = transcriptInput(timed);
      }
      frames = gen.audioCh;
    } else {
      frames = args.audio;
    }
    const [forwardAudio, out] = performAudioForwarding({ audioOutput, ttsOutput: frames, env });
    audioOut = out;
    tasks.push(forwardAudio);
    onFirstFrame(act, sh, out.firstFrameFut.promise, started);
  }

  const trNode = agent.transcriptionNode(textSource, modelSettings);
  let textOut: ReturnType<typeof performTextForwarding>[1] | null = null;
  if (trNode) {
    const [forwardText, out] = performTextForwarding({ textOutput, source: trNode, env });
    textOut = out;
    tasks.push(forwardText);
    // without audio, the agent "speaks" when the first text is shown
    if (!audioOutput) onFirstFrame(act, sh, out.firstTextFut.promise, started);
  }

  await sh.waitIfNotInterrupted(
    tasks.map((t) => t.promise),
    signal,
  );
  if (audioOutput) await sh.waitIfNotInterrupted([audioOutput.waitForPlayout()], signal);
  const stoppedSpeakingAt = act.clock.now();

  if (sh.interrupted) {
    await cancelAndWait(tasks, act.clock);
    if (audioOutput) {
      audioOutput.clearBuffer();
      await audioOutput.waitForPlayout();
    }
  }
  if (tee) await tee.close();

  let forwardedText = textOut?.text ?? '';
  if (sh.interrupted && audioOutput) {
    const playback = await audioOutput.waitForPlayout();
    if (audioOut && audioOut.firstFrameFut.done && audioOut.firstFrameFut.result !== undefined) {
      if (playback.synchronizedTranscript !== null) forwardedText = playback.synchronizedTranscript;
    } else {
      forwardedText = '';
    }
  }

  if (forwardedText && args.addToChatCtx) {
    const msg = agent.chatCtxValue.addMessage({
      role: 'assistant',
      content: forwardedText,
      interrupted: sh.interrupted,
      createdAt: act.clock.now(),
    });
    msg.metrics = replyMetrics({ ttsTtfbMs: ttsTtfbMs(), startedSpeakingAt, stoppedSpeakingAt });
    sh.itemAdded([msg]);
    session.conversationItemAdded(msg);
  }

  if (session.agentState === 'speaking') session.updateAgentState('listening');
}
