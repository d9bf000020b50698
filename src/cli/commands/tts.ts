/**
 * `studio tts --provider NAME "text" OUT.wav`: one synthesis with the config's settings for
 * that voice, to hear a voice or check a key without starting a session. The provider's own
 * failures (missing key, engine not installed, server errors) are reported as one line.
 */
import { TtsProviderSchema, type TtsProviderConfig } from '../../shared/config';
import { type AudioFrame, LinearResampler, RealClock } from '../../main/engine';
import { writeWav } from '../../main/io/wav';
import { buildTts } from '../../main/providers/registry';
import { KeyStore } from '../../main/studio/key-store';
import { UsageError, type Subcommand } from './command';
import { loadStudioConfig } from './config-file';
import { pickProvider } from './pick-provider';
import { parseProviderArgs } from './provider-args';

const PROVIDERS = ['local', 'openai', 'simulated'];

export const ttsCommand: Subcommand = {
  summary: 'synthesize text with a TTS provider (local | openai | simulated) into a WAV file',
  usage:
    'tts --provider NAME [--config FILE] [--voice V] [--model M] [--base-url URL] "text" OUT.wav\n' +
    '  --provider NAME  local, openai or simulated; settings come from the config entry of that provider\n' +
    '  --config FILE    studio config (JSON)\n' +
    '  --voice, --model, --base-url  override the config (openai; --voice also local)',
  async run(args) {
    const {
      provider,
      config: configFile,
      flags,
      positionals,
    } = parseProviderArgs(args, PROVIDERS, ['voice', 'model', 'base-url']);
    if (positionals.length !== 2)
      throw new UsageError(`expected "text" and OUT.wav, got ${positionals.length} arguments`);
    const [text, out] = positionals;
    if (text.trim() === '') throw new UsageError('the text to say is empty');
    const config = loadStudioConfig(configFile);
    const { entry, setting } = pickProvider<TtsProviderConfig>(
      TtsProviderSchema,
      'tts',
      config.providers.tts,
      provider,
      {
        voice: flags.voice,
        model: flags.model,
        baseURL: flags['base-url'],
      },
    );
    const tts = await buildTts(entry, setting, { clock: new RealClock(), keys: new KeyStore() });
    const frames: AudioFrame[] = [];
    const stream = tts.stream();
    try {
      stream.pushText(text);
      stream.endInput();
      for await (const audio of stream) frames.push(audio.frame);
    } finally {
      await stream.close();
    }
    if (frames.length === 0) throw new Error(`${entry.provider} tts: produced no audio for the text`);
    const { data, sampleRate } = join(frames);
    writeWav(out, { data, sampleRate, channels: 1 });
    process.stdout.write(
      `${out}: ${(data.length / sampleRate).toFixed(2)} s at ${sampleRate} Hz from ${tts.label}\n`,
    );
    return 0;
  },
};

/** One mono buffer at the first frame's rate (a voice may change rate between sentences). */
function join(frames: AudioFrame[]): { data: Int16Array; sampleRate: number } {
  const rate = frames[0].sampleRate;
  let resampler: LinearResampler | null = null;
  const parts = frames.map((f) => {
    const mono =
      f.channels === 1
        ? f.data
        : Int16Array.from({ length: f.samplesPerChannel }, (_, i) => f.data[i * f.channels]);
    if (f.sampleRate === rate) return mono;
    if (resampler?.inputRate !== f.sampleRate) resampler = new LinearResampler(f.sampleRate, rate);
    return resampler.pushSamples(mono);
  });
  const data = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    data.set(p, at);
    at += p.length;
  }
  return { data, sampleRate: rate };
}
