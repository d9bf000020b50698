import { describe, expect, it } from 'vitest';
import { ReplayClock } from './replay-clock';

function rig(start = 1000, end = 11_000) {
  let now = 50_000;
  const clock = new ReplayClock(start, end, () => now);
  const changes: string[] = [];
  clock.subscribe(() =>
    changes.push(`${clock.playing ? 'play' : 'pause'}@${clock.position()}x${clock.speed}`),
  );
  return { clock, changes, advance: (ms: number) => (now += ms) };
}

describe('ReplayClock', () => {
  it('stays put until played, then moves with the injected time; pause holds the position', () => {
    const { clock, advance } = rig();
    advance(500);
    expect(clock.position()).toBe(1000);
    clock.play();
    advance(250);
    expect(clock.position()).toBe(1250);
    clock.pause();
    advance(1000);
    expect(clock.position()).toBe(1250);
    clock.play();
    advance(100);
    expect(clock.position()).toBe(1350);
  });

  it('speed scales the motion from the current position without a jump; outside 0.5x-2x is refused', () => {
    const { clock, advance } = rig();
    clock.play();
    advance(1000);
    clock.setSpeed(2);
    expect(clock.position()).toBe(2000);
    advance(1000);
    expect(clock.position()).toBe(4000);
    clock.setSpeed(0.5);
    advance(1000);
    expect(clock.position()).toBe(4500);
    expect(() => clock.setSpeed(3)).toThrow(/outside 0.5x-2x/);
    expect(() => clock.setSpeed(0.25)).toThrow(/outside/);
    expect(clock.speed).toBe(0.5);
  });

  it('seek moves the playhead, clamped to the recording, and playing goes on from there', () => {
    const { clock, advance } = rig();
    clock.seek(5000);
    expect(clock.position()).toBe(5000);
    clock.play();
    advance(100);
    clock.seek(8000);
    advance(100);
    expect(clock.position()).toBe(8100);
    clock.seek(-5);
    expect(clock.position()).toBe(1000);
    clock.seek(99_999);
    expect(clock.position()).toBe(11_000);
  });

  it('reaching the end pauses there; play from the end starts over', () => {
    const { clock, advance, changes } = rig();
    clock.seek(10_900);
    clock.play();
    advance(500);
    expect(clock.position()).toBe(11_000);
    expect(clock.playing).toBe(false);
    expect(changes.at(-1)).toBe('pause@11000x1');
    clock.play();
    expect(clock.position()).toBe(1000);
    expect(clock.playing).toBe(true);
  });

  it('notifies play, pause, speed and seek, not the moving playhead', () => {
    const { clock, advance, changes } = rig();
    clock.play();
    advance(100);
    clock.position();
    clock.setSpeed(1.5);
    clock.seek(3000);
    clock.pause();
    expect(changes).toEqual(['play@1000x1', 'play@1100x1.5', 'play@3000x1.5', 'pause@3000x1.5']);
  });
});
