/**
 * The architecture's import boundaries are enforced by lint, not by good intentions: these
 * tests lint probe sources under the real config, as files in each layer. The zones are
 * allow-lists (scripts/eslint/zones.js), so each hole the deny-lists left open (design review
 * §1.2) is a probe that must be refused, and a few probes per layer must stay allowed — a
 * config that refused everything would pass the first half alone.
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

/** The rule ids that refuse `code` placed at `filePath` (unused-variable noise left out). */
async function refusals(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages
    .map((m) => m.ruleId ?? m.message)
    .filter((id) => id !== '@typescript-eslint/no-unused-vars');
}

const BOUNDARY = 'boundaries/dependencies';

// Existing files are used as paths: each probe takes the place of a file in the layer under test.
const engineFile = 'src/main/engine/event-bus.ts';
const engineTest = 'src/main/engine/voice/agent-session.test.ts';
const providerFile = 'src/main/providers/registry.ts';
const simulationFile = 'src/main/simulation/scenario-runner.ts';
const studioFile = 'src/main/studio/session-host.ts';
const studioTest = 'src/main/studio/session-host-text.test.ts';
const preloadFile = 'src/preload/index.ts';
const sharedFile = 'src/shared/config.ts';
const rendererFile = 'src/renderer/src/main.tsx';

describe('import boundaries are allow-lists', () => {
  it.each([
    ["main's logger", "import '../log';\n"],
    ['the window security rules', "import '../security';\n"],
    ['the CLI', "import '../../cli/studio';\n"],
    ['openai', "import 'openai';\n"],
    ['@livekit/rtc-node', "import '@livekit/rtc-node';\n"],
    ['node:fs', "import 'node:fs';\n"],
    ['electron', "import 'electron';\n"],
    ['io/', "import '../io/wav';\n"],
    ['providers/', "import '../providers/registry';\n"],
    ['its own test rigs', "import './testing/session-rig';\n"],
  ])('the engine may not import %s', async (_what, code) => {
    expect(await refusals(engineFile, code)).toContain(BOUNDARY);
  });

  it('the engine may import itself, the shared contract, node:async_hooks and ajv', async () => {
    for (const code of [
      "export * from './voice/io';\n",
      "export * from './testing/scripted';\n",
      "export type { EngineEvent } from '../../shared/engine-events';\n",
      "import 'node:async_hooks';\n",
      "import 'ajv';\n",
    ]) {
      expect(await refusals(engineFile, code), code).toEqual([]);
    }
  });

  it('files inside the engine never import its door (engine/index.ts re-exports them all)', async () => {
    expect(await refusals('src/main/engine/voice/agent.ts', "import '../index';\n")).toContain(BOUNDARY);
  });

  it("engine tests may use the engine's test rigs", async () => {
    expect(await refusals(engineTest, "import '../testing/session-rig';\n")).toEqual([]);
  });

  it('code outside the engine enters it only through engine/index.ts', async () => {
    const provider = 'src/main/providers/openai/errors.ts';
    const studio = 'src/main/studio/presets.ts';
    expect(await refusals(provider, "import '../../engine/voice/activity/activity';\n")).toContain(BOUNDARY);
    expect(await refusals(studio, "import '../engine/base/clock';\n")).toContain(BOUNDARY);
    expect(await refusals(provider, "export { Agent } from '../../engine';\n")).toEqual([]);
    expect(await refusals(studio, "export { Agent } from '../engine/index';\n")).toEqual([]);
  });

  it('product code never imports test support; tests may', async () => {
    expect(await refusals(studioFile, "import '../engine/testing';\n")).toContain(BOUNDARY);
    expect(await refusals(studioFile, "import './testing/host-rig';\n")).toContain(BOUNDARY);
    expect(await refusals(providerFile, "import './testing/openai-test-server';\n")).toContain(BOUNDARY);
    expect(await refusals(studioTest, "import '../engine/testing';\n")).toEqual([]);
  });

  it('simulation may not import io/ nor the studio; providers may not import the studio', async () => {
    expect(await refusals(simulationFile, "import '../io/wav';\n")).toContain(BOUNDARY);
    expect(await refusals(simulationFile, "import '../studio/session-host';\n")).toContain(BOUNDARY);
    expect(await refusals(providerFile, "import '../studio/session-host';\n")).toContain(BOUNDARY);
    expect(await refusals(providerFile, "import 'electron';\n")).toContain(BOUNDARY);
  });

  it('preload imports electron and the shared types only', async () => {
    expect(await refusals(preloadFile, "import '../main/studio/session-host';\n")).toContain(BOUNDARY);
    expect(await refusals(preloadFile, "import { studioApi } from '../shared/studio-api';\n")).toContain(
      BOUNDARY,
    );
    expect(await refusals(preloadFile, "import 'electron';\n")).toEqual([]);
    expect(await refusals(preloadFile, "import type { StudioApi } from '../shared/studio-api';\n")).toEqual(
      [],
    );
  });

  it('shared imports zod only', async () => {
    expect(await refusals(sharedFile, "import 'ws';\n")).toContain(BOUNDARY);
    expect(await refusals(sharedFile, "import 'node:path';\n")).toContain(BOUNDARY);
    expect(await refusals(sharedFile, "import '../main/log';\n")).toContain(BOUNDARY);
    expect(await refusals(sharedFile, "import 'zod';\n")).toEqual([]);
  });

  it('the renderer imports its own folder, shared and its UI packages only', async () => {
    expect(await refusals(rendererFile, "import 'electron';\n")).toContain(BOUNDARY);
    expect(await refusals(rendererFile, "import 'node:fs';\n")).toContain(BOUNDARY);
    expect(await refusals(rendererFile, "import '../../main/engine/event-bus';\n")).toContain(BOUNDARY);
    expect(await refusals(rendererFile, "import '../../preload/studio-client';\n")).toContain(BOUNDARY);
    expect(await refusals(rendererFile, "import 'react';\n")).toEqual([]);
    expect(await refusals(rendererFile, "import '../../shared/config';\n")).toEqual([]);
  });
});

// zones.js states what several layers share once (main's doors, helpers and packages; what tests
// may reach) and each layer's neighbours on their own: these probes check that every layer still
// gets its own list, no more, and that tests keep their wider reach.
describe('each main layer keeps its own neighbours when the shared allowances are one policy', () => {
  it.each([
    ['replay', 'src/main/replay/diff.ts', "import '../studio/session-host';\n"],
    ['export', 'src/main/export/wav-mix.ts', "import '../recording/reader';\n"],
    ['transport', 'src/main/transport/ipc.ts', "import '../security';\n"],
    ['cli', 'src/cli/scenarios.ts', "import '../main/open-browser';\n"],
    ['app', 'src/main/menu.ts', "import './studio/session-host';\n"],
    ['providers', providerFile, "import '../log';\n"],
    ['io', 'src/main/io/wav.ts', "import 'ws';\n"],
    ['transport (electron)', 'src/main/transport/ipc.ts', "import 'electron';\n"],
  ])('%s may import what its list names', async (_what, file, code) => {
    expect(await refusals(file, code)).toEqual([]);
  });

  it.each([
    ['export', 'src/main/export/wav-mix.ts', "import '../studio/session-host';\n"],
    ['recording', 'src/main/recording/reader.ts', "import '../io/wav';\n"],
    ['io', 'src/main/io/wav.ts', "import '../providers/registry';\n"],
    ['agents-config', 'src/main/agents-config/agents.ts', "import '../simulation/scenario-runner';\n"],
    ['transport', 'src/main/transport/ipc.ts', "import '../../cli/scenarios';\n"],
    ['app', 'src/main/menu.ts', "import '../cli/scenarios';\n"],
    ['studio', studioFile, "import '../security';\n"],
    ['replay', 'src/main/replay/diff.ts', "import '../open-browser';\n"],
    ['studio (electron)', studioFile, "import 'electron';\n"],
  ])('%s may not import what its list leaves out', async (_what, file, code) => {
    expect(await refusals(file, code)).toContain(BOUNDARY);
  });

  it('tests reach fixtures, packages and the internals of main; not another layer outside main', async () => {
    const rendererTest = 'src/renderer/src/store/zz-probe.test.ts';
    const preloadTest = 'src/preload/studio-client.test.ts';
    const sharedTest = 'src/shared/config-mcp.test.ts';
    expect(await refusals(studioTest, "import 'electron';\n")).toEqual([]);
    expect(await refusals(engineTest, "import '../index';\n")).toEqual([]);
    expect(await refusals(studioTest, "import '../../../tests/fixtures/mcp/http-server';\n")).toEqual([]);
    expect(await refusals(rendererTest, "import 'node:fs';\n")).toEqual([]);
    expect(await refusals(rendererTest, "import '../testing/fake-studio-client';\n")).toEqual([]);
    expect(await refusals(rendererTest, "import '../../../../tests/fixtures/mcp/http-server';\n")).toEqual(
      [],
    );
    expect(await refusals(preloadTest, "import './index';\n")).toEqual([]);
    expect(await refusals(sharedTest, "import 'vitest';\n")).toEqual([]);
    expect(await refusals(rendererTest, "import '../../../main/log';\n")).toContain(BOUNDARY);
    expect(await refusals(preloadTest, "import '../main/log';\n")).toContain(BOUNDARY);
    expect(await refusals(sharedTest, "import '../renderer/src/main';\n")).toContain(BOUNDARY);
    expect(await refusals(studioTest, "import '../../renderer/src/main';\n")).toContain(BOUNDARY);
  });
});

describe('the engine reads time only through the injected clock', () => {
  it.each([
    ['Date.now()', 'export const t = Date.now();\n'],
    ['new Date()', 'export const t = new Date();\n'],
    ['performance.now()', 'export const t = performance.now();\n'],
    ['setTimeout', 'setTimeout(() => undefined, 10);\n'],
    ['globalThis.setTimeout', 'globalThis.setTimeout(() => undefined, 10);\n'],
    ['globalThis.Date', 'export const t = globalThis.Date.now();\n'],
    ['window', 'export const w = window;\n'],
  ])('refuses %s', async (_what, code) => {
    expect(await refusals(engineFile, code)).not.toEqual([]);
  });

  it('the clocks themselves may read real time', async () => {
    expect(await refusals('src/main/engine/base/clock.ts', 'export const t = Date.now();\n')).toEqual([]);
  });
});
