// Why: the agents-js side of the bench needs packages the app must never ship. They are pinned in
// bench/agents-js/package.json (a local package that the root package.json lists as a
// devDependency), so @livekit/agents 1.9.0 gets the @livekit/rtc-node 0.13.x it wants in
// bench/agents-js/node_modules while the app keeps its own @livekit/rtc-node ^1.1.0 at the root.
// This tells a bench run which of them is missing and how to install it, instead of a stack trace.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');

/** Exact versions the agents-js adapter and the VAD comparison were written against. */
export const AGENTS_JS_PACKAGES = JSON.parse(
  readFileSync(path.join(HERE, 'package.json'), 'utf8'),
).dependencies;

const INSTALL =
  'install the bench devDependencies from the repository root: ' +
  '`ELECTRON_SKIP_BINARY_DOWNLOAD=1 ONNXRUNTIME_NODE_INSTALL=skip npm install` ' +
  '(they are pinned in bench/agents-js/package.json and used only by `npm run bench`)';

/** The installed version of `name` as seen from bench/agents-js, or undefined. */
function installedVersion(name) {
  // Node resolves from bench/agents-js/node_modules up to the root's node_modules.
  for (const dir of [path.join(HERE, 'node_modules'), path.join(ROOT, 'node_modules')]) {
    const pj = path.join(dir, name, 'package.json');
    if (existsSync(pj)) return JSON.parse(readFileSync(pj, 'utf8')).version;
  }
  return undefined;
}

/** A sentence naming each missing or wrong package and how to install it; null when all are there. */
export function agentsJsInstallProblem() {
  const wrong = [];
  for (const [name, want] of Object.entries(AGENTS_JS_PACKAGES)) {
    const have = installedVersion(name);
    if (have !== want) wrong.push(`${name}@${want} (${have ? `found ${have}` : 'not installed'})`);
  }
  if (!wrong.length) return null;
  return `bench: the agents-js comparison needs ${wrong.join(', ')}: ${INSTALL}.`;
}

/**
 * The VAD comparison (bench/vad-native.mjs) also needs agents' native default VAD,
 * @livekit/local-inference, which npm installs as a dependency of @livekit/agents.
 */
export function vadNativeInstallProblem() {
  const agentsProblem = agentsJsInstallProblem();
  if (agentsProblem) return agentsProblem;
  if (installedVersion('@livekit/local-inference')) return null;
  return `bench: the VAD comparison needs @livekit/local-inference (agents' native default VAD, a dependency of @livekit/agents ${AGENTS_JS_PACKAGES['@livekit/agents']}; not installed): ${INSTALL}.`;
}
