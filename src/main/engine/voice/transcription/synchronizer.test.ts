import { describe, expect, it } from 'vitest';
import { silenceFrame, type AudioFrame } from '../../audio/frame';
import type { TimerHandle } from '../../base/clock';
import { VirtualClock } from '../../base/virtual-clock';
import { AudioOutput, TextOutput, type PlaybackFinishedEvent } from '../io';
import { transcriptAtPosition } from './estimate';
import { TranscriptSynchronizer } from './synchronizer';

/** Plays in virtual real time: a segment finishes when its pushed audio has played after flush. */
class PlayingSink extends AudioOutput {
  private segStart: number | null = null;
  private pushedMs = 0;
  private timer: TimerHandle | null = null;
  paused = false;

  constructor(private readonly clock: VirtualClock) {
    super('test.PlayingSink', { pause: true }, null, 24000);
  }

  override async captureFrame(frame: AudioFrame): Promise<void> {
    await super.captureFrame(frame);
    if (this.segStart === null) {
      this.segStart = this.clock.instantMs;
      this.onPlaybackStarted({ createdAt: this.segStart });
    }
    this.pushedMs += (frame.samplesPerChannel / frame.sampleRate) * 1000;
  }

  override flush(): void {
    super.flush();
    if (this.segStart === null) return;
    const remaining = this.segStart + this.pushedMs - this.clock.instantMs;
    this.timer = this.clock.setTimer(() => this.finish(this.pushedMs, false), remaining);
  }

  clearBuffer(): void {
    if (this.segStart === null) return;
    this.timer?.cancel();
    this.finish(Math.min(this.pushedMs, this.clock.instantMs - this.segStart), true);
  }

  private finish(positionMs: number, interrupted: boolean): void {
    this.segStart = null;
    this.pushedMs = 0;
    this.timer = null;
    this.onPlaybackFinished({ playbackPositionMs: positionMs, interrupted, synchronizedTranscript: null });
  }
}

class RecordingText extends TextOutput {
  readonly chunks: Array<{ t: number; text: string }> = [];
  flushes = 0;
  constructor(private readonly clock: VirtualClock) {
    super('test.RecordingText');
  }
  async captureText(text: string): Promise<void> {
    this.chunks.push({ t: this.clock.instantMs, text });
  }
  flush(): void {
    this.flushes += 1;
  }
  get text(): string {
    return this.chunks.map((c) => c.text).join('');
  }
}

const TEXT = 'Here is a long story for you, about a dragon who learned to sing beautiful songs. The end.';

function setup() {
  const clock = new VirtualClock();
  const sink = new PlayingSink(clock);
  const text = new RecordingText(clock);
  const warnings: string[] = [];
  const sync = new TranscriptSynchronizer({
    clock,
    nextInChainAudio: sink,
    nextInChainText: text,
    onWarning: (m) => warnings.push(m),
  });
  const finished: PlaybackFinishedEvent[] = [];
  sync.audioOutput.on('playback_finished', (ev) => finished.push(ev));
  return { clock, sink, text, sync, finished, warnings };
}

/** Pushes a reply the way the forwarding code does: text in chunks, then audio, both flushed. */
async function pushReply(sync: TranscriptSynchronizer, reply: string, audioMs: number): Promise<void> {
  for (let i = 0; i < reply.length; i += 3) await sync.textOutput.captureText(reply.slice(i, i + 3));
  sync.textOutput.flush();
  for (let t = 0; t < audioMs; t += 10) await sync.audioOutput.captureFrame(silenceFrame(10, 24000));
  sync.audioOutput.flush();
}

describe('TranscriptSynchronizer', () => {
  it('releases words over the audio duration and reports the whole text when playback completes', async () => {
    const { clock, text, sync, finished } = setup();
    await pushReply(sync, TEXT, 6000);
    await clock.runUntil(3000);
    const midway = text.text;
    expect(midway.length).toBeGreaterThan(TEXT.length * 0.3);
    expect(midway.length).toBeLessThan(TEXT.length * 0.7);
    expect(TEXT.startsWith(midway)).toBe(true);
    await clock.runUntil(7000);
    expect(finished).toEqual([
      { playbackPositionMs: 6000, interrupted: false, synchronizedTranscript: TEXT },
    ]);
    expect(text.text).toBe(TEXT);
    expect(text.flushes).toBe(1);
    // paced, not dumped: the last word arrives near the end of the audio
    expect(text.chunks[text.chunks.length - 1].t).toBeGreaterThan(5000);
    await sync.close();
    expect(sync.pendingWork()).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('on interruption the transcript holds only the words heard', async () => {
    const { clock, sink, sync, finished } = setup();
    await pushReply(sync, TEXT, 6000);
    await clock.runUntil(2000);
    sink.clearBuffer();
    await clock.settle();
    expect(finished).toHaveLength(1);
    const ev = finished[0];
    expect(ev.interrupted).toBe(true);
    expect(ev.playbackPositionMs).toBe(2000);
    const heard = ev.synchronizedTranscript ?? '';
    expect(TEXT.startsWith(heard)).toBe(true);
    // the live pacing agrees with the closed-form estimate (within one word)
    const estimate = transcriptAtPosition(TEXT, 2000, 6000);
    expect(Math.abs(heard.split(' ').length - estimate.split(' ').length)).toBeLessThanOrEqual(1);
    expect(heard.length).toBeGreaterThan(0);
    expect(heard.length).toBeLessThan(TEXT.length / 2);
    await sync.close();
    expect(sync.pendingWork()).toEqual([]);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('holds words back while paused', async () => {
    const { clock, text, sync } = setup();
    await pushReply(sync, TEXT, 6000);
    await clock.runUntil(1000);
    sync.audioOutput.pause();
    await clock.runUntil(1600); // the word being timed at the pause may still complete
    const atPause = text.chunks.length;
    await clock.runUntil(4000);
    expect(text.chunks.length).toBe(atPause);
    sync.audioOutput.resume();
    await clock.runUntil(4600);
    expect(text.chunks.length).toBeGreaterThan(atPause);
    await sync.close();
  });

  it('starts a fresh segment after each playback, so consecutive replies both synchronize', async () => {
    const { clock, sink, sync, finished } = setup();
    await pushReply(sync, 'First reply here.', 1000);
    await clock.runUntil(1500);
    await pushReply(sync, 'Second reply is a little longer than the first.', 4000);
    await clock.runUntil(2500);
    sink.clearBuffer();
    await clock.settle();
    expect(finished.map((f) => f.synchronizedTranscript)).toEqual(['First reply here.', expect.any(String)]);
    const second = finished[1].synchronizedTranscript ?? '';
    expect('Second reply is a little longer than the first.'.startsWith(second)).toBe(true);
    expect(second.length).toBeGreaterThan(0);
    expect(second).not.toBe('Second reply is a little longer than the first.');
    await sync.close();
  });

  it('passes everything through when disabled', async () => {
    const { clock, text, sync, finished } = setup();
    sync.setEnabled(false);
    await sync.barrier();
    await pushReply(sync, 'Hello world.', 500);
    expect(text.text).toBe('Hello world.'); // immediately, not paced
    await clock.runUntil(1000);
    expect(finished).toEqual([{ playbackPositionMs: 500, interrupted: false, synchronizedTranscript: null }]);
    await sync.close();
    expect(sync.pendingWork()).toEqual([]);
  });

  it('rotates when text was flushed without audio, and closes cleanly mid-segment', async () => {
    const { clock, text, sync, finished } = setup();
    await sync.textOutput.captureText('Nothing to play.');
    sync.textOutput.flush();
    sync.audioOutput.flush();
    await clock.settle();
    expect(finished).toEqual([]);
    expect(text.text).toBe('');
    await pushReply(sync, TEXT, 6000);
    await clock.runUntil(1000);
    await sync.close();
    expect(sync.pendingWork()).toEqual([]);
    await clock.runUntil(8000);
    expect(clock.pendingTimerCount()).toBe(0);
    // the closed synchronizer released nothing more after close
    expect(text.text.length).toBeLessThan(TEXT.length);
  });
});

describe('transcriptAtPosition', () => {
  it('spreads syllables evenly over the audio', () => {
    const text = 'one two three four';
    expect(transcriptAtPosition(text, 0, 4000)).toBe('');
    expect(transcriptAtPosition(text, 999, 4000)).toBe('');
    expect(transcriptAtPosition(text, 1000, 4000)).toBe('one');
    expect(transcriptAtPosition(text, 2500, 4000)).toBe('one two');
    expect(transcriptAtPosition(text, 4000, 4000)).toBe(text);
    // a long word takes longer than a short one
    expect(transcriptAtPosition('beautiful day', 2000, 4000)).toBe('');
    expect(transcriptAtPosition('beautiful day', 3000, 4000)).toBe('beautiful');
  });
});
