/**
 * A 'text' session: the user only types (sendText), so the engine hears nothing; the agent
 * answers with the configured providers, and speaks through the renderer when a TTS is set.
 */
import type { StudioConfig } from '../../../shared/config';
import type { PacedAudioOutput } from '../../io/paced-audio-output';
import type { SessionProviders } from '../session-providers';
import { agentSpeaks, closeProviders, openConfigured, rendererSpeakers } from './configured-session';
import type { OpenedSession, SessionIO, SessionIOContext } from './session-io';

export class TextIO implements SessionIO {
  readonly audioInput = null;
  readonly mic = null;

  constructor(
    readonly audioOutput: PacedAudioOutput | null,
    private readonly providers: SessionProviders,
    private readonly ctx: SessionIOContext,
  ) {}

  async start(): Promise<void> {}
  observe(): void {}
  end(): void {}

  halt(): void {
    this.audioOutput?.dispose();
  }

  async release(): Promise<void> {
    await closeProviders(this.providers, this.ctx);
  }

  pendingWork(): string[] {
    return [];
  }
}

export function openText(config: StudioConfig, ctx: SessionIOContext): Promise<OpenedSession> {
  return openConfigured(config, ctx, { audioInput: false }, ({ providers }) => {
    const output = agentSpeaks(providers) ? rendererSpeakers(ctx, true) : null;
    return new TextIO(output, providers, ctx);
  });
}
