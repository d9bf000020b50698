/**
 * What the user trusts when starting web mode. A browser (or anything holding its cookie) can
 * only reference these: the command line is the user's channel, the socket is not.
 *
 * - `--config FILE`: the studio starts with this config, and its stdio MCP commands, the secret
 *   names it uses and where it sends them are trusted (named stdio servers can be referenced as
 *   `{"type": "trusted", "server": NAME}`).
 * - `--allow-mcp-command "CMD ARG…"`: this exact command line (split on spaces, no cwd, env or
 *   keys) may be started as a stdio MCP server.
 * - `--allow-key-origin URL`: keys may be sent to this origin (an OpenAI-compatible baseURL or an
 *   MCP URL); without it a key goes only to its provider's default host.
 */
import type { StudioConfig } from '../../shared/config';
import { launchReview, LaunchTrust, originOf, type LaunchReview } from '../../main/studio/launch-trust';
import type { KeySource } from '../../main/studio/key-store';
import { UsageError } from './command';
import { loadStudioConfig } from './config-file';

export const WEB_TRUST_OPTIONS = {
  config: { type: 'string' },
  'allow-mcp-command': { type: 'string', multiple: true },
  'allow-key-origin': { type: 'string', multiple: true },
} as const;

export const WEB_TRUST_USAGE =
  '  --config FILE   start with this config; its MCP commands and key names are trusted\n' +
  '  --allow-mcp-command "CMD ARG..."  allow this exact stdio MCP command line (repeatable)\n' +
  '  --allow-key-origin URL  allow keys to be sent to this origin (repeatable)';

export interface WebTrustValues {
  config?: string;
  'allow-mcp-command'?: string[];
  'allow-key-origin'?: string[];
}

export interface WebTrust {
  initialConfig?: StudioConfig;
  reviewLaunch: LaunchReview;
}

export function webTrust(values: WebTrustValues, keys: KeySource): WebTrust {
  const trust = new LaunchTrust();
  let initialConfig: StudioConfig | undefined;
  if (values.config !== undefined) {
    initialConfig = loadStudioConfig(values.config);
    trust.trustConfig(initialConfig);
  }
  for (const line of values['allow-mcp-command'] ?? []) {
    const [command, ...args] = line.trim().split(/\s+/);
    if (!command) throw new UsageError('--allow-mcp-command: expected a command line, got an empty one');
    trust.trustLaunch({ command, args, cwd: null, env: {}, envKeyNames: {} });
  }
  for (const url of values['allow-key-origin'] ?? []) {
    const origin = originOf(url);
    if (origin === null || !/^https?:/.test(origin))
      throw new UsageError(
        `--allow-key-origin: expected an http(s) URL such as http://127.0.0.1:11434, got ${url}`,
      );
    trust.trustOrigin(origin);
  }
  return {
    ...(initialConfig ? { initialConfig } : {}),
    reviewLaunch: launchReview({ trust, keys }),
  };
}
