/**
 * Assembles streamed tool calls. A call's id and name come in its first delta and its JSON
 * arguments in fragments after it, all tagged with the call's `index`. Parallel calls are kept
 * apart by that index (some servers interleave their fragments), and all are handed out together
 * when the choice finishes, in index order.
 */
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { FunctionToolCall } from '../../engine';

type ToolCallDelta = ChatCompletionChunk.Choice.Delta.ToolCall;

interface PendingCall {
  callId: string;
  name: string;
  arguments: string;
}

export class ToolCallAccumulator {
  private readonly calls = new Map<number, PendingCall>();

  get size(): number {
    return this.calls.size;
  }

  add(deltas: readonly ToolCallDelta[]): void {
    for (const d of deltas) {
      // Some compatible servers omit `index` when they send whole calls one per delta.
      const index = typeof d.index === 'number' ? d.index : this.calls.size;
      let call = this.calls.get(index);
      if (!call) {
        call = { callId: '', name: '', arguments: '' };
        this.calls.set(index, call);
      }
      if (d.id) call.callId = d.id;
      // The name comes whole in the first delta; servers that repeat it later repeat it whole.
      if (d.function?.name && !call.name) call.name = d.function.name;
      if (d.function?.arguments) call.arguments += d.function.arguments;
    }
  }

  /** The calls so far, in index order; the accumulator is empty afterwards. */
  drain(): FunctionToolCall[] {
    const out = [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, c]) => ({ callId: c.callId || `call_${index}`, name: c.name, arguments: c.arguments }));
    this.calls.clear();
    return out;
  }
}
