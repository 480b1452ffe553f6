import { SourceState } from './sources';

/**
 * One trace from Jaeger, summarised for a service's tab.
 *
 * @public
 */
export interface TraceSummary {
  /** Jaeger's trace id, lower-case hex. */
  traceId: string;
  /** Service of the trace's root span (the span without a parent). */
  rootService: string;
  /** Operation of the root span, e.g. `frontend.boutique.svc.cluster.local:80/cart`. */
  rootOperation: string;
  /** ISO timestamp of the trace's earliest span. */
  startTime: string;
  /** From the earliest span start to the latest span end, in milliseconds. */
  durationMs: number;
  spanCount: number;
  /** Every service with a span in the trace, sorted. */
  services: string[];
  /** Spans marked as errors (`error=true` tag, or OTLP status code error). */
  errorCount: number;
}

/**
 * Recent traces of one entity, fetched from Jaeger on demand.
 *
 * @public
 */
export interface EntityTraces {
  /** Newest first. */
  items: TraceSummary[];
  /** State of the Jaeger source asked; `not-configured` when none covers the entity. */
  source: SourceState;
  /**
   * Browser-facing Jaeger UI base URL (`istioMesh.links.jaeger.url`, else
   * the source's URL); a trace's page is `${jaegerUrl}/trace/${traceId}`.
   */
  jaegerUrl?: string;
  /** The lookback the traces were searched in, e.g. `1h`. */
  lookback: string;
}
