/**
 * A 'microphone' session: the engine's AudioInput fed by the renderer's pushAudio, heard through
 * the configured VAD and STT; what the session tells the user about its providers (a simulated
 * STT cannot know what a real person said), and what happens when the renderer cannot open the
 * microphone: the session says so as an error event and carries on with typed turns.
 */
import { SIMULATED_STT_LIVE_AUDIO } from '../../../shared/warning-codes';
import { isRealtimeProvider, providerChain, type StudioConfig } from '../../../shared/config';
import type { CommandInput } from '../../../shared/studio-api';
import type { Clock, EventSink } from '../../engine';
import { bytesToPcm16 } from '../../../shared/binary-audio';
import type { PacedAudioOutput } from '../../io/paced-audio-output';
import { MicFormatError, RendererMicInput } from '../../io/renderer-mic-input';
import type { SessionProviders } from '../session-providers';
import { agentSpeaks, closeProviders, openConfigured, rendererSpeakers } from './configured-session';
import type { OpenedSession, SessionIO, SessionIOContext } from './session-io';

export { MicFormatError };

export type MicProblem = CommandInput<'reportMicrophone'>['problem'];

const PROBLEM_TEXT: Record<MicProblem, string> = {
  denied: 'permission to use the microphone was denied',
  missing: 'no microphone was found',
  failed: 'the microphone could not be opened',
};

export interface LiveMicDeps {
  clock: Clock;
  /** The session's event stream (stamps the time). */
  events: EventSink;
  /** How much audio may wait for a slow engine, ms. */
  maxQueuedMs?: number;
}

export class LiveMicrophone {
  readonly input: RendererMicInput;
  private problem: MicProblem | null = null;

  constructor(private readonly deps: LiveMicDeps) {
    this.input = new RendererMicInput({
      now: () => deps.clock.now(),
      maxQueuedMs: deps.maxQueuedMs,
      onWarning: (message) => this.warn(message),
    });
  }

  /** Queues one pushAudio chunk; throws MicFormatError for a chunk the engine cannot take. */
  push(chunk: { sampleRate: number; channels: number; pcm: Uint8Array }): void {
    if (this.problem)
      throw new MicFormatError(`the microphone was reported ${this.problem}; restart the session to use it`);
    if (chunk.pcm.byteLength % (2 * chunk.channels) !== 0)
      throw new MicFormatError(`pcm must hold whole frames of ${chunk.channels} 16-bit samples`);
    this.input.push(bytesToPcm16(chunk.pcm), chunk.sampleRate, chunk.channels);
  }

  /** The renderer has no microphone for this session: say why, end the input, keep the session. */
  report(problem: MicProblem, detail: string): void {
    if (this.problem) return;
    this.problem = problem;
    this.input.end();
    const why = detail.trim() ? `${PROBLEM_TEXT[problem]} (${detail.trim()})` : PROBLEM_TEXT[problem];
    this.deps.events.emit({
      type: 'error',
      source: 'microphone',
      message: `${why}; the session keeps running without audio input: type the user's turns, or fix the microphone and start again`,
      recoverable: true,
    });
  }

  end(): void {
    this.input.end();
  }

  private warn(message: string): void {
    this.deps.events.emit({ type: 'warning', source: 'microphone', message });
  }
}

export interface MicWarning {
  message: string;
  /** Set for the warnings views react to (the header notice, the chat's empty user turns). */
  code?: string;
}

/**
 * What a microphone session cannot do with these providers, in the user's words: a simulated
 * STT transcribes only the simulated caller, so real speech gets no transcript (the VAD still
 * drives the user lane, turn taking and interruptions).
 */
export function micProviderWarnings(
  config: StudioConfig,
  providers: Pick<SessionProviders, 'stt' | 'vad'>,
): MicWarning[] {
  const out: MicWarning[] = [];
  const llm = config.providers.llm;
  if (isRealtimeProvider(llm)) {
    // The realtime model hears the microphone itself; its own transcripts replace the STT's.
    if (llm.inputTranscriptionModel === null && !providers.stt)
      out.push({
        message:
          'microphone: the realtime model answers what it hears, but nothing transcribes the user (providers.llm.inputTranscriptionModel is null and no STT was built); set inputTranscriptionModel (e.g. "gpt-4o-mini-transcribe") to see the user\'s words',
      });
    return out;
  }
  const simulated = providerChain(config.providers.stt).some((e) => e.provider === 'simulated');
  if (!providers.stt) {
    const cause = simulated
      ? 'the simulated STT only knows what the simulated caller says, not what a real microphone hears'
      : 'no STT could be built';
    const vad = providers.vad
      ? ` The ${providers.vad.label} VAD still hears you: the user lane, turn taking by voice and interruptions work.`
      : '';
    out.push({
      message:
        `microphone: transcripts need a real STT — ${cause}; set providers.stt to "openai" with an ` +
        `OPENAI_API_KEY, or to an OpenAI-compatible server (its baseURL), to get them.${vad}`,
      ...(simulated ? { code: SIMULATED_STT_LIVE_AUDIO } : {}),
    });
  } else if (simulated) {
    out.push({
      message:
        'microphone: the simulated STT in providers.stt cannot transcribe a real microphone; only the other STTs of the list will',
    });
  }
  if (!providers.vad && !providers.stt)
    out.push({
      message:
        'microphone: neither a VAD nor an STT is configured, so nothing hears the microphone; set providers.vad.provider to "silero"',
    });
  return out;
}

export class MicrophoneIO implements SessionIO {
  constructor(
    readonly mic: LiveMicrophone,
    readonly audioOutput: PacedAudioOutput | null,
    private readonly providers: SessionProviders,
    private readonly ctx: SessionIOContext,
  ) {}

  get audioInput(): RendererMicInput {
    return this.mic.input;
  }

  async start(): Promise<void> {}
  observe(): void {}

  end(): void {
    this.mic.end();
  }

  halt(): void {
    this.audioOutput?.dispose();
    this.mic.end();
  }

  async release(): Promise<void> {
    await closeProviders(this.providers, this.ctx);
  }

  pendingWork(): string[] {
    return [];
  }
}

export function openMicrophone(config: StudioConfig, ctx: SessionIOContext): Promise<OpenedSession> {
  return openConfigured(config, ctx, { audioInput: true }, ({ providers }) => {
    const output = agentSpeaks(providers) ? rendererSpeakers(ctx, true) : null;
    const mic = new LiveMicrophone({ clock: ctx.clock, events: ctx.events });
    for (const w of micProviderWarnings(config, providers)) ctx.events.warn(w.message, 'microphone', w.code);
    return new MicrophoneIO(mic, output, providers, ctx);
  });
}
