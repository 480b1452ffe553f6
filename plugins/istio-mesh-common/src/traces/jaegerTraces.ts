import { TraceSummary } from '../types/traces';

/**
 * A span of Jaeger's v1 query API (`/api/traces`), the fields read.
 *
 * @public
 */
export interface JaegerSpan {
  traceID: string;
  spanID: string;
  operationName: string;
  references?: Array<{ refType: string; traceID: string; spanID: string }>;
  /** Microseconds since the epoch. */
  startTime: number;
  /** Microseconds. */
  duration: number;
  tags?: Array<{ key: string; type?: string; value: unknown }>;
  processID: string;
}

/**
 * A trace of Jaeger's v1 query API: its spans and their processes.
 *
 * @public
 */
export interface JaegerTrace {
  traceID: string;
  spans: JaegerSpan[];
  processes: Record<string, { serviceName: string }>;
}

/**
 * A value of an OTLP JSON attribute, the kinds read.
 *
 * @public
 */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
}

/**
 * OTLP JSON traces (`TracesData`), as Jaeger's v3 API answers
 * `/api/v3/traces` inside `result`; the fields read.
 *
 * @public
 */
export interface OtlpTracesData {
  resourceSpans?: Array<{
    resource?: { attributes?: Array<{ key: string; value?: OtlpAnyValue }> };
    scopeSpans?: Array<{
      spans?: Array<{
        traceId: string;
        spanId: string;
        parentSpanId?: string;
        name: string;
        /** Nanoseconds since the epoch, as a decimal string. */
        startTimeUnixNano: string | number;
        endTimeUnixNano: string | number;
        attributes?: Array<{ key: string; value?: OtlpAnyValue }>;
        /** `2` or `STATUS_CODE_ERROR` for an error. */
        status?: { code?: number | string };
      }>;
    }>;
  }>;
}

/** One span, whichever API it came from. */
interface FlatSpan {
  spanId: string;
  parentSpanId?: string;
  service: string;
  operation: string;
  /** Microseconds since the epoch. */
  start: number;
  end: number;
  error: boolean;
}

function summarize(traceId: string, spans: FlatSpan[]): TraceSummary {
  const ids = new Set(spans.map(s => s.spanId));
  const earliest = (a: FlatSpan, b: FlatSpan) => a.start - b.start;
  // The root has no parent in the trace; a trace still being written may
  // lack it, and then its earliest span stands in.
  const root =
    [...spans]
      .filter(s => !s.parentSpanId || !ids.has(s.parentSpanId))
      .sort(earliest)[0] ?? [...spans].sort(earliest)[0];
  const start = Math.min(...spans.map(s => s.start));
  const end = Math.max(...spans.map(s => s.end));
  return {
    traceId,
    rootService: root?.service ?? '',
    rootOperation: root?.operation ?? '',
    startTime: new Date(Math.floor(start / 1000)).toISOString(),
    durationMs: Math.round(end - start) / 1000,
    spanCount: spans.length,
    services: [...new Set(spans.map(s => s.service))].sort(),
    errorCount: spans.filter(s => s.error).length,
  };
}

const newestFirst = (a: TraceSummary, b: TraceSummary) =>
  b.startTime.localeCompare(a.startTime) || a.traceId.localeCompare(b.traceId);

/**
 * Summaries of traces from Jaeger's v1 query API, newest first. A span is
 * an error when it carries the tag `error=true` (OpenTracing's
 * convention, which Jaeger keeps when it converts OTLP spans).
 *
 * @public
 */
export function summarizeJaegerTraces(traces: JaegerTrace[]): TraceSummary[] {
  return traces
    .filter(trace => trace.spans?.length > 0)
    .map(trace =>
      summarize(
        trace.traceID,
        trace.spans.map(span => {
          const parent = span.references?.find(
            r => r.refType === 'CHILD_OF' && r.traceID === span.traceID,
          );
          return {
            spanId: span.spanID,
            parentSpanId: parent?.spanID,
            service: trace.processes?.[span.processID]?.serviceName ?? '',
            operation: span.operationName,
            start: span.startTime,
            end: span.startTime + span.duration,
            error: (span.tags ?? []).some(
              t =>
                t.key === 'error' && (t.value === true || t.value === 'true'),
            ),
          };
        }),
      ),
    )
    .sort(newestFirst);
}

/**
 * A trace or span id as lower-case hex: Jaeger's v3 API writes them in hex,
 * early versions of it in base64 (protobuf's JSON for bytes).
 */
function hexId(id: string): string {
  if (/^[0-9a-fA-F]+$/.test(id)) return id.toLowerCase();
  const bytes = globalThis.atob(id);
  return [...bytes]
    .map(c => c.charCodeAt(0).toString(16).padStart(2, '0'))
    .join('');
}

const OTLP_STATUS_ERROR = new Set([2, '2', 'STATUS_CODE_ERROR']);

/**
 * Summaries of the traces in OTLP JSON, as Jaeger's v3 API returns them
 * (spans of one trace may be spread over several resources), newest
 * first. A span is an error when its status code is ERROR.
 *
 * @public
 */
export function summarizeOtlpTraces(data: OtlpTracesData): TraceSummary[] {
  const byTrace = new Map<string, FlatSpan[]>();
  for (const resourceSpans of data.resourceSpans ?? []) {
    const service =
      resourceSpans.resource?.attributes?.find(a => a.key === 'service.name')
        ?.value?.stringValue ?? '';
    for (const scopeSpans of resourceSpans.scopeSpans ?? []) {
      for (const span of scopeSpans.spans ?? []) {
        const traceId = hexId(span.traceId);
        // Nanoseconds exceed a double's precision; microseconds do not.
        const micros = (nanos: string | number) =>
          Number(BigInt(String(nanos)) / 1000n);
        const flat: FlatSpan = {
          spanId: hexId(span.spanId),
          ...(span.parentSpanId
            ? { parentSpanId: hexId(span.parentSpanId) }
            : {}),
          service,
          operation: span.name,
          start: micros(span.startTimeUnixNano),
          end: micros(span.endTimeUnixNano),
          error: OTLP_STATUS_ERROR.has(span.status?.code ?? 0),
        };
        byTrace.set(traceId, [...(byTrace.get(traceId) ?? []), flat]);
      }
    }
  }
  return [...byTrace]
    .map(([traceId, spans]) => summarize(traceId, spans))
    .sort(newestFirst);
}
