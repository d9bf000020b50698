/**
 * The export of real studio recordings: the demo recorded live in web mode, on the real clock
 * (fixtures/, events only — the audio is not needed). A live session differs from the scripted
 * providers (VAD end-of-speech lag, a TTS that streams before the LLM has finished, tool times,
 * the Stop cutting the caller's last words, an interim transcript beating the VAD to the
 * barge-in); the exported file must still pass, with and without pinned times.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, runScenario } from '../simulation';
import { DEFAULT_TOLERANCE_MS, exportScenarioFile, openRecordingPath } from '.';
import { testDir } from '../../../tests/fixtures/temp-dirs';

const FIXTURES = join(__dirname, 'fixtures');
/** Stopped while the caller was saying "Great," (the close committed it); barge-in by the VAD. */
const CUT_BY_STOP = join(FIXTURES, '20261207-030210-session_eed63cf3');
/** Same demo; here the barge-in came from an interim transcript before the VAD's 500 ms. */
const STT_BARGE_IN = join(FIXTURES, '20261207-030115-session_53b57dd3');

async function exportAndRun(folder: string, pinTimes: boolean) {
  const rec = await openRecordingPath(folder);
  const file = join(testDir('live-export-'), 'exported.scenario.json');
  try {
    const r = await exportScenarioFile(rec, file, { pinTimes });
    const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    // The file itself, loaded and run as `npm run scenarios` does.
    const loaded = await loadScenarioFile(file);
    if (!loaded.ok) throw new Error(`the exported file does not load: ${JSON.stringify(loaded)}`);
    const outcome = await runScenario(loaded.scenario);
    return { r, json, failures: outcome.failures.map((f) => f.message) };
  } finally {
    await rec.close();
  }
}

type Speech = { startMs: number; endMs: number; transcript: string; sttDelayMs: number };
const speeches = (json: Record<string, unknown>): Speech[] =>
  (json.script as { userSpeech?: Speech }[]).flatMap((e) => (e.userSpeech ? [e.userSpeech] : []));

describe('export of a live studio recording', () => {
  it('passes with pinned times: the Stop is a close action and the cut last words keep what the close committed', async () => {
    const { r, json, failures } = await exportAndRun(CUT_BY_STOP, true);
    expect(r.failures).toEqual([]);
    expect(failures).toEqual([]);
    const expectJson = json.expect as { agentStates: unknown[]; conversationItems: { role: string }[] };
    expect(expectJson.agentStates).toHaveLength(16);
    // The caller's "Great," was cut by the Stop and committed by the close: the last user item.
    expect(expectJson.conversationItems.at(-1)).toMatchObject({ role: 'user', content: 'Great,' });
    const last = speeches(json).at(-1)!;
    expect(last).toMatchObject({ transcript: 'Great,' });
    // The noise before it (the false interruption) has no words.
    expect(speeches(json).at(-2)!.transcript).toBe('');
    const close = (json.actions as { atMs: number; close?: object }[]).find((a) => a.close);
    expect(close, 'the Stop is exported as a close action').toBeDefined();
    // Its final comes within the close's wait for it, before the session closed.
    expect(last.endMs + last.sttDelayMs).toBeLessThan(close!.atMs + 2000);
    expect(r.notes.join('\n')).toMatch(/still speaking .* when the session was stopped/);
    expect(r.notes.join('\n')).toMatch(/TTS streamed audio before the LLM finished/);
    // The residual is measured and reported; the default tolerance covers it.
    expect(r.residualMs).not.toBeNull();
    expect(r.residualMs!).toBeLessThanOrEqual(DEFAULT_TOLERANCE_MS);
    expect(r.toleranceMs).toBe(DEFAULT_TOLERANCE_MS);
    expect(json.toleranceMs).toBe(DEFAULT_TOLERANCE_MS);
  });

  it('the reply after the tool call is timed as recorded: its text ends at the first token, the TTS first byte counts from there', async () => {
    const { json } = await exportAndRun(CUT_BY_STOP, true);
    const script = json.script as { llm?: Record<string, unknown>; tts?: Record<string, unknown> }[];
    const afterTool = script.find(
      (e) => e.llm && e.llm.input === 'Sunny, 24 degrees Celsius, light wind in Tokyo.',
    )!.llm!;
    // Recorded: first token 320 ms after the request, LLM end at 751 ms, TTS audio at 666 ms.
    expect(afterTool).toMatchObject({ ttftMs: 320, durationMs: 320 });
    const tts = script.find((e) => e.tts && String(e.tts.input).startsWith("It's sunny in Tokyo"))!.tts!;
    // From the first token to when the recorded audio began playing.
    expect(tts.ttfbMs).toBe(347);
    // The first turn ends when it did: the live VAD reported its end 576 ms after the back-dated
    // end (the scripted one takes 500 ms), and the end of turn came at 9452 ms.
    const first = (script as { userSpeech?: { endMs: number } }[]).find((e) => e.userSpeech)!.userSpeech!;
    expect(first.endMs).toBe(9452 - 500);
    // The tool takes what the recording measured, not the config's 800 ms.
    const tool = (json.agent as { tools: { name: string; delayMs: number }[] }).tools[0];
    expect(tool).toMatchObject({ name: 'get_weather', delayMs: 801 });
  });

  it('passes without pinned times (--no-times)', async () => {
    const { r, failures } = await exportAndRun(CUT_BY_STOP, false);
    expect(r.failures).toEqual([]);
    expect(failures).toEqual([]);
    expect(r.residualMs).toBeNull();
  });

  it('an interruption an interim transcript caused is pinned without its cause, with a note', async () => {
    const { r, json, failures } = await exportAndRun(STT_BARGE_IN, true);
    expect(r.failures).toEqual([]);
    expect(failures).toEqual([]);
    const events = (json.expect as { events: Record<string, unknown>[] }).events;
    const interruptions = events.filter((e) => e.type === 'interruption');
    expect(interruptions[0]).not.toHaveProperty('cause');
    expect(interruptions[1]).toMatchObject({ cause: 'vad' });
    expect(r.notes.join('\n')).toMatch(/came from an interim transcript mid-speech/);
  });
});
