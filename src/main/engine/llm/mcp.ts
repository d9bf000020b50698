/**
 * What the engine needs of an MCP server (upstream llm/mcp.py's MCPServer, as the seed's
 * `_start_session` / `_close_session` use it): start it once, list its tools as FunctionTools,
 * close it with the session. The concrete stdio/HTTP servers live in providers/mcp; the engine
 * sees only this shape, so tests can hand it a fake.
 */
import type { FunctionTool } from './tool-context';

export interface MCPServerLike {
  /** Names the server in events (e.g. `stdio: node server.js`). */
  readonly label: string;
  /** True once `initialize` succeeded and until `aclose`. */
  readonly initialized: boolean;
  /** Starts or connects to the server; rejects when it cannot. */
  initialize(): Promise<void>;
  /** The server's tools, ready to offer to the LLM. */
  listTools(): Promise<FunctionTool[]>;
  /** Ends the server's session; safe to call more than once and on a server that never started. */
  aclose(): Promise<void>;
}
