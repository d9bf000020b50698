/**
 * What a config that arrives from a client (the renderer over IPC, a browser over the web
 * socket) may make main do. Holding the web token, or running script in the renderer, is not
 * the same as being the user at the keyboard: such a client can only *reference* what the user
 * trusted. Three things need the user:
 *
 * - a stdio MCP command line (with its cwd, env and the keys it gets) — it runs as the user;
 * - a secret's name — main reads any environment variable by name, so `apiKeyName: "PATH"` would
 *   ship the variable as a bearer token; only key-store names and names shaped like a key
 *   (`SECRET_NAME_PATTERN`) are read;
 * - a secret's destination — a key goes to its provider's default host; another origin (an
 *   OpenAI `baseURL`, an MCP URL with `headerKeyNames`, a LiveKit URL) must be trusted, or the
 *   key would be sent wherever the socket says.
 *
 * The user trusts through channels the socket cannot reach: a config file passed on the command
 * line (`--config`), command-line flags, or a confirmation main shows (the desktop dialog). What
 * was confirmed stays trusted until the studio exits; nothing the socket writes (the saved
 * config, presets) becomes trusted by being saved.
 */
import {
  providerChain,
  type McpServerConfig,
  type StudioAgentConfig,
  type StudioConfig,
} from '../../shared/config';
import type { StudioError } from '../../shared/studio-api';
import type { KeySource } from './key-store';

/** Names a client may ask main to read a secret from without the key being in the key store. */
export const SECRET_NAME_PATTERN = /^[A-Z][A-Z0-9_]*_(API_KEY|KEY|TOKEN|SECRET)$/;
/** Where the OpenAI providers send their key when no `baseURL` is set. */
export const OPENAI_ORIGIN = 'https://api.openai.com';

type StdioEntry = Extract<McpServerConfig, { type: 'stdio' }>;

/** Everything about a stdio MCP server that decides what runs: the part the user must trust. */
export interface StdioLaunch {
  command: string;
  args: string[];
  cwd: string | null;
  env: Record<string, string>;
  envKeyNames: Record<string, string>;
}

/** Something only the user may allow. */
export type TrustRequest =
  | { kind: 'command'; field: string; launch: StdioLaunch }
  | { kind: 'destination'; field: string; keyName: string; origin: string };

/** Asks the user (main's own dialog); resolves true only on an explicit yes. */
export type ConfirmTrust = (requests: readonly TrustRequest[]) => Promise<boolean>;

export type ReviewResult = { ok: true; config: StudioConfig } | { ok: false; error: StudioError };
/** Checks (and resolves trusted references in) a client's config before anything runs. */
export type LaunchReview = (config: StudioConfig) => Promise<ReviewResult>;

export function launchOf(entry: StdioEntry): StdioLaunch {
  return {
    command: entry.command,
    args: [...entry.args],
    cwd: entry.cwd ?? null,
    env: { ...entry.env },
    envKeyNames: { ...entry.envKeyNames },
  };
}

function sorted(record: Record<string, string>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

function launchId(l: StdioLaunch): string {
  return JSON.stringify([l.command, l.args, l.cwd, sorted(l.env), sorted(l.envKeyNames)]);
}

/** The command line as a user reads it, for dialogs and refusals. */
export function describeRequest(request: TrustRequest): string {
  if (request.kind === 'destination') return `send the key ${request.keyName} to ${request.origin}`;
  const l = request.launch;
  const parts = [`run ${JSON.stringify([l.command, ...l.args].join(' '))}`];
  if (l.cwd !== null) parts.push(`in ${l.cwd}`);
  const env = [...Object.keys(l.env), ...Object.keys(l.envKeyNames)];
  if (env.length > 0) parts.push(`with environment ${env.join(', ')}`);
  return parts.join(' ');
}

/** What main's confirmation dialog says: each request on its own line, then what a yes means. */
export function confirmationText(requests: readonly TrustRequest[]): { message: string; detail: string } {
  const commands = requests.some((r) => r.kind === 'command');
  return {
    message: commands
      ? 'The studio window asks to start a program on this computer'
      : 'The studio window asks to send an API key to another server',
    detail:
      `${requests.map((r) => `• ${r.field}: ${describeRequest(r)}`).join('\n')}\n\n` +
      'Allow only if you wrote this configuration yourself: a program runs with your permissions, ' +
      'and a key sent to a server can be used by it. What you allow stays allowed until the studio quits.',
  };
}

/** The origin a URL sends to, or null when it is not a URL. */
export function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** What the user trusted in this run of the studio. */
export class LaunchTrust {
  private readonly launches = new Set<string>();
  private readonly servers = new Map<string, StdioEntry>();
  private readonly secretNames = new Set<string>();
  /** `origin` (any allowed key) or `keyName origin`. */
  private readonly destinations = new Set<string>();

  /**
   * Trusts everything a config file the user named asks for: its stdio commands (named ones
   * become referenceable as `{type: "trusted", server: NAME}`), its secret names and where it
   * sends them.
   */
  trustConfig(config: StudioConfig): void {
    for (const { entry } of mcpEntries(config)) {
      if (entry.type !== 'stdio') continue;
      this.trustLaunch(launchOf(entry));
      if (entry.name !== undefined) this.servers.set(entry.name, entry);
    }
    for (const use of secretUses(config)) {
      this.secretNames.add(use.keyName);
      if (use.origin !== null) this.destinations.add(`${use.keyName} ${use.origin}`);
    }
  }

  trustLaunch(launch: StdioLaunch): void {
    this.launches.add(launchId(launch));
  }

  /** Any key a config may name may be sent to this origin (e.g. a local Ollama that checks one). */
  trustOrigin(origin: string): void {
    this.destinations.add(origin);
  }

  /** Records what the user just confirmed. */
  grant(requests: readonly TrustRequest[]): void {
    for (const r of requests) {
      if (r.kind === 'command') this.trustLaunch(r.launch);
      else this.destinations.add(`${r.keyName} ${r.origin}`);
    }
  }

  isTrusted(request: TrustRequest): boolean {
    if (request.kind === 'command') return this.launches.has(launchId(request.launch));
    return (
      this.destinations.has(request.origin) || this.destinations.has(`${request.keyName} ${request.origin}`)
    );
  }

  hasSecretName(name: string): boolean {
    return this.secretNames.has(name);
  }

  trustedServer(name: string): StdioEntry | undefined {
    return this.servers.get(name);
  }

  serverNames(): string[] {
    return [...this.servers.keys()].sort();
  }
}

interface McpEntryAt {
  field: string;
  entry: McpServerConfig;
}

/** Every MCP server entry of a config with its dotted field path. */
export function mcpEntries(config: StudioConfig): McpEntryAt[] {
  const out: McpEntryAt[] = [];
  const add = (root: string, list: readonly McpServerConfig[] | undefined) =>
    list?.forEach((entry, i) => out.push({ field: `${root}[${i}]`, entry }));
  add('mcpServers', config.mcpServers);
  add('agent.mcpServers', config.agent.mcpServers);
  for (const [name, agent] of Object.entries(config.agents))
    add(`agents.${name}.mcpServers`, agent.mcpServers);
  return out;
}

interface SecretUse {
  field: string;
  keyName: string;
  /** Where the value is sent; null when it stays with the user (a trusted child's environment). */
  origin: string | null;
  /** The destination needs no trust (a provider's own default host). */
  defaultDestination: boolean;
}

/** Every secret name a config asks main to read, and where its value would go. */
export function secretUses(config: StudioConfig): SecretUse[] {
  const uses: SecretUse[] = [];
  for (const kind of ['llm', 'stt', 'tts'] as const) {
    const entry = config.providers[kind];
    const chain = providerChain<{ provider: string; apiKeyName?: string; baseURL?: string }>(entry);
    chain.forEach((p, i) => {
      // The realtime model sends its key in the WebSocket handshake to its baseURL's host, alike.
      if ((p.provider !== 'openai' && p.provider !== 'openai-realtime') || p.apiKeyName === undefined) return;
      const at = Array.isArray(entry) ? `providers.${kind}[${i}]` : `providers.${kind}`;
      const origin = p.baseURL === undefined ? OPENAI_ORIGIN : (originOf(p.baseURL) ?? p.baseURL);
      uses.push({
        field: `${at}.apiKeyName`,
        keyName: p.apiKeyName,
        origin,
        defaultDestination: origin === OPENAI_ORIGIN,
      });
    });
  }
  for (const { field, entry } of mcpEntries(config)) {
    if (entry.type === 'stdio') {
      for (const [env, keyName] of Object.entries(entry.envKeyNames))
        uses.push({ field: `${field}.envKeyNames.${env}`, keyName, origin: null, defaultDestination: true });
    } else if (entry.type === 'http') {
      const origin = originOf(entry.url) ?? entry.url;
      for (const [header, keyName] of Object.entries(entry.headerKeyNames))
        uses.push({ field: `${field}.headerKeyNames.${header}`, keyName, origin, defaultDestination: false });
    }
  }
  const lk = config.livekit;
  if (lk) {
    // Names only: the API secret never leaves main (it signs a room token locally), and what
    // travels to livekit.url is a room token, which that server is meant to receive.
    const names: Array<[string, string | undefined]> = [
      ['apiKeyName', lk.apiKeyName],
      ['apiSecretName', lk.apiSecretName],
      ['tokenKeyName', lk.tokenKeyName],
    ];
    for (const [key, keyName] of names)
      if (keyName !== undefined)
        uses.push({ field: `livekit.${key}`, keyName, origin: null, defaultDestination: true });
  }
  return uses;
}

export interface LaunchReviewDeps {
  trust: LaunchTrust;
  keys: KeySource;
  /** Main's confirmation (the desktop dialog); absent: anything untrusted is refused. */
  confirm?: ConfirmTrust | null;
  /** How a user trusts more in this mode, appended to refusals. */
  howToTrust?: string;
}

/** The default hint: web mode's flags. */
export const WEB_HOW_TO_TRUST =
  'to allow it, start the studio with --config FILE (a config file that lists it) or --allow-mcp-command / --allow-key-origin';

/**
 * The review every client config passes before a session is planned: trusted references
 * resolved, secret names checked, then anything untrusted confirmed by the user or refused.
 */
export function launchReview(deps: LaunchReviewDeps): LaunchReview {
  const how = deps.howToTrust ?? WEB_HOW_TO_TRUST;
  return async (input) => {
    const resolved = resolveReferences(input, deps.trust);
    if (!resolved.ok) return resolved;
    const config = resolved.config;
    const requests: TrustRequest[] = [];
    for (const use of secretUses(config)) {
      const problem = secretNameProblem(use.keyName, deps.trust, deps.keys);
      if (problem) return refuse(use.field, `${use.field}: ${problem}`);
      if (use.origin === null || use.defaultDestination) continue;
      const value = deps.keys.get(use.keyName);
      // A key that is not set is not sent (a local server that needs none).
      if (value === undefined || value === '') continue;
      requests.push({ kind: 'destination', field: use.field, keyName: use.keyName, origin: use.origin });
    }
    for (const { field, entry } of mcpEntries(config))
      if (entry.type === 'stdio') requests.push({ kind: 'command', field, launch: launchOf(entry) });
    const untrusted = requests.filter((r) => !deps.trust.isTrusted(r));
    if (untrusted.length === 0) return { ok: true, config };
    const first = untrusted[0];
    const what = untrusted.map((r) => `${r.field}: ${describeRequest(r)}`).join('; ');
    if (!deps.confirm) return refuse(first.field, `${what} — not allowed from the studio window (${how})`);
    if (!(await deps.confirm(untrusted))) return refuse(first.field, `${what} — not allowed by the user`);
    deps.trust.grant(untrusted);
    return { ok: true, config };
  };
}

/** Why a client may not name this secret, or null when it may. */
export function secretNameProblem(name: string, trust: LaunchTrust, keys: KeySource): string | null {
  if (SECRET_NAME_PATTERN.test(name) || trust.hasSecretName(name)) return null;
  // A name the user saved with `studio keys set` is the user's; the file is read, never the environment.
  const stored = keys.list?.().some((k) => k.name === name && k.source === 'file') ?? false;
  if (stored && process.env[name] === undefined) return null;
  return (
    `"${name.slice(0, 64)}" is not a key name the studio reads: use a key-store name ` +
    '(studio keys set NAME) or a name ending in _API_KEY, _KEY, _TOKEN or _SECRET ' +
    '(e.g. OPENAI_API_KEY); other environment variables (PATH, HOME, …) are never read'
  );
}

/** Replaces `{type: "trusted", server}` entries with the user's server of that name. */
function resolveReferences(config: StudioConfig, trust: LaunchTrust): ReviewResult {
  let problem: StudioError | null = null;
  const resolve = (root: string, list: McpServerConfig[] | undefined): McpServerConfig[] | undefined =>
    list?.map((entry, i) => {
      if (entry.type !== 'trusted') return entry;
      const server = trust.trustedServer(entry.server);
      if (server) {
        const { type: _type, server: _server, ...overrides } = entry;
        return { ...server, ...overrides };
      }
      const known = trust.serverNames();
      problem ??= refuse(
        `${root}[${i}].server`,
        `${root}[${i}].server: no trusted MCP server is named "${entry.server.slice(0, 64)}" ` +
          `(${known.length > 0 ? `trusted: ${known.join(', ')}` : 'none is trusted: name one in a config file passed with --config'})`,
      ).error;
      return entry;
    });
  const agentOf = (root: string, agent: StudioAgentConfig): StudioAgentConfig => {
    const mcpServers = resolve(`${root}.mcpServers`, agent.mcpServers);
    return mcpServers === undefined ? agent : { ...agent, mcpServers };
  };
  const out: StudioConfig = {
    ...config,
    mcpServers: resolve('mcpServers', config.mcpServers) ?? [],
    agent: agentOf('agent', config.agent),
    agents: Object.fromEntries(
      Object.entries(config.agents).map(([name, a]) => [name, agentOf(`agents.${name}`, a)]),
    ),
  };
  return problem ? { ok: false, error: problem } : { ok: true, config: out };
}

function refuse(field: string, message: string): { ok: false; error: StudioError } {
  return { ok: false, error: { code: 'invalid_input', message, field } };
}
