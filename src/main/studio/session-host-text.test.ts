import { describe, expect, it } from 'vitest';
import type { StudioConfigInput } from '../../shared/config';
import { hostRig, scriptedProviders } from './testing/host-rig';

const FIRST = 'The first answer is long.';
const SECOND = 'The second answer.';

/** Text mode on the simulated LLM with two scripted answers, each with 3 s of audio. */
const config = (textInputInterrupts?: boolean): StudioConfigInput => ({
  inputMode: 'text',
  options: textInputInterrupts === undefined ? {} : { textInputInterrupts },
  providers: {
    llm: {
      provider: 'simulated',
      ttftMs: 100,
      tokensPerSecond: 40,
      responses: [
        { input: 'first', content: FIRST },
        { input: 'second', content: SECOND },
      ],
    },
  },
});
const tts = scriptedProviders([
  { input: FIRST, audioDurationMs: 3000, ttfbMs: 50, durationMs: 100 },
  { input: SECOND, audioDurationMs: 3000, ttfbMs: 50, durationMs: 100 },
]);

async function typeTwice(textInputInterrupts?: boolean) {
  const r = hostRig({ createProviders: tts });
  await r.drive(r.host.handlers.startSession({ config: config(textInputInterrupts) }));
  await r.drive(r.host.handlers.sendText({ text: 'first' }));
  await r.clock.advance(1500); // the first answer is playing
  const sent = await r.drive(r.host.handlers.sendText({ text: 'second' }));
  await r.clock.advance(8000);
  const said = r
    .ofType('conversation_item_added')
    .flatMap((e) =>
      e.item.type === 'message'
        ? [`${e.item.role}:${e.item.content}${e.item.interrupted ? ' (interrupted)' : ''}`]
        : [],
    );
  await r.drive(r.host.handlers.stopSession({}));
  return { r, sent, said };
}

describe('SessionHost sendText', () => {
  it('a typed turn interrupts the reply being spoken and answers the new text (the default)', async () => {
    const { r, sent, said } = await typeTwice();
    expect(sent).toEqual({ ok: true, value: { accepted: true } });
    expect(said[0]).toBe('user:first');
    expect(said[1]).toMatch(/^assistant:The first.* \(interrupted\)$/);
    expect(said.slice(2)).toEqual(['user:second', `assistant:${SECOND}`]);
    const cut = r.ofType('speech_lifecycle').filter((e) => e.state === 'interrupted');
    expect(cut.map((e) => e.cause)).toEqual(['text_input']);
    expect(r.host.pendingWork()).toEqual([]);
  });

  it('with options.textInputInterrupts false the typed turn waits for the reply being spoken', async () => {
    const { r, said } = await typeTwice(false);
    expect(said).toEqual(['user:first', 'user:second', `assistant:${FIRST}`, `assistant:${SECOND}`]);
    expect(r.ofType('speech_lifecycle').filter((e) => e.state === 'interrupted')).toEqual([]);
  });
});
