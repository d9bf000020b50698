/**
 * The agent's voice in a LiveKit room: an engine AudioOutput that paces playback on the session
 * clock (the PacedAudioOutput logic: playback_started/finished with truthful positions, pause,
 * clearBuffer) and writes the PCM into the room's audio source as it plays, a chunk ahead. The
 * position comes from the clock, not from the room, because what the remote user heard is what
 * an interruption keeps in the chat history; clearBuffer also drops what the source still queues.
 */
import type { Clock } from '../engine';
import { PacedAudioOutput, type PcmChunk } from './paced-audio-output';

/** Where the PCM goes: the room's AudioSource (rtc-node) or a fake in tests. */
export interface RoomAudioSink {
  /** Queues PCM for the room; resolves once accepted (the source may apply back-pressure). */
  write(chunk: PcmChunk): Promise<void>;
  /** Drops what the room has been given but not sent yet. */
  clear(): void;
}

export interface RoomAudioOutputOptions {
  chunkMs?: number;
  label?: string;
  /** The first failed write (a closed room); later failures are dropped silently. */
  onWriteError?: (err: unknown) => void;
}

/** Writes chunks to the sink one at a time, in order; a clear discards writes not yet started. */
class SerialWriter {
  private tail: Promise<void> = Promise.resolve();
  private generation = 0;
  private pending = 0;
  private failed = false;
  closed = false;

  constructor(
    private readonly sink: RoomAudioSink,
    private readonly onError: (err: unknown) => void,
  ) {}

  get pendingWrites(): number {
    return this.pending;
  }

  write(chunk: PcmChunk): void {
    const gen = this.generation;
    this.pending += 1;
    this.tail = this.tail.then(async () => {
      try {
        if (gen !== this.generation || this.closed) return;
        await this.sink.write(chunk);
      } catch (err) {
        if (!this.failed) {
          this.failed = true;
          this.onError(err);
        }
      } finally {
        this.pending -= 1;
      }
    });
  }

  clear(): void {
    this.generation += 1;
    this.sink.clear();
  }

  /** Resolves when every write queued so far settled. */
  idle(): Promise<void> {
    return this.tail;
  }
}

export class RoomAudioOutput extends PacedAudioOutput {
  private readonly writer: SerialWriter;

  constructor(clock: Clock, sink: RoomAudioSink, opts: RoomAudioOutputOptions = {}) {
    const writer = new SerialWriter(sink, (err) => opts.onWriteError?.(err));
    super(clock, {
      canPause: true,
      chunkMs: opts.chunkMs,
      label: opts.label ?? 'livekit.RoomAudioOutput',
      onChunk: (chunk) => writer.write(chunk),
      onClear: () => writer.clear(),
    });
    this.writer = writer;
  }

  /** Chunks handed on but not yet accepted by the room. */
  get pendingWrites(): number {
    return this.writer.pendingWrites;
  }

  /** Resolves once the room accepted (or refused) every chunk handed on so far. */
  writesSettled(): Promise<void> {
    return this.writer.idle();
  }

  override get busy(): boolean {
    return super.busy || this.writer.pendingWrites > 0;
  }

  override dispose(): void {
    this.writer.closed = true;
    super.dispose();
  }
}
