/**
 * Reads scenario files and turns them into a normalized Scenario the runner can use without
 * re-checking anything: auto-keyed LLM/TTS inputs, call ids, user speeches in time order. A bad
 * file never reaches the runner: every problem comes back with the file, the JSON path and what
 * was expected, so the author can fix it without reading the schema.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { z } from 'zod';
import { SessionOptionsSchema } from '../../shared/config';
import { compileToolSchema, ToolSchemaError } from '../engine';
import { ScenarioFileSchema, type TtsScript, type UserSpeechScript } from './scenario-schema';
import { fromV1, ScenarioFileV2Schema, type ScenarioFile, type ScriptItem } from './scenario-schema-v2';
import { readRealtimeItem, type RealtimeScript } from './realtime-scenario';

export interface UserSpeech extends UserSpeechScript {
  /** Index of the item in `script`, for messages. */
  scriptIndex: number;
}

export interface ScriptedToolCall {
  name: string;
  /** JSON text as the LLM would send it (verbatim when the file gave a string). */
  arguments: string;
  callId: string;
}

export interface LlmResponse {
  input: string;
  content: string;
  toolCalls: ScriptedToolCall[];
  ttftMs: number;
  durationMs: number;
}

export interface TtsResponse extends Required<Omit<TtsScript, 'input'>> {
  input: string;
}

export interface Scenario extends ScenarioFile {
  /** Absolute path of the file ('' for inline scenarios). */
  file: string;
  /** User speeches sorted by start (the fakes play them in this order). */
  userSpeeches: UserSpeech[];
  llmResponses: LlmResponse[];
  ttsResponses: TtsResponse[];
  /** The fake realtime model's replies and server events (format §11); empty without one. */
  realtime: RealtimeScript;
}

export interface ScenarioIssue {
  /** JSON path like `$.script[3].llm.ttftMs`. */
  path: string;
  message: string;
}

export type LoadResult =
  { ok: true; scenario: Scenario } | { ok: false; file: string; issues: ScenarioIssue[] };

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a zod/JSON path as `$.a.b[2]["odd key"]`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else if (typeof p === 'string' && IDENT.test(p)) out += `.${p}`;
    else out += `[${JSON.stringify(String(p))}]`;
  }
  return out;
}

/** The format a file is read with, and what an unknown key is called in it. */
interface IssueContext {
  version: 1 | 2;
  /** In a v1 file: JSON paths of keys that v1 refuses but v2 knows (refused with their own message). */
  v2Keys?: ReadonlySet<string>;
}

/** zod messages with the generic prefix removed and unions explained by their closest branch. */
function issueMessages(
  issue: z.core.$ZodIssue,
  prefix: readonly PropertyKey[],
  ctx: IssueContext,
): ScenarioIssue[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length > 0) {
    // Every branch refusing only keys of the object: several alternatives were given at once.
    const onlyKeys = issue.errors.every(
      (b) => b.length > 0 && b.every((i) => i.code === 'unrecognized_keys' && i.path.length === 0),
    );
    if (onlyKeys) {
      const keys = [...new Set(issue.errors.flatMap((b) => b.flatMap((i) => ('keys' in i ? i.keys : []))))];
      return [
        {
          path: jsonPath(path),
          message: `expected exactly one of the alternatives; got ${keys.join(' and ')} together`,
        },
      ];
    }
    // Otherwise report the branch that got furthest (fewest issues).
    const best = [...issue.errors].sort((a, b) => a.length - b.length)[0];
    const nested = best.flatMap((i) => issueMessages(i, path, ctx));
    if (nested.length > 0) return nested;
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((k) => {
      const at = jsonPath([...path, k]);
      return {
        path: at,
        message: ctx.v2Keys?.has(at)
          ? 'a format v2 key in a format v1 file (add "formatVersion": 2 at the top to use it)'
          : `unknown key (not part of format v${ctx.version})`,
      };
    });
  }
  return [{ path: jsonPath(path), message: issue.message.replace(/^Invalid input: /, '') }];
}

export function zodIssues(
  error: z.ZodError,
  prefix: readonly PropertyKey[] = [],
  ctx: IssueContext = { version: 1 },
): ScenarioIssue[] {
  return error.issues.flatMap((i) => issueMessages(i, prefix, ctx));
}

/** Paths of every key a parse refused as unknown. */
function unknownKeyPaths(error: z.ZodError | undefined): Set<string> {
  const out = new Set<string>();
  const visit = (issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): void => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') for (const k of issue.keys) out.add(jsonPath([...path, k]));
    if (issue.code === 'invalid_union' && 'errors' in issue)
      for (const branch of issue.errors) for (const i of branch) visit(i, path);
  };
  for (const i of error?.issues ?? []) visit(i, []);
  return out;
}

/**
 * The keys of a v1 file that are unknown to v1 but known to v2: read as a v2 file, these are the
 * unknown keys that disappear.
 */
function v2KeysIn(json: object, v1Error: z.ZodError): Set<string> {
  const v1Unknown = unknownKeyPaths(v1Error);
  if (v1Unknown.size === 0) return new Set();
  const v2Unknown = unknownKeyPaths(ScenarioFileV2Schema.safeParse({ ...json, formatVersion: 2 }).error);
  return new Set([...v1Unknown].filter((p) => !v2Unknown.has(p)));
}

function toolCallArguments(args: string | Record<string, unknown>): string {
  return typeof args === 'string' ? args : JSON.stringify(args);
}

/** The semantic checks zod cannot express: auto-keying, overlaps, references. */
function normalize(file: string, data: ScenarioFile): LoadResult {
  const issues: ScenarioIssue[] = [];
  const llmResponses: LlmResponse[] = [];
  const ttsResponses: TtsResponse[] = [];
  const speeches: UserSpeech[] = [];
  let callCount = 0;
  const realtime: RealtimeScript = { replies: [], events: [] };
  const nextCallId = (): string => String((callCount += 1));

  data.script.forEach((item: ScriptItem, i) => {
    readRealtimeItem(item, i, data.realtimeModel, nextCallId, realtime, issues, jsonPath);
    if (item.tts && !data.components.tts)
      issues.push({
        path: jsonPath(['script', i, 'tts']),
        message: 'expected no tts item in a session without TTS ($.components.tts is false)',
      });
    const prev = i > 0 ? data.script[i - 1] : undefined;
    if (item.userSpeech) speeches.push({ ...item.userSpeech, scriptIndex: i });
    if (item.llm) {
      let input = item.llm.input;
      if (input === undefined) {
        if (prev?.userSpeech) input = prev.userSpeech.transcript;
        else
          issues.push({
            path: jsonPath(['script', i, 'llm', 'input']),
            message:
              'expected an input, or a userSpeech item just before this llm item to take its transcript',
          });
      }
      const toolCalls = item.llm.toolCalls.map((c) => {
        callCount += 1;
        return {
          name: c.name,
          arguments: toolCallArguments(c.arguments),
          callId: c.callId ?? String(callCount),
        };
      });
      if (input !== undefined) llmResponses.push({ ...item.llm, input, toolCalls });
    }
    if (item.tts) {
      let input = item.tts.input;
      if (input === undefined) {
        if (prev?.llm) input = prev.llm.content;
        else
          issues.push({
            path: jsonPath(['script', i, 'tts', 'input']),
            message: 'expected an input, or an llm item just before this tts item to take its content',
          });
      }
      if (input !== undefined) ttsResponses.push({ ...item.tts, input });
    }
  });

  const sorted = [...speeches].sort((a, b) => a.startMs - b.startMs || a.scriptIndex - b.scriptIndex);
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1];
    const b = sorted[k];
    if (b.startMs < a.endMs) {
      issues.push({
        path: jsonPath(['script', b.scriptIndex, 'userSpeech', 'startMs']),
        message: `expected user speeches not to overlap: this one starts at ${b.startMs}, before the speech at $.script[${a.scriptIndex}] ends (${a.endMs})`,
      });
    }
  }

  // Cross-field option rules (max >= min endpointing) live on the shared schema.
  const merged = SessionOptionsSchema.safeParse(data.options);
  if (!merged.success) issues.push(...zodIssues(merged.error, ['options']));

  const agentNames = Object.keys(data.agents);
  const checkTools = (agentPath: PropertyKey[], tools: ScenarioFile['agent']['tools']): void => {
    const seen = new Set<string>();
    tools.forEach((t, k) => {
      if (seen.has(t.name))
        issues.push({
          path: jsonPath([...agentPath, 'tools', k, 'name']),
          message: `expected a unique tool name; "${t.name}" repeats`,
        });
      seen.add(t.name);
      try {
        compileToolSchema(t.name, t.parameters);
      } catch (err) {
        if (!(err instanceof ToolSchemaError)) throw err;
        issues.push({
          path: jsonPath([...agentPath, 'tools', k, 'parameters', ...err.fieldPath]),
          message: `expected a valid JSON Schema: ${err.message}`,
        });
      }
      if (t.handoffTo !== undefined && !agentNames.includes(t.handoffTo)) {
        issues.push({
          path: jsonPath([...agentPath, 'tools', k, 'handoffTo']),
          message: `expected the name of an agent in $.agents (${agentNames.length ? agentNames.join(', ') : 'none defined'}); got "${t.handoffTo}"`,
        });
      }
    });
  };
  checkTools(['agent'], data.agent.tools);
  for (const [name, a] of Object.entries(data.agents)) checkTools(['agents', name], a.tools);

  if (issues.length > 0) return { ok: false, file, issues };
  return {
    ok: true,
    scenario: { ...data, file, userSpeeches: sorted, llmResponses, ttsResponses, realtime },
  };
}

/**
 * Deepest nesting of objects and arrays accepted anywhere in a scenario. Real files stay below
 * 15; the matchers, Ajv and JSON.stringify all recurse, so a deeper value would overflow the
 * stack in the middle of a run instead of being refused here.
 */
export const MAX_SCENARIO_DEPTH = 64;

/**
 * The first value nested deeper than MAX_SCENARIO_DEPTH, found without recursion (so the check
 * itself cannot overflow), as an issue naming its JSON path; null when every value is within it.
 */
export function depthIssue(json: unknown): ScenarioIssue | null {
  const stack: Array<{ value: unknown; path: PropertyKey[] }> = [{ value: json, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop() as { value: unknown; path: PropertyKey[] };
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_SCENARIO_DEPTH) {
      return {
        path: jsonPath(path),
        message: `expected values nested at most ${MAX_SCENARIO_DEPTH} levels deep; this one goes deeper`,
      };
    }
    // Index loops, not forEach: a value built in code may be an array with another prototype.
    if (Array.isArray(value))
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], path: [...path, i] });
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return null;
}

/** Validates already-parsed JSON (inline scenarios, the studio's editor). */
export function parseScenario(json: unknown, file = ''): LoadResult {
  const tooDeep = depthIssue(json);
  if (tooDeep) return { ok: false, file, issues: [tooDeep] };
  const version =
    typeof json === 'object' && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>).formatVersion
      : undefined;
  if (version === 2) {
    const parsed = ScenarioFileV2Schema.safeParse(json);
    if (!parsed.success) return { ok: false, file, issues: zodIssues(parsed.error, [], { version: 2 }) };
    return normalize(file, parsed.data);
  }
  if (version !== undefined && version !== 1) {
    return {
      ok: false,
      file,
      issues: [{ path: '$.formatVersion', message: `expected 1 or 2; got ${JSON.stringify(version)}` }],
    };
  }
  const parsed = ScenarioFileSchema.safeParse(json);
  if (!parsed.success) {
    const v2Keys = typeof json === 'object' && json !== null ? v2KeysIn(json, parsed.error) : undefined;
    const ctx: IssueContext = { version: 1, v2Keys };
    return { ok: false, file, issues: zodIssues(parsed.error, [], ctx) };
  }
  return normalize(file, fromV1(parsed.data));
}

/** Reads and validates one file; JSON syntax errors are reported like schema errors. */
export async function loadScenarioFile(path: string): Promise<LoadResult> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    return {
      ok: false,
      file,
      issues: [{ path: '$', message: `cannot read file: ${(err as Error).message}` }],
    };
  }
  // Editors on Windows save UTF-8 with a byte order mark; JSON.parse refuses it, we skip it.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return {
      ok: false,
      file,
      issues: [{ path: '$', message: `expected valid JSON: ${(err as Error).message}` }],
    };
  }
  return parseScenario(json, file);
}

export const SCENARIO_SUFFIX = '.scenario.json';

/**
 * Every `*.scenario.json` named or found recursively under the given paths, sorted within each
 * folder so runs (and reports) are stable. A path that does not exist is reported, not skipped.
 */
export async function findScenarioFiles(
  paths: readonly string[],
): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'node_modules' && !e.name.startsWith('.')) await walk(p);
      } else if (e.name.endsWith(SCENARIO_SUFFIX)) files.push(p);
    }
  };
  for (const raw of paths) {
    const p = resolve(raw);
    const st = await stat(p).catch(() => null);
    if (!st) missing.push(raw);
    else if (st.isDirectory()) await walk(p);
    else files.push(p);
  }
  return { files: [...new Set(files)], missing };
}
