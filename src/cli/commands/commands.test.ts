/**
 * The CLI helpers as a user runs them: real espeak-ng, real Silero, a local OpenAI-compatible
 * server for the openai provider. Each test checks the exit code, what went to stdout and that an
 * error is one line on stderr. The commands run in this process through the dispatcher (`main`,
 * output captured, exit code returned); the key store test also runs `studio.ts` as a real child
 * process with a piped stdin, which proves the entry point itself (argv, stdin, exit status).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readWav } from '../../main/io/wav';
import { OpenAITestServer } from '../../main/providers/testing/openai-test-server';
import { runInProcess, type CliResult } from '../in-process';
import { main } from '../studio';

let dir: string;
let server: OpenAITestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'studio-cli-helpers-'));
  server = await OpenAITestServer.start({ lifetimeMs: 600_000, defaultReply: 'Hello from the test server.' });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A clean key environment: no OPENAI_API_KEY and a key file that does not exist. */
const cleanKeys = () => ({
  OPENAI_API_KEY: undefined,
  VOICE_AGENT_STUDIO_KEY_FILE: join(dir, 'no-keys.json'),
});

/** Runs `studio ARGS` in this process with a clean key environment. */
function cli(args: string[], env: Record<string, string> = {}, input?: string): Promise<CliResult> {
  return runInProcess(main, args, { env: { ...cleanKeys(), ...env }, input });
}

/** Runs `studio ARGS` as a real child process (node + tsx), stdin piped, with a clean key environment. */
function cliProcess(
  args: string[],
  env: Record<string, string>,
  input: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { OPENAI_API_KEY: _drop, ...base } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/studio.ts', ...args], {
    env: { ...base, VOICE_AGENT_STUDIO_KEY_FILE: join(dir, 'no-keys.json'), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stdin.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const rms = (d: Int16Array) => Math.sqrt(d.reduce((s, v) => s + v * v, 0) / Math.max(1, d.length));

describe('studio vad', { timeout: 60_000 }, () => {
  it('finds the speech espeak-ng put between two seconds of silence', async () => {
    const speech = join(dir, 'speech.wav');
    const padded = join(dir, 'padded.wav');
    execFileSync('espeak-ng', ['-w', speech, 'Hello there, this is a test of the voice activity detector.']);
    execFileSync('sox', [speech, padded, 'pad', '1', '1']);
    const spoken = readWav(speech);
    const speechMs = (spoken.data.length / spoken.sampleRate) * 1000;
    const r = await cli(['vad', padded]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      segments: Array<{ startMs: number; endMs: number }>;
      durationMs: number;
      sampleRate: number;
    };
    expect(out.sampleRate).toBe(22050);
    expect(Math.abs(out.durationMs - (speechMs + 2000))).toBeLessThan(5);
    expect(out.segments).toHaveLength(1);
    // espeak-ng leaves a little silence of its own around the words.
    expect(out.segments[0].startMs).toBeGreaterThan(950);
    expect(out.segments[0].startMs).toBeLessThan(1250);
    expect(out.segments[0].endMs).toBeGreaterThan(1000 + speechMs - 400);
    expect(out.segments[0].endMs).toBeLessThan(1000 + speechMs + 100);
  });

  it('rejects a WAV that is not 16-bit PCM with one clear line, and bad usage with exit 2', async () => {
    const float = join(dir, 'float.wav');
    execFileSync('sox', [
      '-n',
      '-r',
      '16000',
      '-c',
      '1',
      '-e',
      'floating-point',
      '-b',
      '32',
      float,
      'trim',
      '0',
      '0.5',
    ]);
    const r = await cli(['vad', float]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `studio vad: ${float}: expected 16-bit integer PCM, got 32-bit IEEE float (1 channel(s), 16000 Hz); convert it, e.g. sox IN -b 16 -e signed-integer OUT.wav\n`,
    );
    const usage = await cli(['vad']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^studio vad: expected one WAV file, got 0 arguments\nusage: studio vad /);
  });
});

describe('studio tts', { timeout: 60_000 }, () => {
  it('writes a valid, non-silent WAV with the local voice', async () => {
    const out = join(dir, 'local.wav');
    const r = await cli(['tts', '--provider', 'local', 'The local voice speaks this sentence.', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/local\.wav: \d\.\d\d s at 22050 Hz from local-tts\.espeak-ng\n$/);
    const wav = readWav(out);
    expect(wav.channels).toBe(1);
    expect(wav.data.length / wav.sampleRate).toBeGreaterThan(1);
    expect(rms(wav.data)).toBeGreaterThan(500);
  });

  it('uses the openai voice of an OpenAI-compatible server given by --base-url', async () => {
    const out = join(dir, 'openai.wav');
    const r = await cli(['tts', '--provider', 'openai', '--base-url', server.url, 'Hi there.', out], {
      OPENAI_API_KEY: server.apiKey,
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const wav = readWav(out);
    expect(wav.sampleRate).toBe(24000);
    expect(wav.data.length).toBeGreaterThan(2400);
    expect(server.requests.some((q) => q.endpoint === 'speech')).toBe(true);
  });

  it('says which key is missing and where to set it', async () => {
    const r = await cli(['tts', '--provider', 'openai', 'Hi.', join(dir, 'never.wav')]);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(r.stderr).toMatch(
      /^studio tts: providers\.tts: openai needs an API key — OPENAI_API_KEY is not set; run "npm run studio -- keys set OPENAI_API_KEY" or set the environment variable/,
    );
  });
});

describe('studio llm', { timeout: 60_000 }, () => {
  it('streams the scripted reply of the simulated LLM from the config, and prints tool calls', async () => {
    const config = join(dir, 'scripted.json');
    writeFileSync(
      config,
      JSON.stringify({
        providers: {
          llm: {
            provider: 'simulated',
            ttftMs: 50,
            tokensPerSecond: 200,
            responses: [
              { input: 'opening hours', content: 'We open at nine and close at ten.' },
              {
                input: '/book .* table/i',
                content: 'Booking it.',
                toolCalls: [{ name: 'book_table', arguments: { people: 2 } }],
              },
            ],
          },
        },
      }),
    );
    const hours = await cli([
      'llm',
      '--provider',
      'simulated',
      '--config',
      config,
      'What are your opening hours?',
    ]);
    expect(hours.stderr).toBe('');
    expect([hours.code, hours.stdout]).toEqual([0, 'We open at nine and close at ten.\n']);
    const book = await cli(['llm', '--provider', 'simulated', '--config', config, 'Please book a table']);
    expect(book.stdout).toBe('Booking it.\n[tool call] book_table {"people":2}\n');
  });

  it('streams an openai reply from the server given by --base-url, with the config instructions', async () => {
    const config = join(dir, 'instructions.json');
    writeFileSync(config, JSON.stringify({ agent: { instructions: 'You are a terse concierge.' } }));
    const before = server.requests.length;
    const r = await cli(
      ['llm', '--provider', 'openai', '--config', config, '--base-url', server.url, 'Hello?'],
      {
        OPENAI_API_KEY: server.apiKey,
      },
    );
    expect(r.stderr).toBe('');
    expect([r.code, r.stdout]).toEqual([0, 'Hello from the test server.\n']);
    const req = server.requests.slice(before).find((q) => q.endpoint === 'chat');
    expect(JSON.stringify(req?.body)).toContain('You are a terse concierge.');
  });

  it('rejects a bad config file naming the field, and an unknown model naming the setting', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ providers: { llm: { provider: 'openai', temperature: 7 } } }));
    const r = await cli(['llm', '--provider', 'openai', '--config', bad, 'hi']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `studio llm: config ${bad}: providers.llm.temperature: Too big: expected number to be <=2\n`,
    );
    const model = await cli(['llm', '--provider', 'openai', '--model', 'tts-1', 'hi'], {
      OPENAI_API_KEY: 'sk-not-used',
    });
    expect(model.code).toBe(1);
    expect(model.stderr).toMatch(
      /^studio llm: openai llm: providers\.llm\.model "tts-1" is an TTS model, not an LLM model/,
    );
  });
});

describe('studio keys', { timeout: 60_000 }, () => {
  it('saves a key read from stdin in a 0600 file the llm command then uses, and lists names only', async () => {
    const secret = 'sk-cli-secret-value-42';
    const file = join(dir, 'keys-home', 'keys.json');
    const home = { VOICE_AGENT_STUDIO_KEY_FILE: file };
    const set = await cliProcess(['keys', 'set', 'OPENAI_API_KEY'], home, `${secret}\n`);
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    expect(set.stdout).toBe(`saved OPENAI_API_KEY in ${file}\n`);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ keys: { OPENAI_API_KEY: secret } });
    const list = await cli(['keys', 'list'], home);
    expect(list.stdout).toBe('OPENAI_API_KEY\tfile\n');
    expect(list.stdout + list.stderr).not.toContain(secret);
    // The saved key reaches the provider: the test server only accepts its own key.
    const wrong = await cli(['llm', '--provider', 'openai', '--base-url', server.url, 'hi'], home);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).not.toContain(secret);
    expect(wrong.stderr).toMatch(/OPENAI_API_KEY/);
    const del = await cli(['keys', 'delete', 'OPENAI_API_KEY'], home);
    expect(del.code).toBe(0);
    expect((await cli(['keys', 'list'], home)).stdout).toMatch(/^no keys/);
  });
});
