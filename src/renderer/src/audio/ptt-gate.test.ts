import { describe, expect, it } from 'vitest';
import { PttGate } from './ptt-gate';

describe('PttGate', () => {
  it('off by default: every chunk passes and the key means nothing', () => {
    const g = new PttGate();
    expect(g.isEnabled()).toBe(false);
    expect(g.passes()).toBe(true);
    expect(g.press()).toBe(false);
    expect(g.release()).toBe(false);
    expect(g.passes()).toBe(true);
  });

  it('on: chunks pass only while held; one commit per release, none for repeats', () => {
    const g = new PttGate();
    g.setEnabled(true);
    expect(g.passes()).toBe(false);
    expect(g.press()).toBe(true);
    expect(g.press()).toBe(false); // key repeat
    expect(g.passes()).toBe(true);
    expect(g.release()).toBe(true);
    expect(g.release()).toBe(false); // a second key-up (or blur) commits nothing
    expect(g.passes()).toBe(false);
  });

  it('turning it off mid-hold opens the gate and forgets the hold without a commit', () => {
    const g = new PttGate();
    g.setEnabled(true);
    g.press();
    g.setEnabled(false);
    expect(g.isHeld()).toBe(false);
    expect(g.passes()).toBe(true);
    expect(g.release()).toBe(false);
  });
});
