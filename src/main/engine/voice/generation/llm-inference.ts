/**
 * One LLM step of a reply (upstream generation.py perform_llm_inference): runs the agent's LLM
 * node and splits its stream into a text channel (for TTS and transcription) and a function-call
 * channel (for tool execution). It also measures the request on the session clock and reports
 * it: `llm_request` trace events and the `llm` metrics (upstream LLMStream's metrics monitor).
 */
import type { MetricsData } from '../../../../shared/engine-events';
import { Channel } from '../../base/channel';
import { Future, abortable, isCancelled, type Task } from '../../base/tasks';
import { shortId, type ChatContext, type FunctionCallItem } from '../../llm/chat-context';
import type { ChatChunk, CompletionUsage, ToolChoice } from '../../llm/llm';
import { getFncToolNames, type ToolContext } from '../../llm/tool-context';
import { GuardedIterator, isAsyncIterable } from './iter';
import { errorText } from '../../base/errors';
import { ReplyCap } from './reply-cap';
import { llmRequestPayload, llmResponseData } from './request-payload';
import {
  FlushSentinel,
  isFlushSentinel,
  type GenerationEnv,
  type LLMNode,
  type LLMNodeChunk,
  type ModelSettings,
} from './types';

export type LLMMetrics = Extract<MetricsData, { type: 'llm' }>;

/** Upstream _LLMGenerationData. */
export interface LLMGenerationData {
  readonly textCh: Channel<string | FlushSentinel>;
  readonly functionCh: Channel<FunctionCallItem>;
  generatedText: string;
  generatedFunctions: FunctionCallItem[];
  /** Id the assistant message of this step gets (tool call ids derive from it). */
  readonly id: string;
  /** Resolved when the step starts (and at the latest when it ends). */
  readonly startedFut: Future<void>;
  /** Time from the request to the first chunk, ms; null until then. */
  ttftMs: number | null;
  /** The `llm` metrics this step produced (also emitted); null if none (no chunk, error). */
  metrics: LLMMetrics | null;
}

export interface PerformLlmInferenceArgs {
  node: LLMNode;
  chatCtx: ChatContext;
  toolCtx: ToolContext;
  modelSettings: ModelSettings;
  env: GenerationEnv;
  /** Speech the request belongs to, for metrics and traces. */
  speechId?: string | null;
  /** Label of the LLM for the metrics (the provider's `label`). */
  llmLabel?: string;
  /** The LLM's model and request settings, for the request's trace event. */
  llmModel?: string;
  llmOptions?: Readonly<Record<string, unknown>>;
  /**
   * Most characters of text this step takes (session option maxReplyChars): past it the rest is
   * dropped with a warning and the LLM stream is closed. Absent: no limit.
   */
  maxReplyChars?: number;
}

/** Serializes a tool choice for trace events (objects as JSON). */
export function toolChoiceLabel(choice: ToolChoice | null | undefined): string | null {
  if (choice === undefined || choice === null) return null;
  return typeof choice === 'string' ? choice : JSON.stringify(choice);
}

export function performLlmInference(args: PerformLlmInferenceArgs): [Task<boolean>, LLMGenerationData] {
  const data: LLMGenerationData = {
    textCh: new Channel<string | FlushSentinel>(),
    functionCh: new Channel<FunctionCallItem>(),
    generatedText: '',
    generatedFunctions: [],
    id: shortId('item'),
    startedFut: new Future<void>(),
    ttftMs: null,
    metrics: null,
  };
  const task = args.env.owner.spawn('llm_inference', async (signal) => {
    try {
      return await llmInferenceTask(args, data, signal);
    } finally {
      data.textCh.close();
      data.functionCh.close();
      data.startedFut.resolve();
    }
  });
  return [task, data];
}

async function llmInferenceTask(
  args: PerformLlmInferenceArgs,
  data: LLMGenerationData,
  signal: AbortSignal,
): Promise<boolean> {
  const { clock, events } = args.env;
  const speechId = args.speechId ?? null;
  const startedAt = clock.now();
  data.startedFut.resolve();

  // The node may edit this list; later steps of the same turn then see the edited tools.
  const tools = args.toolCtx.flatten();
  const requestId = shortId('llm_req');
  events.emit({
    type: 'llm_request',
    phase: 'start',
    requestId,
    speechId,
    tools: getFncToolNames(tools),
    toolChoice: toolChoiceLabel(args.modelSettings.toolChoice),
    // The request payload (a copy of the chat context) is built only for a listener: with none
    // (a headless run) it was ~4 % of our CPU per turn (issue 13.2). A listener gets it as before.
    ...(events.hasListeners === false
      ? {}
      : {
          request: llmRequestPayload({
            chatCtx: args.chatCtx,
            tools,
            modelSettings: args.modelSettings,
            provider: args.llmLabel,
            model: args.llmModel,
            llmOptions: args.llmOptions,
            maxReplyChars: args.maxReplyChars,
          }),
        }),
  });

  let iter: GuardedIterator<LLMNodeChunk> | null = null;
  const stream: { closeable: { close(): Promise<void> } | null } = { closeable: null };
  let usage: CompletionUsage | null = null;
  let providerRequestId = '';
  let failure: string | undefined;
  const cap =
    args.maxReplyChars === undefined ? null : new ReplyCap(args.maxReplyChars, 'LLM reply', events, speechId);
  const addText = (text: string, total?: number): void => {
    const kept = cap ? cap.take(text, total) : text;
    if (!kept) return;
    data.generatedText += kept;
    data.textCh.trySend(kept);
  };
  try {
    const result = await abortable(
      Promise.resolve(args.node(args.chatCtx, tools, args.modelSettings, signal)),
      signal,
    );
    args.toolCtx.updateTools(tools);

    if (typeof result === 'string') {
      addText(result, result.length);
      return true;
    }
    if (!isAsyncIterable<LLMNodeChunk>(result)) return false;
    if (typeof (result as { close?: unknown }).close === 'function') {
      stream.closeable = result as unknown as { close(): Promise<void> };
    }

    iter = GuardedIterator.of(result);
    for (;;) {
      const r = await iter.next(signal);
      if (r.done) break;
      const chunk = r.value;
      if (data.ttftMs === null) {
        data.ttftMs = clock.now() - startedAt;
        events.emit({ type: 'llm_request', phase: 'first_token', requestId, speechId });
      }
      if (typeof chunk === 'string') {
        addText(chunk);
      } else if (isFlushSentinel(chunk)) {
        data.textCh.trySend(chunk);
      } else {
        const c = chunk;
        if (c.id) providerRequestId = c.id;
        if (c.usage) usage = c.usage;
        forwardChunk(c, data, clock.now(), addText);
      }
      // past the limit nothing more is taken: stop reading (the finally closes the stream)
      if (cap?.truncated) break;
    }
    return true;
  } catch (err) {
    if (signal.aborted || isCancelled(err)) throw err;
    failure = errorText(err);
    events.emit({ type: 'error', source: 'llm', message: failure, recoverable: false });
    return false;
  } finally {
    await iter?.close();
    // An LLMStream returned as is: close() stops the provider request (upstream aclose).
    if (stream.closeable) await stream.closeable.close().catch(() => undefined);
    const endedAt = clock.now();
    events.emit({
      type: 'llm_request',
      phase: 'end',
      requestId,
      speechId,
      ...(failure !== undefined ? { error: failure } : signal.aborted ? { error: 'cancelled' } : {}),
      response: llmResponseData(data.generatedText, data.generatedFunctions, usage, providerRequestId),
    });
    // As upstream: no metrics without a first token (nothing meaningful to report) or on error.
    if (data.ttftMs !== null && failure === undefined) {
      const durationMs = endedAt - startedAt;
      data.metrics = {
        type: 'llm',
        speechId,
        requestId: providerRequestId || requestId,
        timestamp: endedAt,
        ttftMs: data.ttftMs,
        durationMs,
        cancelled: signal.aborted,
        completionTokens: usage?.completionTokens ?? 0,
        promptTokens: usage?.promptTokens ?? 0,
        promptCachedTokens: usage?.promptCachedTokens ?? 0,
        totalTokens: usage?.totalTokens ?? 0,
        tokensPerSecond: usage && durationMs > 0 ? usage.completionTokens / (durationMs / 1000) : 0,
        label: args.llmLabel ?? '',
      };
      events.emit({ type: 'metrics_collected', metrics: data.metrics });
    }
  }
}

function forwardChunk(
  chunk: ChatChunk,
  data: LLMGenerationData,
  now: number,
  addText: (text: string) => void,
): void {
  const delta = chunk.delta;
  if (!delta) return;
  for (const call of delta.toolCalls ?? []) {
    const item: FunctionCallItem = {
      type: 'function_call',
      id: `${data.id}/fnc_${data.generatedFunctions.length}`,
      callId: call.callId,
      name: call.name,
      arguments: call.arguments,
      createdAt: now,
    };
    data.generatedFunctions.push(item);
    data.functionCh.trySend(item);
  }
  if (delta.content) addText(delta.content);
}
