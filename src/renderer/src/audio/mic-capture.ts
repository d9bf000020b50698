/**
 * Opens the local microphone and turns it into the chunks main's 'microphone' session hears:
 * 16 kHz mono PCM16, 512 samples (32 ms) each. getUserMedia asks for the browser's echo
 * cancellation and noise suppression (the agent's own voice from the speakers must not
 * interrupt it); an AudioWorklet (public/mic-capture-worklet.js, same origin as the page)
 * hands blocks of the context's rate to this thread, which resamples and cuts them.
 */
import { floatToPcm16 } from './pcm';
import { MIC_CHUNK_SAMPLES, MIC_PUSH_RATE, PcmChunker, StreamingResampler } from './resample';

export type MicProblem = 'denied' | 'missing' | 'failed';

/** Why the microphone cannot be used, as the user should read it. */
export class MicError extends Error {
  constructor(
    readonly problem: MicProblem,
    message: string,
  ) {
    super(message);
  }
}

/** Maps what getUserMedia and Web Audio throw onto the three problems the studio reports. */
export function classifyMicError(err: unknown): MicError {
  if (err instanceof MicError) return err;
  const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
  const detail =
    typeof err === 'object' && err !== null && 'message' in err ? String(err.message) : String(err);
  const suffix =
    detail && detail !== name ? ` (${name ? `${name}: ` : ''}${detail})` : name ? ` (${name})` : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return new MicError(
        'denied',
        `microphone permission denied${suffix}; allow the microphone for the studio and start again`,
      );
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return new MicError('missing', `no microphone found${suffix}; connect one and start again`);
    case 'NotReadableError':
    case 'TrackStartError':
      return new MicError(
        'failed',
        `the microphone could not be read${suffix}; another application may hold it`,
      );
    default:
      return new MicError('failed', `the microphone could not be opened${suffix}`);
  }
}

export interface MicCapture {
  /** The rate of the pushed chunks (always MIC_PUSH_RATE). */
  readonly sampleRate: number;
  /** The rate the audio context captures at (the device's). */
  readonly captureRate: number;
  stop(): void;
}

export interface OpenMicOptions {
  onChunk(pcm: Int16Array): void;
  /** The microphone stopped by itself (unplugged, revoked); not called after stop(). */
  onEnded(error: MicError): void;
  mediaDevices?: Pick<MediaDevices, 'getUserMedia'> | undefined;
  workletUrl?: string;
}

/** The worklet's address, next to the page (index.html) in dev, web mode and Electron alike. */
export function micWorkletUrl(): string {
  return new URL('mic-capture-worklet.js', document.baseURI).href;
}

/** Opens the microphone; rejects with a MicError saying what went wrong. */
export async function openMicrophone(opts: OpenMicOptions): Promise<MicCapture> {
  const md = 'mediaDevices' in opts ? opts.mediaDevices : globalThis.navigator?.mediaDevices;
  if (!md?.getUserMedia)
    throw new MicError(
      'failed',
      'this page cannot use a microphone (no getUserMedia: it must be served from localhost or https)',
    );
  let stream: MediaStream;
  try {
    stream = await md.getUserMedia({
      audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true, channelCount: 1 },
    });
  } catch (err) {
    throw classifyMicError(err);
  }
  let ctx: AudioContext | null = null;
  let stopped = false;
  const stopTracks = () => stream.getTracks().forEach((t) => t.stop());
  try {
    ctx = new AudioContext({ latencyHint: 'interactive' });
    await ctx.audioWorklet.addModule(opts.workletUrl ?? micWorkletUrl());
    const node = new AudioWorkletNode(ctx, 'mic-capture', {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      processorOptions: { blockSize: Math.round(ctx.sampleRate * 0.02) },
    });
    const source = ctx.createMediaStreamSource(stream);
    // A silent path to the destination keeps the graph pulled; nothing of the mic is heard.
    const sink = ctx.createGain();
    sink.gain.value = 0;
    source.connect(node);
    node.connect(sink);
    sink.connect(ctx.destination);
    const resampler = new StreamingResampler(ctx.sampleRate, MIC_PUSH_RATE);
    const chunker = new PcmChunker(MIC_CHUNK_SAMPLES);
    node.port.onmessage = (e: MessageEvent<Float32Array>) => {
      if (stopped) return;
      for (const chunk of chunker.push(floatToPcm16(resampler.process(e.data)))) opts.onChunk(chunk);
    };
    const context = ctx;
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      node.port.postMessage('stop');
      node.port.onmessage = null;
      source.disconnect();
      node.disconnect();
      sink.disconnect();
      stopTracks();
      void context.close().catch(() => undefined);
    };
    for (const track of stream.getAudioTracks()) {
      track.addEventListener('ended', () => {
        if (stopped) return;
        stop();
        opts.onEnded(
          new MicError(
            'failed',
            'the microphone stopped delivering audio (unplugged, or its permission was revoked)',
          ),
        );
      });
    }
    await ctx.resume();
    return { sampleRate: MIC_PUSH_RATE, captureRate: ctx.sampleRate, stop };
  } catch (err) {
    stopped = true;
    stopTracks();
    void ctx?.close().catch(() => undefined);
    throw err instanceof MicError
      ? err
      : new MicError(
          'failed',
          `the microphone could not be processed (${err instanceof Error ? err.message : String(err)})`,
        );
  }
}
