/**
 * The audio the engine hears, as it hears it: wraps any AudioInput (microphone, LiveKit room,
 * simulated caller, scenario) and hands each frame the engine reads to a listener with the
 * event-clock time of its first sample — the recorder's user track. A frame is read when it has
 * just been captured, so it started one frame's duration ago; start times within `snapMs` of
 * where the previous frame ended are taken as contiguous, so read jitter adds no gaps or overlaps.
 */
import { type AudioFrame, type AudioInput, type Clock, frameDurationMs } from '../engine';

export function tapAudioInput(
  input: AudioInput,
  clock: Pick<Clock, 'now'>,
  onFrame: (tMs: number, frame: AudioFrame) => void,
  snapMs = 30,
): AudioInput {
  let lastEnd: number | null = null;
  return {
    label: input.label,
    [Symbol.asyncIterator](): AsyncIterator<AudioFrame> {
      const it = input[Symbol.asyncIterator]();
      return {
        next: async () => {
          const r = await it.next();
          if (!r.done) {
            const d = frameDurationMs(r.value);
            let t = Math.max(0, clock.now() - d);
            if (lastEnd !== null && Math.abs(t - lastEnd) <= snapMs) t = lastEnd;
            lastEnd = t + d;
            try {
              onFrame(t, r.value);
            } catch {
              // A listener's failure must never reach the engine's input loop.
            }
          }
          return r;
        },
        return: async (value?: unknown) => (it.return ? it.return(value) : { done: true, value }),
      };
    },
  };
}
