/**
 * Hot configuration updates of a running agent (the seed's update_instructions, update_tools,
 * update_chat_ctx, update_options). Instruction and tool changes are recorded in the agent's
 * chat context as `agent_config_update` items, so a recording shows what the LLM was told when.
 */
import type { ChatContext } from '../../llm/chat-context';
import { shortId } from '../../llm/chat-context';
import type { ToolChoice } from '../../llm/llm';
import { getFncToolNames, type FunctionTool } from '../../llm/tool-context';
import type { TurnDetectionMode } from '../recognition-hooks';
import type { ActivityParts } from './activity-parts';
import { removeInstructions, updateInstructions as setInstructionsMessage } from '../generation/instructions';
import { isRealtimeModel } from '../../llm/realtime';
import { validateTurnDetection } from './turn-detection';

/** What the hot updates read and change of the activity. */
type ConfigDeps = Pick<
  ActivityParts,
  | 'agent'
  | 'audioRecognition'
  | 'clock'
  | 'events'
  | 'interruptions'
  | 'llm'
  | 'rtSession'
  | 'toolChoice'
  | 'toolNames'
  | 'tools'
  | 'toolsState'
  | 'turnDetection'
  | 'allowInterruptions'
  | 'stt'
  | 'vad'
  | 'warn'
>;

function insertConfigUpdate(
  act: ConfigDeps,
  fields: { instructions?: string | null; toolsAdded?: string[] | null; toolsRemoved?: string[] | null },
): void {
  act.agent.chatCtxValue.insert({
    type: 'agent_config_update',
    id: shortId('item'),
    ...fields,
    createdAt: act.clock.now(),
  });
}

/** The agent's starting configuration, recorded when the activity starts (and resumes). */
export function recordInitialConfig(act: ConfigDeps): void {
  const names = getFncToolNames(act.tools);
  insertConfigUpdate(act, {
    instructions: act.agent.instructionsValue,
    toolsAdded: names.length > 0 ? names : null,
  });
}

export async function updateInstructions(act: ConfigDeps, instructions: string): Promise<void> {
  act.agent.instructionsValue = instructions;
  insertConfigUpdate(act, { instructions });
  if (act.rtSession) await act.rtSession.updateInstructions(instructions);
  else setInstructionsMessage(act.agent.chatCtxValue, { instructions, addIfMissing: true });
  act.events.emit({ type: 'config_updated', field: 'instructions', value: instructions });
}

export async function updateTools(act: ConfigDeps, tools: FunctionTool[]): Promise<void> {
  const oldNames = new Set(getFncToolNames(act.agent.toolsValue));
  const newNames = new Set(getFncToolNames(tools));
  const added = [...newNames].filter((n) => !oldNames.has(n));
  const removed = [...oldNames].filter((n) => !newNames.has(n));

  const byName = new Map<string, FunctionTool>();
  for (const t of tools) byName.set(t.name, t);
  act.agent.toolsValue = [...byName.values()];

  insertConfigUpdate(act, {
    toolsAdded: added.length > 0 ? added : null,
    toolsRemoved: removed.length > 0 ? removed : null,
  });
  if (act.rtSession) await act.rtSession.updateTools(act.tools);
  // drop calls/outputs of tools that no longer exist, the LLM could not make sense of them
  // (a realtime server drops them itself)
  if (!isRealtimeModel(act.llm)) {
    await updateChatCtx(act, act.agent.chatCtxValue.copy({ toolNames: [...byName.keys()] }), true, false);
  }
  act.events.emit({ type: 'config_updated', field: 'tools', value: [...byName.keys()] });
}

export async function updateChatCtx(
  act: ConfigDeps,
  chatCtx: ChatContext,
  excludeInvalidFunctionCalls: boolean,
  emit = true,
): Promise<void> {
  const next = chatCtx.copy(excludeInvalidFunctionCalls ? { toolNames: act.toolNames() } : {});
  act.agent.chatCtxValue = next;
  if (act.rtSession) {
    removeInstructions(next);
    await act.rtSession.updateChatCtx(next);
  } else {
    setInstructionsMessage(next, { instructions: act.agent.instructionsValue, addIfMissing: true });
  }
  if (emit) act.events.emit({ type: 'config_updated', field: 'chatCtx', value: next.items.length });
}

export function applyOptionsUpdate(
  act: ConfigDeps,
  opts: {
    toolChoice?: ToolChoice | null;
    minEndpointingDelayMs?: number;
    maxEndpointingDelayMs?: number;
    turnDetection?: TurnDetectionMode | null;
  },
): void {
  if (opts.toolChoice !== undefined) act.toolsState.setToolChoice(opts.toolChoice);
  act.rtSession?.updateOptions({ toolChoice: act.toolChoice });
  let turnDetection = opts.turnDetection;
  if (turnDetection !== undefined) {
    turnDetection = validateTurnDetection(act, turnDetection);
    // a manual turn has no end of speech to resume after; drop a pending false interruption
    if (act.turnDetection === 'manual' || turnDetection === 'manual') act.interruptions.cancelTimer();
  }
  act.audioRecognition?.updateOptions({
    minEndpointingDelayMs: opts.minEndpointingDelayMs,
    maxEndpointingDelayMs: opts.maxEndpointingDelayMs,
    turnDetection,
  });
}
