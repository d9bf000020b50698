/**
 * One server response as the engine's generation (upstream `_ResponseGeneration`): the
 * response.* events of one response id become a stream of messages (each with its text and
 * audio streams and its modalities) and a stream of function calls, and the time of the first
 * audio (or text, or tool call) is kept for TTFT. Pure bookkeeping on channels; the session
 * decides when a response starts, ends or is abandoned.
 */
import type {
  ConversationItem,
  ResponseAudioDeltaEvent,
  ResponseContentPartAddedEvent,
  ResponseFunctionCallArgumentsDoneEvent,
  ResponseOutputItemDoneEvent,
} from 'openai/resources/realtime/realtime';
import {
  Channel,
  makeFrame,
  type AudioFrame,
  type FunctionCallItem,
  type GenerationCreatedEvent,
  type MessageGeneration,
  type RealtimeModality,
} from '../../engine';
import { REALTIME_SAMPLE_RATE } from './settings';

interface MessageState {
  text: Channel<string>;
  audio: Channel<AudioFrame>;
  modalities: Promise<RealtimeModality[]>;
  setModalities: (m: RealtimeModality[]) => void;
  modalitiesSet: boolean;
  /** What was said or written, for the server's copy of the conversation. */
  transcript: string;
}

export class ResponseGeneration {
  readonly messages = new Map<string, MessageState>();
  readonly event: GenerationCreatedEvent;
  firstTokenAt: number | null = null;
  done = false;
  /** Called once, at the first audio, text or tool call (stops the first-token deadline). */
  onFirstToken: () => void = () => undefined;
  /** Called once when the streams end (stops the deadlines). */
  onFinish: () => void = () => undefined;
  private readonly messageCh = new Channel<MessageGeneration>();
  private readonly functionCh = new Channel<FunctionCallItem>();
  private readonly sentCalls = new Set<string>();

  constructor(
    readonly responseId: string,
    readonly createdAt: number,
    userInitiated: boolean,
    /** Whether the model speaks; without audio the audio streams close at once. */
    private readonly audioOutput: boolean,
    private readonly clockNow: () => number,
  ) {
    this.event = {
      messageStream: this.messageCh,
      functionStream: this.functionCh,
      userInitiated,
      responseId,
    };
  }

  /** response.output_item.added: a message opens its streams. */
  itemAdded(item: ConversationItem): void {
    if (item.type !== 'message' || !item.id || this.messages.has(item.id)) return;
    let setModalities: (m: RealtimeModality[]) => void = () => undefined;
    const modalities = new Promise<RealtimeModality[]>((resolve) => (setModalities = resolve));
    const state: MessageState = {
      text: new Channel<string>(),
      audio: new Channel<AudioFrame>(),
      modalities,
      setModalities,
      modalitiesSet: false,
      transcript: '',
    };
    if (!this.audioOutput) {
      state.audio.close();
      this.resolveModalities(state, ['text']);
    }
    this.messages.set(item.id, state);
    this.messageCh.trySend({
      messageId: item.id,
      textStream: state.text,
      audioStream: state.audio,
      modalities: state.modalities,
    });
  }

  /** response.content_part.added: the part's type tells the modalities. */
  contentPartAdded(ev: ResponseContentPartAddedEvent): void {
    const m = this.messages.get(ev.item_id);
    if (!m) return;
    this.resolveModalities(m, ev.part.type === 'audio' ? ['audio', 'text'] : ['text']);
  }

  audioDelta(ev: ResponseAudioDeltaEvent): void {
    const m = this.messages.get(ev.item_id);
    if (!m) return;
    this.markFirstToken();
    this.resolveModalities(m, ['audio', 'text']);
    const bytes = Buffer.from(ev.delta, 'base64');
    const samples = new Int16Array(bytes.byteLength >> 1);
    for (let i = 0; i < samples.length; i++) samples[i] = bytes.readInt16LE(i * 2);
    m.audio.trySend(makeFrame(samples, REALTIME_SAMPLE_RATE, 1));
  }

  /** output_audio_transcript.delta (spoken) or output_text.delta (written). */
  textDelta(itemId: string, delta: string, written: boolean): void {
    const m = this.messages.get(itemId);
    if (!m) return;
    // text counts as the first token only when no audio is coming (as upstream)
    if (written && m.audio.closed) this.markFirstToken();
    m.text.trySend(delta);
    m.transcript += delta;
  }

  /** response.function_call_arguments.done, or output_item.done of a function call. */
  functionCall(call: { itemId: string; callId: string; name: string; arguments: string }): void {
    if (this.sentCalls.has(call.itemId)) return;
    this.sentCalls.add(call.itemId);
    this.markFirstToken();
    this.functionCh.trySend({
      type: 'function_call',
      id: call.itemId,
      callId: call.callId,
      name: call.name,
      arguments: call.arguments,
      createdAt: this.clockNow(),
    });
  }

  argumentsDone(ev: ResponseFunctionCallArgumentsDoneEvent): void {
    this.functionCall({ itemId: ev.item_id, callId: ev.call_id, name: ev.name, arguments: ev.arguments });
  }

  itemDone(ev: ResponseOutputItemDoneEvent): void {
    const item = ev.item;
    if (item.type === 'function_call' && item.id) {
      this.functionCall({
        itemId: item.id,
        callId: item.call_id ?? item.id,
        name: item.name,
        arguments: item.arguments,
      });
      return;
    }
    const m = item.id ? this.messages.get(item.id) : undefined;
    if (m) this.closeMessage(m);
  }

  /** Ends every stream (response.done, a cancel, a lost connection, a deadline). */
  finish(fallbackModalities: RealtimeModality[]): void {
    if (this.done) return;
    this.done = true;
    for (const m of this.messages.values()) {
      this.closeMessage(m);
      this.resolveModalities(m, fallbackModalities);
    }
    this.messageCh.close();
    this.functionCh.close();
    this.onFinish();
  }

  /** What each message said (its transcript or text), for the server's copy of the conversation. */
  transcripts(): Map<string, string> {
    const out = new Map<string, string>();
    for (const [id, m] of this.messages) out.set(id, m.transcript);
    return out;
  }

  private closeMessage(m: MessageState): void {
    m.text.close();
    m.audio.close();
  }

  private resolveModalities(m: MessageState, mods: RealtimeModality[]): void {
    if (m.modalitiesSet) return;
    m.modalitiesSet = true;
    m.setModalities(mods);
  }

  private markFirstToken(): void {
    if (this.firstTokenAt !== null) return;
    this.firstTokenAt = this.clockNow();
    this.onFirstToken();
  }
}
