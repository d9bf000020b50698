/**
 * `export REC --otlp FILE|URL`: a recording's span plans (recording-spans.ts) become real
 * OpenTelemetry spans through the SDK, started and ended at the recorded times, then are
 * written as an OTLP/JSON ExportTraceServiceRequest (the standard JSON encoding: resourceSpans →
 * scopeSpans → spans, hex ids, times as nanosecond strings) or sent to an OTLP/HTTP endpoint.
 * The SDK is used without registering anything global: the export touches no process state.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type HrTime, type Span } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type IdGenerator,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import type { RecordingManifest } from '../../shared/recording';
import { buildSpanPlans, type RecordingEvents, type SpanPlan } from './recording-spans';

export const OTLP_SCOPE = 'voice-agent-studio.recording';

export type OtlpTarget = { kind: 'file'; path: string } | { kind: 'url'; url: string };

/** Thrown for a target that is neither a file path nor an http(s) URL, and for a failed POST. */
export class OtlpExportError extends Error {
  override name = 'OtlpExportError';
}

/**
 * `http(s)://…` is an endpoint, anything else a file path. An endpoint given as a bare origin
 * (`http://localhost:4318`) gets the standard traces path `/v1/traces`, as OTLP exporters do
 * with OTEL_EXPORTER_OTLP_ENDPOINT; a URL with a path is used as given.
 */
export function parseOtlpTarget(value: string): OtlpTarget {
  if (value.trim() === '')
    throw new OtlpExportError('--otlp: expected a file path or an http(s) URL, got ""');
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'file', path: value };
  if (scheme !== 'http' && scheme !== 'https')
    throw new OtlpExportError(
      `--otlp: ${scheme}:// is not supported; give an OTLP/HTTP endpoint (http:// or https://) or a file path`,
    );
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OtlpExportError(`--otlp: ${value} is not a valid URL`);
  }
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/traces';
  return { kind: 'url', url: url.toString() };
}

/** Wall-clock time of event-clock `t`, as OTel's [seconds, nanoseconds]. */
export function hrTimeAt(manifest: RecordingManifest, t: number): HrTime {
  const ms = Date.parse(manifest.startedAt) + (t - manifest.startedAtT);
  const seconds = Math.floor(ms / 1000);
  const nanos = Math.round((ms - seconds * 1000) * 1e6);
  return nanos >= 1e9 ? [seconds + 1, nanos - 1e9] : [seconds, nanos];
}

/** Turns the plans into finished SDK spans (parents before children, as the plans are ordered). */
export function plansToSpans(
  manifest: RecordingManifest,
  plans: readonly SpanPlan[],
  idGenerator?: IdGenerator,
): ReadableSpan[] {
  if (Number.isNaN(Date.parse(manifest.startedAt)))
    throw new OtlpExportError(`manifest.startedAt: "${manifest.startedAt}" is not a date`);
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'voice-agent-studio',
      'service.version': manifest.appVersion,
      'studio.recording.id': manifest.id,
      'studio.input_kind': manifest.inputKind,
    }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
    // Everything the recording holds is exported; the defaults (128 attributes, unbounded values) fit.
    ...(idGenerator ? { idGenerator } : {}),
  });
  const tracer = provider.getTracer(OTLP_SCOPE, manifest.appVersion);
  const live = new Map<string, Span>();
  const ended: Span[] = [];
  for (const plan of plans) {
    const parent = plan.parentKey === null ? undefined : live.get(plan.parentKey);
    if (plan.parentKey !== null && !parent)
      throw new OtlpExportError(`span ${plan.key}: its parent ${plan.parentKey} comes after it`);
    const ctx = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    const span = tracer.startSpan(
      plan.name,
      { startTime: hrTimeAt(manifest, plan.startT), attributes: plan.attributes, kind: SpanKind.INTERNAL },
      ctx,
    );
    for (const ev of plan.events) span.addEvent(ev.name, ev.attributes ?? {}, hrTimeAt(manifest, ev.t));
    if (plan.error !== null) span.setStatus({ code: SpanStatusCode.ERROR, message: plan.error });
    live.set(plan.key, span);
    ended.push(span);
  }
  // End children before parents so every exporter sees a consistent tree; times are the recorded ones.
  for (let i = ended.length - 1; i >= 0; i--) ended[i].end(hrTimeAt(manifest, plans[i].endT));
  const spans = memory.getFinishedSpans();
  // Oldest first in the file, like the recording.
  return [...spans].reverse();
}

/** The OTLP/JSON ExportTraceServiceRequest of the spans, as bytes. */
export function otlpJson(spans: ReadableSpan[]): Uint8Array {
  return JsonTraceSerializer.serializeRequest(spans) ?? new Uint8Array();
}

export interface OtlpExportResult {
  spanCount: number;
  target: OtlpTarget;
}

export async function exportOtlp(
  rec: RecordingEvents,
  target: OtlpTarget,
  options: { idGenerator?: IdGenerator; timeoutMs?: number } = {},
): Promise<OtlpExportResult> {
  const plans = await buildSpanPlans(rec);
  const spans = plansToSpans(rec.manifest, plans, options.idGenerator);
  if (target.kind === 'file') {
    mkdirSync(dirname(target.path), { recursive: true });
    writeFileSync(target.path, otlpJson(spans));
  } else {
    await postSpans(target.url, spans, options.timeoutMs ?? 10_000);
  }
  return { spanCount: spans.length, target };
}

async function postSpans(url: string, spans: ReadableSpan[], timeoutMs: number): Promise<void> {
  const exporter = new OTLPTraceExporter({ url, timeoutMillis: timeoutMs });
  try {
    await new Promise<void>((resolve, reject) => {
      exporter.export(spans, (result) => {
        if (result.error === undefined && result.code === ExportResultCode.SUCCESS) resolve();
        else
          reject(
            new OtlpExportError(
              `--otlp: POST ${url} failed: ${result.error?.message ?? `export result code ${result.code}`}`,
            ),
          );
      });
    });
  } finally {
    await exporter.shutdown();
  }
}
