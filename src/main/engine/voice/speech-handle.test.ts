import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../base/virtual-clock';
import { CancelledError, Future, TaskOwner } from '../base/tasks';
import type { ChatItem } from '../llm/chat-context';
import {
  INTERRUPTION_TIMEOUT_MS,
  SPEECH_PRIORITY_HIGH,
  SPEECH_PRIORITY_LOW,
  SPEECH_PRIORITY_NORMAL,
  SpeechHandle,
  speechTaskContext,
  type SpeechHandleState,
} from './speech-handle';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

function make(clock = new VirtualClock(), allowInterruptions = true): SpeechHandle {
  return SpeechHandle.create({ clock, allowInterruptions });
}

describe('SpeechHandle basics', () => {
  it('has upstream priorities, a speech_ id and default input details', () => {
    expect([SPEECH_PRIORITY_LOW, SPEECH_PRIORITY_NORMAL, SPEECH_PRIORITY_HIGH]).toEqual([0, 5, 10]);
    expect(SpeechHandle.SPEECH_PRIORITY_HIGH).toBe(10);
    const a = make();
    const b = make();
    expect(a.id).toMatch(/^speech_/);
    expect(a.id).not.toBe(b.id);
    expect(a.inputDetails).toEqual({ modality: 'audio' });
    expect(a.allowInterruptions).toBe(true);
    expect(a.numSteps).toBe(1);
    expect(a.generationId).toBe(`${a.id}_1`);
    expect(a.parentGenerationId).toBeNull();
    a.numSteps += 1;
    expect(a.parentGenerationId).toBe(`${a.id}_1`);
    expect(a.generationId).toBe(`${a.id}_2`);
  });

  it('refuses interrupt() without force when interruptions are disallowed', () => {
    const h = make(new VirtualClock(), false);
    expect(() => h.interrupt()).toThrow('does not allow interruptions');
    expect(h.interrupted).toBe(false);
    h.interrupt({ force: true });
    expect(h.interrupted).toBe(true);
  });

  it('cannot disable interruptions once interrupted, but can re-enable', () => {
    const h = make();
    h.allowInterruptions = false;
    h.allowInterruptions = true;
    h.interrupt();
    expect(() => (h.allowInterruptions = false)).toThrow('already interrupted');
    h.allowInterruptions = true;
    expect(h.allowInterruptions).toBe(true);
  });

  it('interrupting a done speech does nothing', () => {
    const h = make();
    h.markDone();
    h.interrupt();
    expect(h.interrupted).toBe(false);
  });
});

describe('SpeechHandle lifecycle', () => {
  it('reports states to listeners and runs done callbacks once, deferred', async () => {
    const h = make();
    const states: SpeechHandleState[] = [];
    const off = h.onStateChange((s) => states.push(s));
    const done: string[] = [];
    h.addDoneCallback((x) => done.push(x.id));
    const removed = (): void => void done.push('removed');
    h.addDoneCallback(removed);
    h.removeDoneCallback(removed);
    h.markScheduled();
    h.markScheduled();
    h.authorizeGeneration();
    h.clearAuthorization();
    h.markGenerationDone();
    h.markDone();
    expect(done).toEqual([]); // deferred like asyncio
    await Promise.resolve();
    h.markDone();
    await tick();
    expect(done).toEqual([h.id]);
    expect(states).toEqual(['scheduled', 'authorized', 'authorization_cleared', 'generation_done', 'done']);
    off();
    expect(h.scheduled).toBe(true);
    expect(h.done()).toBe(true);
  });

  it('a throwing callback does not stop the others', async () => {
    const errors: string[] = [];
    const h = SpeechHandle.create({ clock: new VirtualClock(), onCallbackError: (w) => errors.push(w) });
    const seen: string[] = [];
    h.addDoneCallback(() => {
      throw new Error('boom');
    });
    h.addDoneCallback(() => seen.push('ok'));
    h.onStateChange(() => {
      throw new Error('bad listener');
    });
    h.markDone();
    await tick();
    expect(seen).toEqual(['ok']);
    expect(errors).toEqual(['state listener', 'done callback']);
  });

  it('authorization gates each generation step', async () => {
    const h = make();
    await expect(h.waitForGeneration()).rejects.toThrow('no active generation');
    expect(() => h.markGenerationDone()).toThrow('no active generation');
    let authorized = false;
    const w = h.waitForAuthorization().then(() => (authorized = true));
    await tick();
    expect(authorized).toBe(false);
    h.authorizeGeneration();
    await w;
    expect(h.authorized).toBe(true);
    h.clearAuthorization();
    expect(h.authorized).toBe(false);

    let genDone = false;
    const g = h.waitForGeneration().then(() => (genDone = true));
    await tick();
    expect(genDone).toBe(false);
    h.markGenerationDone();
    await g;

    // second step: a fresh generation future
    h.authorizeGeneration();
    let gen2 = false;
    const g2 = h.waitForGeneration().then(() => (gen2 = true));
    await h.waitForGeneration(0); // the first step is already done
    await tick();
    expect(gen2).toBe(false);
    h.markDone(); // done also ends the last generation
    await g2;
    expect(gen2).toBe(true);
  });

  it('waitForAuthorization rejects on abort', async () => {
    const h = make();
    const ctrl = new AbortController();
    const p = h.waitForAuthorization(ctrl.signal);
    ctrl.abort(new CancelledError('stop'));
    await expect(p).rejects.toThrow('stop');
  });

  it('waitForPlayout resolves when done and refuses the tool-owned circular wait', async () => {
    const h = make();
    let played = false;
    const p = h.waitForPlayout().then(() => (played = true));
    await tick();
    expect(played).toBe(false);
    await speechTaskContext.run({ speechHandle: h, functionCallName: 'lookup' }, async () => {
      await expect(h.waitForPlayout()).rejects.toThrow('function tool `lookup`');
    });
    h.markDone();
    await p;
    expect(played).toBe(true);
  });

  it('records chat items and notifies item observers', () => {
    const h = make();
    const seen: string[] = [];
    const cb = (it: ChatItem): void => void seen.push(it.id);
    h.addItemAddedCallback(cb);
    const item: ChatItem = {
      type: 'message',
      id: 'item_a',
      role: 'assistant',
      content: 'hi',
      interrupted: false,
      createdAt: 0,
    };
    h.itemAdded([item]);
    h.removeItemAddedCallback(cb);
    h.itemAdded([{ ...item, id: 'item_b' }]);
    expect(seen).toEqual(['item_a']);
    expect(h.chatItems.map((i) => i.id)).toEqual(['item_a', 'item_b']);
  });
});

describe('SpeechHandle interruption', () => {
  it('waitIfNotInterrupted returns on interrupt or when all promises settle', async () => {
    const h = make();
    const never = new Future<void>();
    const p = h.waitIfNotInterrupted([never.promise]);
    let back = false;
    void p.then(() => (back = true)); // observed below
    await tick();
    expect(back).toBe(false);
    h.interrupt();
    await p;
    expect(back).toBe(true);

    const h2 = make();
    const f = new Future<void>();
    const failing = Promise.reject(new Error('x'));
    const q = h2.waitIfNotInterrupted([f.promise, failing]);
    f.resolve();
    await q; // a failure among the promises is not thrown

    const h3 = make();
    const ctrl = new AbortController();
    const r = h3.waitIfNotInterrupted([never.promise], ctrl.signal);
    ctrl.abort(new CancelledError('gone'));
    await expect(r).rejects.toThrow('gone');
  });

  it('cancels its tasks and marks itself done when not done in time after interruption', async () => {
    const clock = new VirtualClock();
    const h = make(clock);
    const owner = new TaskOwner();
    const states: SpeechHandleState[] = [];
    h.onStateChange((s) => states.push(s));
    let cancelledAt = -1;
    const task = owner.spawn('stuck', async (signal) => {
      try {
        await new Promise<void>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      } finally {
        cancelledAt = clock.instantMs;
      }
    });
    h.tasks.push(task);
    h.authorizeGeneration();
    h.interrupt();
    expect(h.hasPendingTimer).toBe(true);
    await clock.runUntil(INTERRUPTION_TIMEOUT_MS - 1);
    expect(h.done()).toBe(false);
    await clock.runUntil(INTERRUPTION_TIMEOUT_MS + 10);
    expect(h.done()).toBe(true);
    await task.promise.catch(() => undefined);
    expect(cancelledAt).toBe(INTERRUPTION_TIMEOUT_MS);
    expect(states).toEqual(['authorized', 'interrupted', 'interrupt_timeout', 'generation_done', 'done']);
    expect(h.hasPendingTimer).toBe(false);
    expect(clock.pendingTimerCount()).toBe(0);
  });

  it('markDone disarms the interruption timeout', async () => {
    const clock = new VirtualClock();
    const h = make(clock);
    h.interrupt();
    h.interrupt(); // second interrupt arms nothing new
    expect(clock.pendingTimerCount()).toBe(1);
    h.markDone();
    expect(clock.pendingTimerCount()).toBe(0);
    expect(h.interrupted).toBe(true);
    await h.waitForInterrupt();
  });
});
