/**
 * The `export` targets `--otlp FILE|URL` (OpenTelemetry traces) and `--wav FILE` (a stereo mix,
 * user left, agent right). export.ts parses the command line and opens the recording; these
 * write what was asked and say where it went. A problem (an endpoint that refuses, a recording
 * without audio) is one line naming the flag, and exit code 1.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { exportOtlp, OtlpExportError, parseOtlpTarget } from '../../main/export/otlp-export';
import { exportWav, WavExportError } from '../../main/export/wav-mix';
import { errorText } from '../../shared/error-text';
import type { ExportTarget } from './export';

export const otlpExportTarget: ExportTarget = {
  usage:
    '--otlp FILE|URL   OpenTelemetry traces of the session (a span per turn, LLM and TTS request, tool call): an OTLP/JSON file, or POSTed to an OTLP/HTTP endpoint (http://host:4318 → /v1/traces)',
  async run(rec, value) {
    try {
      const target = parseOtlpTarget(value);
      const r = await exportOtlp(
        rec,
        target.kind === 'file' ? { kind: 'file', path: resolve(target.path) } : target,
      );
      const where = r.target.kind === 'file' ? r.target.path : r.target.url;
      return { lines: [`otlp: ${r.spanCount} spans → ${where}`], code: 0 };
    } catch (err) {
      // OtlpExportError messages already name the flag.
      if (err instanceof OtlpExportError) return { lines: [err.message], code: 1 };
      return { lines: [`otlp: --otlp ${value}: ${errorText(err)}`], code: 1 };
    }
  },
};

export const wavExportTarget: ExportTarget = {
  usage:
    '--wav FILE        a stereo WAV of the conversation: the user on the left, the agent on the right, aligned as recorded',
  async run(rec, value) {
    const path = resolve(value);
    try {
      mkdirSync(dirname(path), { recursive: true });
      const mix = await exportWav(rec, path);
      const seconds = (mix.durationMs / 1000).toFixed(1);
      return {
        lines: [
          ...mix.notices.map((n) => `note: ${n}`),
          `wav: ${path} (${mix.sampleRate} Hz stereo, ${seconds} s)`,
        ],
        code: 0,
      };
    } catch (err) {
      const message = err instanceof WavExportError ? err.message : errorText(err);
      return { lines: [`wav: --wav ${value}: ${message}`], code: 1 };
    }
  },
};
