/**
 * Audio endpoints of the local OpenAI-compatible test server: /v1/audio/speech answers with raw
 * PCM written in small, odd-sized chunks (so clients meet split samples), and
 * /v1/audio/transcriptions parses the multipart upload and the WAV inside it, so tests can
 * check what a client really sent.
 */
import type { ServerResponse } from 'node:http';

export const SPEECH_SAMPLE_RATE = 24000;

export type SpeechBehaviour =
  | {
      kind: 'pcm';
      /** Audio length; default: `msPerChar` × characters of the input. */
      durationMs?: number;
      /** Bytes per write; odd by default so a sample straddles two chunks. */
      chunkBytes?: number;
      /** Real time between writes, ms (the server is a real process, not on a clock). */
      chunkDelayMs?: number;
      /** The answer starts only when this settles, so a test can move its clock in between. */
      gate?: Promise<void>;
    }
  | { kind: 'status'; status: number; message?: string; code?: string }
  /** Sends `afterBytes` of audio, then destroys the socket. */
  | { kind: 'cut'; afterBytes: number }
  | { kind: 'hang' };

export type TranscriptionBehaviour =
  | { kind: 'text'; text: string; language?: string; gate?: Promise<void> }
  | { kind: 'status'; status: number; message?: string; code?: string }
  | { kind: 'hang' };

export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, { filename: string; contentType: string; data: Buffer }>;
}

/** Minimal multipart/form-data parser: enough for what the openai SDK sends. */
export function parseMultipart(body: Buffer, contentType: string): MultipartForm {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  if (!m) throw new Error('multipart body without boundary');
  const delimiter = Buffer.from(`--${m[1] ?? m[2]}`);
  const form: MultipartForm = { fields: {}, files: {} };
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    const start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    // Each part: CRLF, headers, blank line, content, CRLF before the next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/i.exec(headers)?.[1] ?? '';
    const filename = /filename="([^"]*)"/i.exec(headers)?.[1];
    if (filename !== undefined) {
      const ct = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? 'application/octet-stream';
      form.files[name] = { filename, contentType: ct.trim(), data: Buffer.from(content) };
    } else {
      form.fields[name] = content.toString('utf8');
    }
    pos = next;
  }
  return form;
}

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  durationMs: number;
}

/** Reads a PCM WAV header; null when the bytes are not a WAV (a client bug worth seeing). */
export function parseWav(data: Buffer): WavInfo | null {
  if (
    data.length < 44 ||
    data.toString('ascii', 0, 4) !== 'RIFF' ||
    data.toString('ascii', 8, 12) !== 'WAVE'
  ) {
    return null;
  }
  let off = 12;
  let fmt: { channels: number; sampleRate: number; bits: number } | null = null;
  while (off + 8 <= data.length) {
    const id = data.toString('ascii', off, off + 4);
    const size = data.readUInt32LE(off + 4);
    if (id === 'fmt ') {
      fmt = {
        channels: data.readUInt16LE(off + 10),
        sampleRate: data.readUInt32LE(off + 12),
        bits: data.readUInt16LE(off + 22),
      };
    } else if (id === 'data' && fmt) {
      const bytes = Math.min(size, data.length - off - 8);
      const frames = bytes / (fmt.channels * (fmt.bits / 8));
      return {
        sampleRate: fmt.sampleRate,
        channels: fmt.channels,
        bitsPerSample: fmt.bits,
        durationMs: (frames / fmt.sampleRate) * 1000,
      };
    }
    off += 8 + size + (size % 2);
  }
  return null;
}

/** A 440 Hz tone, so a client that drops or reorders bytes produces visibly wrong samples. */
export function tonePcm(durationMs: number, sampleRate = SPEECH_SAMPLE_RATE): Buffer {
  const n = Math.round((durationMs * sampleRate) / 1000);
  const buf = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) {
    buf.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate)), i * 2);
  }
  return buf;
}

/** Writes `data` in chunks with a pause between them; stops early if the client went away. */
export async function writeChunked(
  res: ServerResponse,
  data: Buffer,
  chunkBytes: number,
  delayMs: number,
  gone: () => boolean,
): Promise<void> {
  for (let off = 0; off < data.length; off += chunkBytes) {
    if (gone()) return;
    res.write(data.subarray(off, off + chunkBytes));
    await pause(delayMs);
  }
}

/** A real pause (setImmediate for 0) so each write leaves the process as its own chunk. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
}

/** The SSE events of a streamed transcription (what gpt-4o-transcribe sends with stream=true). */
export function transcriptionEvents(text: string): string[] {
  const words = text.match(/\S+\s*/g) ?? [];
  const events = words.map((w) => JSON.stringify({ type: 'transcript.text.delta', delta: w }));
  events.push(JSON.stringify({ type: 'transcript.text.done', text }));
  return events;
}
