#!/usr/bin/env node
/**
 * `npm start`: the desktop app when the Electron binary is installed, web mode when it is not
 * (the binary cannot be downloaded on every machine, and a studio that refuses to start is worse
 * than one that opens in the browser). `npm run web` is `start.mjs --web`: web mode always.
 * Arguments after `--` go to web mode (`--no-open`, `--port N`). The plan is in start-plan.mjs.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planStart } from './start-plan.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** The JS entry of a package's bin, run with this node, so no shell or npx sits in between. */
function binOf(pkg, name) {
  const manifestPath = require.resolve(`${pkg}/package.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name ?? pkg];
  return join(dirname(manifestPath), bin);
}

/** require('electron') returns the binary's path, or throws when the download was skipped. */
function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * Runs a child to completion. Ctrl-C reaches the child through the terminal's process group,
 * so the parent only waits for it; a SIGTERM aimed at the parent alone is passed on.
 */
function run(script, args, stdio = 'inherit') {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, stdio });
    const ignore = () => {};
    const forward = () => child.kill('SIGTERM');
    process.on('SIGINT', ignore);
    process.on('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      resolveRun(code ?? (signal ? 1 : 0));
    });
    child.on('error', (err) => {
      process.stderr.write(`start: could not run ${script}: ${err.message}\n`);
      resolveRun(1);
    });
  });
}

async function main() {
  const plan = planStart(process.argv.slice(2), electronBinary() !== null);
  if (plan.notice) process.stderr.write(`${plan.notice}\n`);
  for (const step of plan.steps) {
    // 'node': a script of this repository (the built studio CLI); otherwise electron-vite's bin.
    const bin = step.bin === 'node' ? join(root, step.args[0]) : binOf('electron-vite');
    const args = step.bin === 'node' ? step.args.slice(1) : step.args;
    // 'stderr': the step's chatter goes to stderr so stdout carries only the studio URL.
    const code = await run(bin, args, step.stdout === 'stderr' ? ['ignore', 2, 2] : 'inherit');
    if (code !== 0) return code;
  }
  return 0;
}

process.exitCode = await main();
