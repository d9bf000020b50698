import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/engine-events';
import type { RecordingManifest } from '../../shared/recording';
import { exportOtlp, OtlpExportError, parseOtlpTarget } from './otlp-export';
import { buildSpanPlans, type RecordingEvents } from './recording-spans';
import { FIXTURE_STARTED_AT, FIXTURE_T0, fixtureEvents, fixtureManifest } from './testing/fixture-recording';

function recording(
  manifest: RecordingManifest = fixtureManifest(),
  events: EngineEvent[] = fixtureEvents(),
): RecordingEvents {
  return {
    manifest,
    async *events() {
      yield* events;
    },
  };
}

interface JsonAttr {
  key: string;
  value: {
    stringValue?: string;
    intValue?: string | number;
    doubleValue?: number;
    boolValue?: boolean;
    arrayValue?: unknown;
  };
}
interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: JsonAttr[];
  events: { name: string; timeUnixNano: string }[];
  status: { code: number; message?: string };
}
interface JsonRequest {
  resourceSpans: {
    resource: { attributes: JsonAttr[] };
    scopeSpans: { scope: { name: string }; spans: JsonSpan[] }[];
  }[];
}

const attr = (span: JsonSpan, key: string) => {
  const v = span.attributes.find((a) => a.key === key)?.value;
  if (!v) return undefined;
  return (
    v.stringValue ??
    v.boolValue ??
    v.doubleValue ??
    (v.intValue === undefined ? v.arrayValue : Number(v.intValue))
  );
};
/** Nanoseconds since the epoch of event-clock t, as OTLP/JSON writes them. */
const nanosAt = (t: number) =>
  (BigInt(Date.parse(FIXTURE_STARTED_AT) + (t - FIXTURE_T0)) * 1_000_000n).toString();

function checkTree(req: JsonRequest): JsonSpan[] {
  expect(req.resourceSpans).toHaveLength(1);
  const { resource, scopeSpans } = req.resourceSpans[0];
  expect(resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue).toBe(
    'voice-agent-studio',
  );
  expect(scopeSpans).toHaveLength(1);
  expect(scopeSpans[0].scope.name).toBe('voice-agent-studio.recording');
  const spans = scopeSpans[0].spans;
  const ids = new Set(spans.map((s) => s.spanId));
  expect(ids.size).toBe(spans.length);
  expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
  expect(spans[0].traceId).toMatch(/^[0-9a-f]{32}$/);
  const roots = spans.filter((s) => !s.parentSpanId);
  expect(roots.map((s) => s.name)).toEqual(['agent_session']);
  for (const s of spans) {
    if (s.parentSpanId) expect(ids.has(s.parentSpanId), `${s.name}'s parent is in the request`).toBe(true);
    expect(BigInt(s.endTimeUnixNano) >= BigInt(s.startTimeUnixNano)).toBe(true);
  }
  return spans;
}

describe('span plans of a recording', () => {
  it('has a root, the user and agent turns, requests, tool calls and speaking, at the recorded times', async () => {
    const plans = await buildSpanPlans(recording());
    const names = plans.map((p) => p.name);
    expect(names.filter((n) => n === 'user_turn')).toHaveLength(2);
    expect(names.filter((n) => n === 'agent_turn')).toHaveLength(2);
    expect(names.filter((n) => n === 'llm_request')).toHaveLength(3);
    expect(names.filter((n) => n === 'tts_request')).toHaveLength(2);
    expect(names.filter((n) => n === 'function_tool')).toHaveLength(1);
    expect(names.filter((n) => n === 'user_speaking')).toHaveLength(2);
    expect(names.filter((n) => n === 'agent_speaking')).toHaveLength(2);
    const root = plans[0];
    expect([root.name, root.startT, root.endT]).toEqual(['agent_session', 1000, 11_000]);
    const turn1 = plans.find((p) => p.name === 'user_turn')!;
    expect([turn1.startT, turn1.endT]).toEqual([1500, 2900]);
    expect(turn1.attributes).toMatchObject({
      'lk.user_transcript': 'What is the weather?',
      'lk.end_of_turn_delay': 400,
      'lk.eou.probability': 0.9,
      'lk.transcript_confidence': 0.95,
      'lk.transcription_delay': 150,
    });
    const speaking = plans.find((p) => p.name === 'user_speaking')!;
    expect([speaking.startT, speaking.endT]).toEqual([1500, 2500]);
  });

  it('puts requests and tools under their speech, with the seed attribute names', async () => {
    const plans = await buildSpanPlans(recording());
    const sp1 = plans.find((p) => p.name === 'agent_turn' && p.attributes['lk.speech_id'] === 'sp1')!;
    expect([sp1.startT, sp1.endT]).toEqual([2901, 4401]);
    expect(sp1.attributes).toMatchObject({
      'lk.user_input': 'What is the weather?',
      'lk.response.text': 'Let me check.',
      'lk.interrupted': false,
    });
    expect(JSON.parse(String(sp1.attributes['lk.response.function_calls']))).toEqual([
      { call_id: 'c1', name: 'get_weather', arguments: '{"city":"Paris"}' },
    ]);
    const llm1 = plans.find((p) => p.key === 'llm:llm1')!;
    expect(llm1.parentKey).toBe(sp1.key);
    expect([llm1.startT, llm1.endT]).toEqual([2902, 3200]);
    expect(llm1.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.usage.input_tokens': 80,
      'gen_ai.usage.output_tokens': 12,
      'lk.speech_id': 'sp1',
    });
    expect(llm1.events).toEqual([{ name: 'first_token', t: 3000 }]);
    expect(plans.find((p) => p.key === 'llm:llm2')!.error).toBe('rate limited');
    const tool = plans.find((p) => p.name === 'function_tool')!;
    expect(tool.parentKey).toBe(sp1.key);
    expect(tool.attributes).toMatchObject({
      'lk.function_tool.id': 'c1',
      'lk.function_tool.name': 'get_weather',
      'lk.function_tool.output': 'sunny',
      'lk.function_tool.is_error': false,
    });
    const tts1 = plans.find((p) => p.key === 'tts:tts1')!;
    expect(tts1.attributes).toMatchObject({ 'lk.input_text': 'Let me check.', 'lk.tts.streaming': true });
    const sp2 = plans.find((p) => p.name === 'agent_turn' && p.attributes['lk.speech_id'] === 'sp2')!;
    expect(sp2.attributes['lk.interrupted']).toBe(true);
    expect(sp2.events.map((e) => e.name)).toEqual(['interruption']);
  });

  it('closes what the recording never ended at its end, marked truncated', async () => {
    const plans = await buildSpanPlans(recording());
    const tts3 = plans.find((p) => p.key === 'tts:tts3')!;
    expect(tts3.endT).toBe(11_000);
    expect(tts3.attributes['studio.truncated']).toBe(true);
    expect(plans.find((p) => p.key === 'tts:tts1')!.attributes['studio.truncated']).toBeUndefined();
  });

  it('ends a crashed recording (no duration) at its last event', async () => {
    const plans = await buildSpanPlans(
      recording(fixtureManifest({ durationMs: null, endedAt: null, endReason: null })),
    );
    expect(plans[0].endT).toBe(8004);
  });
});

describe('export --otlp FILE', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('writes an OTLP/JSON ExportTraceServiceRequest with one tree and the recorded times', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'otlp-'));
    dirs.push(dir);
    const file = join(dir, 'sub', 'trace.json');
    const result = await exportOtlp(recording(), parseOtlpTarget(file));
    const req = JSON.parse(readFileSync(file, 'utf8')) as JsonRequest;
    const spans = checkTree(req);
    expect(result.spanCount).toBe(spans.length);
    const root = spans.find((s) => s.name === 'agent_session')!;
    expect(root.startTimeUnixNano).toBe(nanosAt(1000));
    expect(root.endTimeUnixNano).toBe(nanosAt(11_000));
    expect(attr(root, 'lk.agent_name')).toBe('default_agent');
    const llm = spans.find((s) => s.name === 'llm_request' && attr(s, 'lk.speech_id') === 'sp2')!;
    const turn = spans.find((s) => s.name === 'agent_turn' && attr(s, 'lk.speech_id') === 'sp2')!;
    expect(llm.parentSpanId).toBe(turn.spanId);
    expect(turn.parentSpanId).toBe(root.spanId);
    expect([llm.startTimeUnixNano, llm.endTimeUnixNano]).toEqual([nanosAt(7402), nanosAt(7500)]);
    const failed = spans.find((s) => s.name === 'llm_request' && s.status.code === 2)!;
    expect(failed.status.message).toBe('rate limited');
    const first = spans.find((s) => s.name === 'llm_request' && s.events.length > 0)!;
    expect(first.events[0]).toMatchObject({ name: 'first_token', timeUnixNano: nanosAt(3000) });
    const tools = spans.find((s) => s.name === 'llm_request' && attr(s, 'lk.function_tools') !== undefined)!;
    expect(tools).toBeDefined();
  });
});

describe('export --otlp URL', () => {
  let server: Server | null = null;
  afterEach(async () => {
    await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    server = null;
  });

  async function listen(
    respond: (req: IncomingMessage, body: string) => number,
  ): Promise<{ url: string; got: { path: string; type: string; body: string }[] }> {
    const got: { path: string; type: string; body: string }[] = [];
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        got.push({ path: req.url ?? '', type: String(req.headers['content-type']), body });
        res.writeHead(respond(req, body), { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return { url: `http://127.0.0.1:${address.port}`, got };
  }

  it('POSTs the same request to /v1/traces of a bare endpoint', async () => {
    const { url, got } = await listen(() => 200);
    const result = await exportOtlp(recording(), parseOtlpTarget(url));
    expect(got).toHaveLength(1);
    expect(got[0].path).toBe('/v1/traces');
    expect(got[0].type).toContain('application/json');
    const spans = checkTree(JSON.parse(got[0].body) as JsonRequest);
    expect(spans).toHaveLength(result.spanCount);
  });

  it('says which endpoint refused the export', async () => {
    const { url } = await listen(() => 400);
    await expect(exportOtlp(recording(), parseOtlpTarget(`${url}/custom/traces`))).rejects.toThrow(
      new RegExp(`POST ${url}/custom/traces failed`),
    );
  });
});

describe('parseOtlpTarget', () => {
  it('tells files, http(s) endpoints and other schemes apart', () => {
    expect(parseOtlpTarget('out/trace.json')).toEqual({ kind: 'file', path: 'out/trace.json' });
    expect(parseOtlpTarget('https://otel.example:4318/v1/traces')).toEqual({
      kind: 'url',
      url: 'https://otel.example:4318/v1/traces',
    });
    expect(() => parseOtlpTarget('grpc://localhost:4317')).toThrow(OtlpExportError);
    expect(() => parseOtlpTarget('grpc://localhost:4317')).toThrow(/grpc:\/\/ is not supported/);
    expect(() => parseOtlpTarget('')).toThrow(/--otlp/);
  });
});
