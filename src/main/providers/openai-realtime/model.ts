/**
 * The OpenAI Realtime model (speech to speech) as the engine's RealtimeModel, and the factory
 * the studio's registry calls. Settings are validated here, once, so a bad one is refused with
 * its field's name before any connection is tried. Each session() opens its own connection.
 */
import { RealtimeModel, type Clock, type RealtimeCapabilities } from '../../engine';
import { missingKeyError, originOf, type ErrorContext } from '../common/provider-error';
import { RealtimeConnection, type ConnectionHooks } from './connection';
import { OpenAIRealtimeSession } from './session';
import {
  parseRealtimeSettings,
  type OpenAIRealtimeSettings,
  type OpenAIRealtimeSettingsInput,
} from './settings';

/** Where log lines go (the shape of the engine's and the studio's Logger). */
export interface RealtimeLog {
  log(level: 'debug' | 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
}

export interface OpenAIRealtimeDeps {
  clock: Clock;
  apiKey: string;
  log?: RealtimeLog;
  /** Certificate authorities to trust besides the system's (a local test server). */
  tls?: { ca: string | Buffer };
  /** Where the settings sit in the config, for messages (`providers.llm` by default). */
  settingPrefix?: string;
}

const silent: RealtimeLog = { log: () => undefined };

export class OpenAIRealtimeModel extends RealtimeModel {
  readonly sessions: OpenAIRealtimeSession[] = [];
  readonly ctx: ErrorContext<'realtime'>;

  constructor(
    readonly settings: OpenAIRealtimeSettings,
    private readonly deps: OpenAIRealtimeDeps,
  ) {
    super(capabilitiesOf(settings));
    const prefix = deps.settingPrefix ?? 'providers.llm';
    this.ctx = {
      provider: 'openai',
      kind: 'realtime',
      origin: originOf(settings.baseURL ?? 'https://api.openai.com/v1'),
      model: settings.model,
      apiKeyName: settings.apiKeyName,
      secrets: [deps.apiKey],
      timeoutMs: settings.connectTimeoutMs,
      settingPrefix: prefix,
    };
  }

  get label(): string {
    return 'openai.realtime.RealtimeModel';
  }

  override get model(): string {
    return this.settings.model;
  }

  override get provider(): string {
    return this.settings.azureApiVersion ? 'azure-openai' : 'openai';
  }

  session(): OpenAIRealtimeSession {
    const open = (hooks: ConnectionHooks) =>
      RealtimeConnection.open(
        {
          settings: this.settings,
          apiKey: this.deps.apiKey,
          ca: this.deps.tls?.ca,
          ctx: this.ctx,
          clock: this.deps.clock,
        },
        hooks,
      );
    const s = new OpenAIRealtimeSession(
      this,
      this.settings,
      this.deps.clock,
      this.ctx,
      this.deps.log ?? silent,
      open,
    );
    this.sessions.push(s);
    return s;
  }

  async close(): Promise<void> {
    for (const s of this.sessions) await s.close();
  }
}

/** What the engine may count on, from the settings (upstream: turn detection and transcription are options). */
export function capabilitiesOf(s: OpenAIRealtimeSettings): RealtimeCapabilities {
  return {
    messageTruncation: true,
    turnDetection: s.turnDetection !== null,
    userTranscription: s.inputTranscriptionModel !== null,
    autoToolReplyGeneration: false,
    audioOutput: s.modalities.includes('audio'),
    manualFunctionCalls: true,
  };
}

/**
 * Builds the model from settings as written in a config (defaults filled in, each field checked);
 * throws a ProviderError naming the setting when one is wrong or the key is missing.
 */
export function createOpenAIRealtimeModel(
  settings: OpenAIRealtimeSettingsInput,
  deps: OpenAIRealtimeDeps,
): OpenAIRealtimeModel {
  const prefix = deps.settingPrefix ?? 'providers.llm';
  const parsed = parseRealtimeSettings(settings, prefix);
  if (!deps.apiKey) throw missingKeyError('openai', 'realtime', parsed.apiKeyName, prefix);
  return new OpenAIRealtimeModel(parsed, deps);
}
