/**
 * Chat context → chat.completions request parts. OpenAI wants the tool calls of one reply in one
 * assistant message, immediately followed by one `tool` message per call; the chat context keeps
 * them as separate items ordered by time, possibly interleaved with their outputs. Items of one
 * reply share an id prefix (the assistant message `X`, its calls `X/fnc_N`, as upstream), which
 * is how they are grouped back together here.
 */
import type {
  ChatCompletionMessageFunctionToolCall,
  ChatCompletionMessageParam,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type {
  ChatContext,
  ChatMessage,
  FunctionCallItem,
  FunctionCallOutputItem,
  ToolChoice,
  ToolDefinition,
} from '../../engine';

export interface ToMessagesOptions {
  /** OpenAI knows `developer`; most compatible servers only know `system`. */
  developerRole: 'developer' | 'system';
}

interface ReplyGroup {
  kind: 'group';
  message: ChatMessage | null;
  calls: FunctionCallItem[];
}

type Entry = { kind: 'message'; message: ChatMessage } | ReplyGroup;

/** Key of the reply an item belongs to: `X` for the message `X` and its calls `X/fnc_N`. */
function groupKey(id: string): string {
  const i = id.indexOf('/fnc_');
  return i >= 0 ? id.slice(0, i) : id;
}

export function toChatMessages(ctx: ChatContext, opts: ToMessagesOptions): ChatCompletionMessageParam[] {
  const entries: Entry[] = [];
  const groups = new Map<string, ReplyGroup>();
  const outputs = new Map<string, FunctionCallOutputItem>();
  const groupOf = (key: string): ReplyGroup => {
    let g = groups.get(key);
    if (!g) {
      g = { kind: 'group', message: null, calls: [] };
      groups.set(key, g);
      entries.push(g);
    }
    return g;
  };

  for (const item of ctx.items) {
    switch (item.type) {
      case 'message':
        if (item.role === 'assistant') groupOf(item.id).message = item;
        else entries.push({ kind: 'message', message: item });
        break;
      case 'function_call':
        groupOf(groupKey(item.id)).calls.push(item);
        break;
      case 'function_call_output':
        outputs.set(item.callId, item);
        break;
      case 'agent_config_update':
      case 'agent_handoff':
        break; // bookkeeping of the studio, not conversation
    }
  }

  const out: ChatCompletionMessageParam[] = [];
  for (const e of entries) {
    if (e.kind === 'message') {
      out.push(plainMessage(e.message, opts));
      continue;
    }
    // A call without an output (still running, or cut by truncation) makes OpenAI reject the
    // whole request, so it is left out.
    const answered = e.calls.filter((c) => outputs.has(c.callId));
    if (answered.length === 0) {
      if (e.message) out.push({ role: 'assistant', content: e.message.content });
      continue;
    }
    const toolCalls: ChatCompletionMessageFunctionToolCall[] = answered.map((c) => ({
      id: c.callId,
      type: 'function',
      function: { name: c.name, arguments: c.arguments },
    }));
    out.push({ role: 'assistant', content: e.message?.content || null, tool_calls: toolCalls });
    for (const c of answered) {
      const o = outputs.get(c.callId) as FunctionCallOutputItem;
      out.push({ role: 'tool', tool_call_id: c.callId, content: o.output });
    }
  }
  return out;
}

function plainMessage(m: ChatMessage, opts: ToMessagesOptions): ChatCompletionMessageParam {
  switch (m.role) {
    case 'system':
      return { role: 'system', content: m.content };
    case 'developer':
      return opts.developerRole === 'developer'
        ? { role: 'developer', content: m.content }
        : { role: 'system', content: m.content };
    case 'user':
      return { role: 'user', content: m.content };
    case 'assistant':
      return { role: 'assistant', content: m.content };
  }
}

export function toTools(defs: readonly ToolDefinition[]): ChatCompletionTool[] {
  return defs.map((d) => ({
    type: 'function',
    function: { name: d.name, description: d.description || undefined, parameters: d.parameters },
  }));
}

export function toToolChoice(choice: ToolChoice): ChatCompletionToolChoiceOption {
  if (typeof choice === 'string') return choice;
  return { type: 'function', function: { name: choice.name } };
}
