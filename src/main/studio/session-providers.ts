/**
 * The seam between a studio session and its providers. The host takes a factory so tests run
 * the live session on scripted providers and the virtual clock; the studio's factory is the
 * provider registry with the key store, so keys are read in main and never travel further.
 */
import type { StudioConfig } from '../../shared/config';
import type { ProviderFallbackInfo } from '../../shared/studio-api';
import type { Clock, EngineEventInput, LLM, MCPServerLike, RealtimeModel, STT, TTS, VAD } from '../engine';
import { createEngineMcpServer } from '../providers/mcp/engine-adapter';
import { createProviders, type ProviderConfigError, type RegistryDeps } from '../providers/registry';
import type { ScriptedCaller } from '../providers/simulated';
import type { KeySource } from './key-store';

export interface SessionProviders {
  /** A pipeline LLM, or the realtime model of a speech-to-speech session. */
  llm: LLM | RealtimeModel | null;
  stt: STT | null;
  tts: TTS | null;
  vad: VAD | null;
  /** The audio input of a simulated call (null otherwise); it must see the session's events. */
  caller: ScriptedCaller | null;
  /**
   * The session's MCP servers (config `mcpServers`), not started: the engine initializes them
   * at session start, offers their tools and closes them with the session, as the seed does.
   */
  mcpServers?: MCPServerLike[];
  /** Refused providers and their fix, already reported as warning events; they explain a failed start. */
  warnings: string[];
  /** Refusals no configured fallback covers: the start is refused with them (absent: none). */
  blocking?: ProviderConfigError[];
  /** Slots running on a later entry of their fallback list, and why (absent: none). */
  fallbacks?: ProviderFallbackInfo[];
  /** Releases what the providers hold (processes, models, probes); called after the session closed. */
  close(): Promise<void>;
}

export interface ProviderDeps {
  clock: Clock;
  /** False in text mode: no audio comes in, so no VAD, STT or caller is built. */
  audioInput: boolean;
  /** Provider events (fallback switches) into the session's event stream. */
  emit(ev: EngineEventInput): void;
}

export type ProviderFactory = (config: StudioConfig, deps: ProviderDeps) => Promise<SessionProviders>;

/** Where the registry finds local executables and models (tests point them at missing files). */
export type RegistryOverrides = Pick<RegistryDeps, 'localTtsBinary' | 'sileroModelPath'>;

/** The studio's factory: the provider registry, reading keys from main's key store. */
export function registryProviders(keys: KeySource, overrides: RegistryOverrides = {}): ProviderFactory {
  return async (config, deps) => {
    const built = await createProviders(config, {
      ...overrides,
      clock: deps.clock,
      keys,
      audioInput: deps.audioInput,
      onEvent: (ev) => deps.emit(ev),
    });
    return { ...built, mcpServers: mcpServersFromConfig(config, keys, deps) };
  };
}

/**
 * Builds the configured MCP servers with their secrets from the key store. An entry that cannot
 * be built (a missing key) is reported as a warning and skipped, as the seed skips a server that
 * fails to start; the others still run.
 */
export function mcpServersFromConfig(
  config: StudioConfig,
  keys: KeySource,
  deps: Pick<ProviderDeps, 'emit'>,
): MCPServerLike[] {
  const servers: MCPServerLike[] = [];
  config.mcpServers.forEach((entry, i) => {
    try {
      servers.push(createEngineMcpServer(entry, (name) => keys.get(name), { path: `mcpServers[${i}]` }));
    } catch (err) {
      deps.emit({
        type: 'warning',
        source: 'mcp',
        message: err instanceof Error ? err.message : String(err),
      });
    }
  });
  return servers;
}
