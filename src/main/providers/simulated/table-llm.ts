/**
 * The `simulated` LLM for prototyping without API cost: the engine's scripted LLM driven by the
 * config's lookup table — replies and tool calls chosen by what the request says, streamed word by
 * word with a configurable time to first token and token rate. It reads time only from the
 * injected clock, so a run on the VirtualClock is deterministic and a run on the real clock feels
 * like a real model. The request key is the scenario's (last user message, else last tool
 * output, else the reply's instructions) so scenario scripts carry over.
 */
import type { LlmProviderConfig } from '../../../shared/config';
import {
  type ChatChunk,
  type ChatOptions,
  type Clock,
  type FunctionToolCall,
  llmLookupKey,
  type LlmPlan,
  ScriptedLLM,
} from '../../engine';
import { InputTable } from './input-match';

export type SimulatedLlmConfig = Extract<LlmProviderConfig, { provider: 'simulated' }>;
type Response = SimulatedLlmConfig['responses'][number];

export interface SimulatedLlmRequest {
  requestId: string;
  /** What the request was matched on ('' when it had nothing to match). */
  key: string;
  /** Index of the scripted response used, or null for the fallback reply. */
  responseIndex: number | null;
}

export type TableLLM = ScriptedLLM<SimulatedLlmRequest>;

/** Splits text into word-sized tokens that keep their leading space, as model tokens do. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/** The `simulated` provider's LLM: a scripted LLM answering from the config's table. */
export function tableLlm(config: SimulatedLlmConfig, clock: Clock): TableLLM {
  const table = new InputTable<Response>(config.responses, 'providers.llm.responses');
  let callCount = 0;
  return new ScriptedLLM<SimulatedLlmRequest>({
    clock,
    label: 'simulated.LLM',
    idPrefix: 'sim_llm_',
    driver: {
      respond(options, requestId) {
        const key = llmLookupKey(options) ?? '';
        const response = table.lookup(key);
        const responseIndex = response ? config.responses.indexOf(response) : null;
        const content = response ? response.content : config.fallbackReply.split('{input}').join(key);
        // A model told not to use tools does not; anything else is the engine's to validate.
        const toolCalls =
          response && options.toolChoice !== 'none'
            ? response.toolCalls.map((c): FunctionToolCall => {
                callCount += 1;
                const args = typeof c.arguments === 'string' ? c.arguments : JSON.stringify(c.arguments);
                return { callId: `sim_call_${callCount}`, name: c.name, arguments: args };
              })
            : [];
        const plan = tokenPlan(requestId, tokenize(content), toolCalls, {
          promptTokens: estimatePromptTokens(options),
          ttftMs: config.ttftMs,
          tokenIntervalMs: 1000 / config.tokensPerSecond,
        });
        return { record: { requestId, key, responseIndex }, plan };
      },
    },
  });
}

/** Token i arrives at ttft + i / rate; tool calls and usage come with the last token. */
function tokenPlan(
  id: string,
  tokens: string[],
  toolCalls: FunctionToolCall[],
  o: { promptTokens: number; ttftMs: number; tokenIntervalMs: number },
): LlmPlan {
  const chunk = (delta: NonNullable<ChatChunk['delta']>): ChatChunk => ({ id, delta });
  const end: ChatChunk[] = [];
  // An empty reply still sends one delta, so the first token (ttft) is observable.
  if (tokens.length === 0 && toolCalls.length === 0) end.push(chunk({ role: 'assistant', content: '' }));
  if (toolCalls.length > 0) end.push(chunk({ role: 'assistant', toolCalls }));
  const completionTokens = tokens.length + toolCalls.length * 8;
  end.push({
    id,
    usage: {
      completionTokens,
      promptTokens: o.promptTokens,
      promptCachedTokens: 0,
      totalTokens: completionTokens + o.promptTokens,
    },
  });
  return {
    steps: tokens.map((token, i) => ({
      afterMs: o.ttftMs + i * o.tokenIntervalMs,
      chunks: [chunk({ role: 'assistant', content: token })],
    })),
    end: { afterMs: o.ttftMs + Math.max(0, tokens.length - 1) * o.tokenIntervalMs, chunks: end },
  };
}

/** About four characters a token, as OpenAI's rule of thumb; only for usage numbers. */
function estimatePromptTokens(options: ChatOptions): number {
  let chars = 0;
  for (const item of options.chatCtx.items) chars += JSON.stringify(item).length;
  for (const t of options.tools) chars += JSON.stringify(t).length;
  return Math.ceil(chars / 4);
}
