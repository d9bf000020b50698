/** Display helpers for tool calls: pretty JSON when the text is JSON, and a duration label. */
import type { ToolCallRecord } from './tool-calls';

/** Tool arguments and outputs are usually JSON text; indent them, and leave anything else as is. */
export function prettyJson(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return text;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return text;
  }
}

export function durationLabel(call: ToolCallRecord): string {
  if (call.durationMs !== null) return `${Math.round(call.durationMs)} ms`;
  if (call.status === 'running') return 'running…';
  // Ended, but the start was dropped from the live buffer: say so rather than invent a number.
  return 'unknown';
}

export const STATUS_LABEL: Record<ToolCallRecord['status'], string> = {
  running: 'running',
  ok: 'ok',
  error: 'error',
  no_output: 'no output',
};
