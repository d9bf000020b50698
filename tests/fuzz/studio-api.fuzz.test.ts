/**
 * Every studio API command under arbitrary input, as a transport delivers it (the command router
 * over a real SessionHost on a virtual clock): each call answers `ok` or a typed error with a
 * message — no handler throws (the router would log "command handler failed") — and a session
 * that was running goes on answering.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StudioConfigInput } from '../../src/shared/config';
import { CommandInputs, type CommandName } from '../../src/shared/studio-api';
import { createCommandRouter } from '../../src/main/studio/command-router';
import { hostRig, scriptedProviders } from '../../src/main/studio/testing/host-rig';
import { anyJson, fuzzParams, mutationOf, withinBudget } from './fuzz-support';

const REPLY = 'Hello from the fuzzed studio.';
const textConfig: StudioConfigInput = {
  inputMode: 'text',
  providers: {
    llm: {
      provider: 'simulated',
      ttftMs: 50,
      tokensPerSecond: 200,
      responses: [{ input: 'hello', content: REPLY }],
    },
  },
};
const commandNames = Object.keys(CommandInputs) as CommandName[];

/** A plausible input for `command` (right shape, odd values) or anything at all. */
function inputFor(command: string): fc.Arbitrary<unknown> {
  const text = fc.oneof(
    fc.string({ maxLength: 50 }),
    fc.constant('hello'),
    fc.string({ unit: 'binary', maxLength: 30 }),
  );
  const tailored: Record<string, fc.Arbitrary<unknown>> = {
    ping: fc.record({ nonce: text }),
    startSession: fc.record({ config: fc.oneof(mutationOf(textConfig), anyJson, fc.constant(textConfig)) }),
    updateConfig: fc.record({ config: fc.oneof(mutationOf(textConfig), anyJson) }),
    stopSession: fc.record({ drain: fc.boolean() }),
    sendText: fc.record({ text }),
    say: fc.record({ text, allowInterruptions: fc.boolean() }),
    generateReply: fc.record({ instructions: text, userInput: text }, { requiredKeys: [] }),
    interrupt: fc.record({ force: fc.boolean() }),
    openRecording: fc.record({
      id: fc.oneof(text, fc.constantFrom('../../etc/passwd', 'a/b', '..', 'x'.repeat(400))),
    }),
    savePreset: fc.record(
      { name: text, config: fc.oneof(mutationOf(textConfig), anyJson) },
      { requiredKeys: ['name'] },
    ),
    loadPreset: fc.record({ name: fc.oneof(text, fc.constantFrom('CON', '../x', 'nul.txt')) }),
    deletePreset: fc.record({ name: text }),
    pushAudio: fc.record({
      sessionId: text,
      sampleRate: fc.oneof(fc.constantFrom(8000, 16000, 48000), fc.integer()),
      channels: fc.integer({ min: 0, max: 3 }),
      pcmBase64: fc.oneof(fc.base64String({ maxLength: 400 }), text),
    }),
    reportMicrophone: fc.record({
      sessionId: text,
      problem: fc.constantFrom('denied', 'missing', 'failed', 'x'),
      message: text,
    }),
  };
  return fc.oneof(
    { weight: 3, arbitrary: Object.hasOwn(tailored, command) ? tailored[command] : fc.constant({}) },
    { weight: 1, arbitrary: anyJson },
  );
}

const call = fc
  .oneof(
    { weight: 9, arbitrary: fc.constantFrom(...commandNames) },
    { weight: 1, arbitrary: fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'toString')) },
  )
  .chain((command) => fc.tuple(fc.constant(command), inputFor(command)));

describe('studio API under arbitrary commands', () => {
  it('each call answers ok or a typed error; no handler throws; a running session keeps answering', async () => {
    let answered = 0;
    const accepted = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(call, { minLength: 1, maxLength: 4 }),
        async (startFirst, calls) => {
          const r = hostRig({
            createProviders: scriptedProviders([
              { input: REPLY, audioDurationMs: 400, ttfbMs: 50, durationMs: 100 },
            ]),
          });
          const router = createCommandRouter(r.host.handlers, r.logger);
          try {
            if (startFirst) {
              const started = await r.drive(router('startSession', { config: textConfig }));
              expect(started.ok).toBe(true);
            }
            for (const [command, input] of calls) {
              const res = await withinBudget(`${String(command)}`, () => r.drive(router(command, input)));
              answered++;
              if (res.ok) accepted.add(String(command));
              if (!res.ok) {
                expect(typeof res.error.code).toBe('string');
                expect(res.error.message.length).toBeGreaterThan(0);
              }
            }
            const failed = r.logger.records.filter((x) => x.msg === 'command handler failed');
            expect(failed, JSON.stringify(failed)).toEqual([]);
            const state = await r.drive(router('getState', {}));
            expect(state.ok).toBe(true);
          } finally {
            await r.drive(router('stopSession', { drain: false }));
          }
        },
      ),
      fuzzParams(250),
    );
    // The inputs reached the handlers, not only the schema: most commands succeeded at least once.
    expect(accepted.size).toBeGreaterThanOrEqual(12);
    expect(answered).toBeGreaterThan(250);
  }, 180_000);
});
