import { afterEach, describe, expect, it } from 'vitest';
import { OpenAITestServer } from './openai-test-server';
import { parseMultipart, parseWav, tonePcm } from './test-server-audio';

let server: OpenAITestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

function wav(pcm: Buffer, rate: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + pcm.length, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

describe('OpenAITestServer', () => {
  it('stops by itself after its lifetime', async () => {
    server = await OpenAITestServer.start({ lifetimeMs: 30 });
    const url = server.url;
    await new Promise((resolve) => setTimeout(resolve, 80));
    await expect(fetch(`${url}/chat/completions`, { method: 'POST', body: '{}' })).rejects.toThrow();
  });

  it('bounds requests and body size', async () => {
    server = await OpenAITestServer.start({ maxRequests: 1, maxBodyBytes: 100 });
    const post = (body: string) =>
      fetch(`${server?.url}/chat/completions`, {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${server?.apiKey}` },
      });
    expect((await post('x'.repeat(200))).status).toBe(413);
    expect((await post(JSON.stringify({ model: 'gpt-4o-mini', stream: true }))).status).toBe(200);
    expect((await post('{}')).status).toBe(503);
  });

  it('parses multipart uploads and the WAV inside', () => {
    const file = wav(tonePcm(250, 16000), 16000);
    const boundary = 'XyZ';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\nwhisper-1\r\n`),
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\n`,
      ),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const form = parseMultipart(body, `multipart/form-data; boundary=${boundary}`);
    expect(form.fields).toEqual({ model: 'whisper-1' });
    expect(form.files.file.data.equals(file)).toBe(true);
    expect(parseWav(form.files.file.data)).toEqual({
      sampleRate: 16000,
      channels: 1,
      bitsPerSample: 16,
      durationMs: 250,
    });
    expect(parseWav(Buffer.from('not a wav at all, definitely not one, no no no no'))).toBeNull();
  });
});
