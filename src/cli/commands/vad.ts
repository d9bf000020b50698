/**
 * `studio vad FILE.wav`: the speech segments Silero finds in a recording, as JSON, with the
 * VAD settings of the config. It runs the same stream a live session runs, so what it prints is
 * what the studio would detect: the quickest way to tune thresholds against a problem recording.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readWav } from '../../main/io/wav';
import { detectSpeechSegments, framesOf } from '../../main/providers/silero';
import { UsageError, type Subcommand } from './command';
import { loadStudioConfig } from './config-file';

export const vadCommand: Subcommand = {
  summary: 'print the speech segments Silero VAD finds in a 16-bit PCM WAV file, as JSON',
  usage:
    'vad [--config FILE] FILE.wav\n  --config FILE  studio config (JSON); its providers.vad (silero) options apply',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      strict: true,
      allowPositionals: true,
      options: { config: { type: 'string' } },
    });
    if (positionals.length !== 1)
      throw new UsageError(`expected one WAV file, got ${positionals.length} arguments`);
    const [file] = positionals;
    const config = loadStudioConfig(values.config);
    if (!existsSync(file)) throw new Error(`${file}: no such file`);
    const wav = readWav(file);
    // A truncated file is analysed up to what it holds; the user is told, the JSON stays clean.
    for (const w of wav.warnings) process.stderr.write(`warning: ${w}\n`);
    const vad = config.providers.vad;
    const { provider: _provider, ...options } =
      vad.provider === 'silero' ? vad : { provider: 'silero' as const };
    const segments = await detectSpeechSegments(framesOf(wav.data, wav.sampleRate, wav.channels), {
      options,
    });
    const durationMs = Math.round((wav.data.length / wav.channels / wav.sampleRate) * 1000);
    const round = (ms: number) => Math.round(ms);
    process.stdout.write(
      `${JSON.stringify({
        file,
        sampleRate: wav.sampleRate,
        channels: wav.channels,
        durationMs,
        segments: segments.map((s) => ({ startMs: round(s.startMs), endMs: round(s.endMs) })),
      })}\n`,
    );
    return 0;
  },
};
