/**
 * Issue 8: the engine takes at most `maxReplyChars` characters from one reply (an LLM step or a
 * `say`); the rest is not spoken, shown or kept, a `warning` says which limit to raise, and the
 * session goes on. Everything runs on the virtual clock.
 */
import { describe, expect, it } from 'vitest';
import { Agent } from '../agent';
import { cutIndex, REPLY_CAP_SOURCE } from '../generation/reply-cap';
import { makeRig, type Rig } from '../../testing/session-rig';

const LONG = 'This sentence is long enough to be spoken. '.repeat(10); // 430 characters

const assistantTexts = (rig: Rig): string[] =>
  rig.session.history.items.flatMap((i) =>
    i.type === 'message' && i.role === 'assistant' ? [i.content] : [],
  );
const capWarnings = (rig: Rig) => rig.of('warning').filter((w) => w.source === REPLY_CAP_SOURCE);

describe('maxReplyChars', () => {
  it('is 100,000 characters unless configured', () => {
    expect(makeRig().session.options.maxReplyChars).toBe(100_000);
  });

  it('cuts an LLM reply at the limit, warns once, closes the LLM stream, and answers the next turn', async () => {
    const rig = makeRig({
      options: { preemptiveGeneration: false, maxReplyChars: 100 },
      speeches: [
        { startMs: 500, endMs: 1500, transcript: 'Tell me everything.' },
        { startMs: 12_000, endMs: 13_000, transcript: 'Thanks.' },
      ],
    });
    rig.llm.on('Tell me everything.', { content: LONG, ttftMs: 100, durationMs: 5000 });
    rig.llm.on('Thanks.', { content: 'You are welcome.', ttftMs: 100, durationMs: 300 });
    await rig.start(new Agent({ instructions: 'be brief' }));
    await rig.run(20_000);

    const warnings = capWarnings(rig);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(
      /^LLM reply \(speech_\w+\) has more than 100 characters: cut after 100/,
    );
    expect(warnings[0].message).toContain('Raise the session option maxReplyChars (now 100)');
    expect(assistantTexts(rig)).toEqual([LONG.slice(0, 100), 'You are welcome.']);
    // what reached the TTS is the kept part only
    expect(rig.tts.inputs.join('')).toBe(`${LONG.slice(0, 100)}You are welcome.`);
    // the LLM stream was closed at the cut, long before its scripted end at 5,000 ms
    expect(rig.llm.unclosedStreams()).toEqual([]);
    const ends = rig.of('llm_request').filter((e) => e.phase === 'end');
    expect(ends.map((e) => ('error' in e ? e.error : undefined))).toEqual([undefined, undefined]);
    expect(rig.of('close')).toEqual([]);
    await rig.close();
  });

  it('leaves a reply within the limit alone (no warning)', async () => {
    const rig = makeRig({
      options: { preemptiveGeneration: false, maxReplyChars: LONG.length },
      speeches: [{ startMs: 500, endMs: 1500, transcript: 'Tell me everything.' }],
    });
    rig.llm.on('Tell me everything.', { content: LONG, ttftMs: 100, durationMs: 300 });
    await rig.start(new Agent({ instructions: 'be brief' }));
    await rig.run(10_000);
    expect(capWarnings(rig)).toEqual([]);
    expect(assistantTexts(rig)).toEqual([LONG]);
    await rig.close();
  });

  it('cuts a say text (string), in the history and in the speech trace, and the next say is spoken', async () => {
    const rig = makeRig({ options: { maxReplyChars: 50 } });
    await rig.start(new Agent({ instructions: 'x' }));
    const first = rig.session.say(LONG);
    await rig.settle(first.waitForPlayout());
    const second = rig.session.say('Short one.');
    await rig.settle(second.waitForPlayout());

    const warnings = capWarnings(rig);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toMatch(/^say text \(speech_\w+\) has 430 characters: cut after 50/);
    expect(assistantTexts(rig)).toEqual([LONG.slice(0, 50), 'Short one.']);
    const created = rig.of('speech_lifecycle').filter((e) => e.state === 'created');
    expect(created.map((e) => ('text' in e ? e.text : undefined))).toEqual([LONG.slice(0, 50), 'Short one.']);
    await rig.close();
  });

  it('cuts a streamed say text and stops reading the stream', async () => {
    const rig = makeRig({ options: { maxReplyChars: 50 } });
    await rig.start(new Agent({ instructions: 'x' }));
    let pulled = 0;
    async function* source(): AsyncGenerator<string> {
      for (let i = 0; i < 1000; i += 1) {
        pulled += 1;
        yield 'twenty characters.. ';
      }
    }
    const h = rig.session.say(source());
    await rig.settle(h.waitForPlayout());
    expect(capWarnings(rig)).toHaveLength(1);
    expect(assistantTexts(rig)).toEqual(['twenty characters.. '.repeat(3).slice(0, 50)]);
    expect(pulled).toBe(3);
    await rig.close();
  });

  it("cuts an agent's onEnter say", async () => {
    const rig = makeRig({ options: { maxReplyChars: 64 } });
    class Greeter extends Agent {
      override async onEnter(): Promise<void> {
        this.session.say('Welcome! '.repeat(4000));
      }
    }
    await rig.start(new Greeter({ instructions: 'x' }));
    await rig.run(10_000);
    expect(capWarnings(rig)).toHaveLength(1);
    expect(assistantTexts(rig)).toEqual(['Welcome! '.repeat(4000).slice(0, 64)]);
    await rig.close();
  });

  it('never cuts inside a surrogate pair', () => {
    expect(cutIndex('ab😀c', 3)).toBe(2);
    expect(cutIndex('ab😀c', 4)).toBe(4);
    expect(cutIndex('abc', 10)).toBe(3);
  });

  it('refuses a limit that is not a positive integer, naming the field', () => {
    expect(() => makeRig({ options: { maxReplyChars: 0 } })).toThrow(/maxReplyChars/);
  });
});
