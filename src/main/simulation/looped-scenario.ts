/**
 * One scenario file's conversation played back to back: everything after its first entry (the
 * greeting) repeated `loops` times, each repetition's user speech shifted by `loopMs`. Soak tests,
 * the re-run goldens and the runner bench all build their long sessions this way, so they exercise
 * the same script.
 */
import { parseScenario, type Scenario } from './scenario-loader';

interface LoopableEntry {
  userSpeech?: { startMs: number; endMs: number };
}

export interface LoopOptions {
  loops: number;
  loopMs: number;
  /** The name parse errors are reported under. */
  file: string;
}

/** `raw` is a parsed scenario file (JSON); `expect` is dropped and the run drains 5 s after its script. */
export function loopedScenario(raw: { script: unknown[] }, { loops, loopMs, file }: LoopOptions): Scenario {
  const [greeting, ...turns] = raw.script as LoopableEntry[];
  const script: LoopableEntry[] = [greeting];
  for (let i = 0; i < loops; i++)
    for (const entry of turns) {
      const s = entry.userSpeech;
      script.push(
        s ? { userSpeech: { ...s, startMs: s.startMs + i * loopMs, endMs: s.endMs + i * loopMs } } : entry,
      );
    }
  const parsed = parseScenario({ ...raw, script, expect: {}, drainAfterMs: 5000 }, file);
  if (!parsed.ok) throw new Error(`${file}: the looped scenario does not load: ${JSON.stringify(parsed)}`);
  return parsed.scenario;
}
