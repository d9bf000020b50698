/**
 * How a simulated LLM picks its scripted answer. Prototypers write inputs the way they expect a
 * caller to talk, so an exact match is too strict on its own: an exact (case-insensitive,
 * whitespace-normalised) match wins, then the first entry in file order whose regex matches or
 * whose text occurs in the request. `/.../flags` marks a regex.
 */

export interface ScriptedEntry {
  input: string;
}

export type InputMatcher = { kind: 'regex'; re: RegExp } | { kind: 'text'; text: string };

const REGEX_LITERAL = /^\/(.+)\/([dgimsuvy]*)$/s;

function normalise(s: string): string {
  return s.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Compiles one entry's input; throws naming the entry when its regex is invalid. */
export function compileInput(input: string, where: string): InputMatcher {
  const m = REGEX_LITERAL.exec(input.trim());
  if (!m) return { kind: 'text', text: normalise(input) };
  try {
    // `g`/`y` make test() stateful across calls; a script must match the same way every time.
    return { kind: 'regex', re: new RegExp(m[1], m[2].replace(/[gy]/g, '')) };
  } catch (err) {
    throw new Error(`${where}: invalid regex ${input}: ${(err as Error).message}`);
  }
}

export class InputTable<T extends ScriptedEntry> {
  private readonly compiled: Array<{ entry: T; matcher: InputMatcher }>;

  constructor(entries: readonly T[], settingPath: string) {
    this.compiled = entries.map((entry, i) => ({
      entry,
      matcher: compileInput(entry.input, `${settingPath}[${i}].input`),
    }));
  }

  /** The entry for a request text, or undefined when none applies. */
  lookup(request: string): T | undefined {
    const text = normalise(request);
    const exact = this.compiled.find((c) => c.matcher.kind === 'text' && c.matcher.text === text);
    if (exact) return exact.entry;
    return this.compiled.find(({ matcher }) =>
      matcher.kind === 'regex'
        ? matcher.re.test(request)
        : // An empty input only stands for an empty request, else it would match everything.
          matcher.text !== '' && text.includes(matcher.text),
    )?.entry;
  }
}
