/**
 * Builders of engine events for the renderer's unit tests, so each test states only the fields
 * it is about and the event shapes stay in one place when the contract grows.
 */
import type { ChatItemData, EngineEvent } from '../../../shared/engine-events';

export const message = (
  t: number,
  id: string,
  role: 'user' | 'assistant',
  content: string,
  interrupted = false,
  createdAt = t,
): EngineEvent => ({
  type: 'conversation_item_added',
  t,
  item: { type: 'message', id, role, content, interrupted, createdAt } satisfies ChatItemData,
});

export const toolStart = (
  t: number,
  callId: string,
  name: string,
  args = '{}',
  speechId = 'speech_1',
): EngineEvent => ({
  type: 'tool_execution',
  phase: 'start',
  t,
  callId,
  name,
  speechId,
  arguments: args,
});

export const toolEnd = (
  t: number,
  callId: string,
  name: string,
  output?: string,
  isError = false,
  args = '{}',
): EngineEvent => ({
  type: 'tool_execution',
  phase: 'end',
  t,
  callId,
  name,
  speechId: 'speech_1',
  arguments: args,
  ...(output === undefined ? {} : { output, isError }),
});

export const executed = (
  t: number,
  calls: { callId: string; name: string; args?: string; output?: string | null; isError?: boolean }[],
): EngineEvent => ({
  type: 'function_tools_executed',
  t,
  functionCalls: calls.map((c) => ({ callId: c.callId, name: c.name, arguments: c.args ?? '{}' })),
  functionCallOutputs: calls.map((c) =>
    c.output === null || c.output === undefined
      ? null
      : { callId: c.callId, name: c.name, output: c.output, isError: c.isError ?? false },
  ),
});

export const vad = (t: number, probability = 0.1): EngineEvent => ({
  type: 'vad_inference',
  t,
  probability,
  speechDurationMs: 0,
  silenceDurationMs: 0,
  speaking: probability > 0.5,
});

export const agentState = (
  t: number,
  oldState: 'listening' | 'thinking' | 'speaking',
  newState: 'listening' | 'thinking' | 'speaking',
): EngineEvent => ({
  type: 'agent_state_changed',
  t,
  oldState,
  newState,
});
