/**
 * The architecture's import boundaries are enforced by lint, not by good intentions: these
 * tests lint probe sources under the real config, as files in each layer, and expect refusals.
 * The boundary rules read imports and globals only, never types, so the probes are linted without
 * type information: building the TypeScript programs for the project service would cost seconds
 * per program and change no boundary verdict (`npm run lint` runs the typed rules on every file).
 */
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: { files: ['**/*.ts', '**/*.tsx'], ...tseslint.configs.disableTypeChecked },
});

async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.map((m) => m.ruleId ?? m.message);
}

describe('import boundaries', () => {
  // Existing files are used as paths: the probes take their place in the layer under test.
  const engineFile = 'src/main/engine/events.ts';
  const rendererFile = 'src/renderer/src/main.tsx';

  it('the engine may not import electron, io/, studio/ or providers/', async () => {
    expect(await ruleIds(engineFile, "import 'electron';\n")).toContain('no-restricted-imports');
    expect(await ruleIds(engineFile, "import '../io/wav';\n")).toContain('boundaries/no-cross-boundary');
    expect(await ruleIds(engineFile, "import '../studio/session-host';\n")).toContain(
      'boundaries/no-cross-boundary',
    );
    expect(await ruleIds(engineFile, "import '../providers/silero';\n")).toContain(
      'boundaries/no-cross-boundary',
    );
    expect(await ruleIds(engineFile, 'export const w = window;\n')).toContain('no-restricted-globals');
  });

  it('the engine reads time only through the injected clock', async () => {
    expect(await ruleIds(engineFile, 'export const t = Date.now();\n')).toContain('no-restricted-properties');
    expect(await ruleIds(engineFile, 'export const t = performance.now();\n')).toContain(
      'no-restricted-globals',
    );
    expect(await ruleIds(engineFile, 'setTimeout(() => undefined, 10);\n')).toContain(
      'no-restricted-globals',
    );
  });

  it("the engine's own voice/io contract is allowed", async () => {
    expect(await ruleIds(engineFile, "export * from './voice/io';\n")).toEqual([]);
  });

  it('the renderer may not import electron, node:* or main/', async () => {
    expect(await ruleIds(rendererFile, "import 'electron';\n")).toContain('no-restricted-imports');
    expect(await ruleIds(rendererFile, "import 'node:fs';\n")).toContain('no-restricted-imports');
    expect(await ruleIds(rendererFile, "import '../../main/engine/events';\n")).toContain(
      'no-restricted-imports',
    );
  });
});
