import { describe, expect, it } from 'vitest';
import type { SessionOptionsInput } from '../../../shared/config';
import type { ChatItem } from '../llm/chat-context';
import { makeRig } from '../testing/session-rig';
import { Agent } from './agent';
import type { SpeechHandle } from './speech-handle';
import { TypedTextInput } from './text-input';

const TURNS = 30;
const GAP_MS = 100;
const AUDIO_MS = 3000;

/** A session whose every answer `a<i>` to `q<i>` speaks for 3 s, and a text input on it. */
async function typingRig(options: SessionOptionsInput = {}) {
  const rig = makeRig({ options });
  for (let i = 1; i <= TURNS; i++) {
    rig.llm.on(`q${i}`, { content: `a${i}`, ttftMs: 50, durationMs: 100 });
    rig.tts.on(`a${i}`, { audioDurationMs: AUDIO_MS, ttfbMs: 20 });
  }
  const input = new TypedTextInput(rig.session);
  await rig.start(new Agent({ instructions: 'x' }));
  return { rig, input };
}

/** Types q1..q30, one every 100 ms of virtual time; returns the replies' handles. */
async function typeQuickly(rig: ReturnType<typeof makeRig>, input: TypedTextInput) {
  const turns: Promise<SpeechHandle>[] = [];
  for (let i = 1; i <= TURNS; i++) {
    turns.push(input.submit(`q${i}`));
    await rig.run(i * GAP_MS);
  }
  return turns;
}

const said = (items: ChatItem[], role: 'user' | 'assistant') =>
  items.flatMap((i) => (i.type === 'message' && i.role === role ? [i] : []));

describe('TypedTextInput', () => {
  it('30 quick typed turns: each interrupts the reply before it, only the latest is answered, no backlog', async () => {
    const { rig, input } = await typingRig();
    const turns = await typeQuickly(rig, input);
    const lastTypedAt = TURNS * GAP_MS;
    // the last reply's audio is over 3 s after it starts: nothing is left to play after that
    await rig.run(lastTypedAt + AUDIO_MS + 1000);
    const handles = await Promise.all(turns);

    expect(handles.every((h) => h.done())).toBe(true);
    expect(handles.slice(0, -1).every((h) => h.interrupted)).toBe(true);
    expect(handles[TURNS - 1].interrupted).toBe(false);
    const interrupted = rig.of('speech_lifecycle').filter((e) => e.state === 'interrupted');
    expect(interrupted).toHaveLength(TURNS - 1);
    expect(new Set(interrupted.map((e) => e.cause))).toEqual(new Set(['text_input']));
    // every typed text is in the history, in order; the one full answer is the latest
    const history = rig.session.history.items;
    expect(said(history, 'user').map((m) => m.content)).toEqual(
      Array.from({ length: TURNS }, (_, i) => `q${i + 1}`),
    );
    const complete = said(history, 'assistant').filter((m) => !m.interrupted);
    expect(complete.map((m) => m.content)).toEqual([`a${TURNS}`]);
    expect(rig.session.agentState).toBe('listening');
    expect(input.pending).toBe(0);
    await rig.close();
    expect(rig.session.pendingWork()).toEqual([]);
  });

  it('with textInputInterrupts off, typed turns queue and are all answered in order, as before', async () => {
    const { rig, input } = await typingRig({ textInputInterrupts: false });
    const turns = await typeQuickly(rig, input);
    await rig.run(TURNS * GAP_MS + AUDIO_MS + 1000);
    // a minute and a half of stale answers is still queued at that point
    expect(rig.session.agentState).toBe('speaking');
    await rig.run(TURNS * (AUDIO_MS + 1000));
    const handles = await Promise.all(turns);
    expect(handles.every((h) => h.done() && !h.interrupted)).toBe(true);
    expect(rig.of('speech_lifecycle').filter((e) => e.state === 'interrupted')).toEqual([]);
    expect(said(rig.session.history.items, 'assistant').map((m) => m.content)).toEqual(
      Array.from({ length: TURNS }, (_, i) => `a${i + 1}`),
    );
    await rig.close();
  });

  it('a speech that forbids interruptions plays to its end, the typed turn is answered after it and a warning says why', async () => {
    const { rig, input } = await typingRig();
    rig.tts.on('Please hold.', { audioDurationMs: 2000, ttfbMs: 0 });
    const hold = rig.session.say('Please hold.', { allowInterruptions: false });
    await rig.run(500);
    const reply = input.submit('q1');
    await rig.run(6000);
    const h = await reply;
    expect(hold.interrupted).toBe(false);
    expect(h.done() && !h.interrupted).toBe(true);
    expect(said(rig.session.history.items, 'assistant').map((m) => m.content)).toEqual([
      'Please hold.',
      'a1',
    ]);
    expect(rig.of('warning').filter((w) => w.source === 'text_input')).toMatchObject([
      {
        source: 'text_input',
        message: expect.stringMatching(/typed text waits for .*does not allow interruptions/),
      },
    ]);
    await rig.close();
  });

  it('a turn the session cannot answer rejects naming why and is not left pending', async () => {
    const { rig, input } = await typingRig();
    await rig.close();
    await expect(input.submit('q1')).rejects.toThrow(/isn't running|closing/);
    expect(input.pending).toBe(0);
  });
});

describe('speech_lifecycle priority', () => {
  it('the scheduled event carries the priority the speech was queued with', async () => {
    const { rig, input } = await typingRig();
    const h = await rig.settle(input.submit('q1'));
    await rig.run(5000);
    const scheduled = rig.of('speech_lifecycle').find((e) => e.speechId === h.id && e.state === 'scheduled');
    expect(scheduled?.priority).toBe(5);
    await rig.close();
  });
});
