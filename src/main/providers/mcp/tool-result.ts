/**
 * Turning an MCP server's tools and results into what the engine's tool executor understands.
 * An MCP tool becomes an ordinary FunctionTool, so the LLM, the tool lane of the studio and the
 * executor cannot tell it from a local one; the only MCP-specific parts are the schema clean-up
 * and the mapping of `isError` results to ToolError (the LLM then sees the server's message).
 */
import { ToolError } from '../../engine';

/** The parts of an MCP content item this module reads; the rest is passed through as JSON. */
interface ContentItem {
  type: string;
  text?: string;
  [key: string]: unknown;
}

export interface CallResult {
  content?: ContentItem[];
  isError?: boolean;
  structuredContent?: unknown;
  /** Results of old servers (protocol 2024-10-07) carry `toolResult` instead of content. */
  toolResult?: unknown;
}

/**
 * A server's inputSchema as a tool's parameters. `$schema` is dropped: it names a draft the
 * engine's validator may not load (2020-12) and LLM providers reject unknown top-level keys; the
 * rest of the schema is kept as the server wrote it.
 */
export function toParameters(inputSchema: Record<string, unknown> | undefined): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = structuredClone(inputSchema ?? {});
  return { ...rest, type: 'object', properties: rest.properties ?? {} };
}

function itemText(item: ContentItem): string {
  return typeof item.text === 'string' ? item.text : JSON.stringify(item);
}

/**
 * What the LLM reads as the tool's output: the text of the result (text parts joined by new
 * lines); results with non-text parts (images, resources) are given as JSON so nothing is lost.
 * Throws ToolError for an error result or one without any content.
 */
export function toolOutput(toolName: string, result: CallResult): string {
  const content = Array.isArray(result.content) ? result.content : [];
  if (result.isError) {
    const message = content.map(itemText).join('\n').trim();
    throw new ToolError(message || `tool "${toolName}" failed without a message`);
  }
  if (content.length > 0) {
    if (content.every((c) => c.type === 'text' && typeof c.text === 'string')) {
      return content.map((c) => c.text as string).join('\n');
    }
    return content.length === 1 ? JSON.stringify(content[0]) : JSON.stringify(content);
  }
  if (result.structuredContent !== undefined) return JSON.stringify(result.structuredContent);
  if (result.toolResult !== undefined) return JSON.stringify(result.toolResult);
  throw new ToolError(`tool "${toolName}" completed without producing a result`);
}
