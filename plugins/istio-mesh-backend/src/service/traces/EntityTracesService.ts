import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  durationMilliseconds,
  EntityMeshState,
  EntityTraces,
  SourceState,
  TraceSummary,
} from '@istio-mesh/plugin-istio-mesh-common';
import { JaegerClient } from '../../sources/jaeger/jaegerClient';
import { SourceRequestError } from '../../sources/http/sourceHttpClient';
import { formatSeconds } from '../formatSeconds';
import { readWithinDeadline } from '../sourceDeadline';
import {
  EntityTracesProvider,
  EntityTracesRequest,
  noJaegerTraces,
} from './EntityTracesProvider';

/** What {@link EntityTracesService} asks. */
export interface EntityTracesServiceOptions {
  /** One client per configured Jaeger, in config order. */
  jaegers: JaegerClient[];
  /** The entity's stored state, else one computed now. */
  entityState(entity: Entity): Promise<EntityMeshState>;
  /** `istioMesh.links.jaeger.url`: the UI browsers open. */
  jaegerUiUrl?: string;
  /** Deadline of one request to Jaeger (`istioMesh.traces.timeout`). */
  timeoutMs: number;
  /** How long an answer is reused for the same entity and query. */
  cacheMs?: number;
  logger?: LoggerService;
  now?: () => number;
}

// Answers older than this are dropped on the next insert past this size.
const SWEEP_AT = 500;

/**
 * Recent traces of an entity, asked of the first Jaeger covering its
 * clusters when the route is called: one search per Jaeger service name
 * of the entity, merged newest first. Answers are reused for 30 seconds
 * per entity, lookback and limit (in this replica's memory), and callers
 * asking at once share one search. A Jaeger that fails is reported in
 * `source`; it never fails the request.
 */
export class EntityTracesService implements EntityTracesProvider {
  private readonly cache = new Map<
    string,
    { expiresAt: number; answer: Promise<EntityTraces> }
  >();
  private readonly now: () => number;
  private readonly cacheMs: number;

  constructor(private readonly options: EntityTracesServiceOptions) {
    this.now = options.now ?? Date.now;
    this.cacheMs = options.cacheMs ?? 30_000;
  }

  async getEntityTraces(
    entity: Entity,
    request: EntityTracesRequest,
  ): Promise<EntityTraces> {
    const entityRef = stringifyEntityRef(entity);
    const key = `${entityRef}|${request.lookback ?? ''}|${request.limit}`;
    const now = this.now();
    const cached = this.cache.get(key);
    if (cached && cached.expiresAt > now) return cached.answer;
    const answer = this.search(entity, request);
    this.cache.set(key, { expiresAt: now + this.cacheMs, answer });
    // A failed search is not kept: the next caller asks again.
    answer.then(
      result => {
        if (result.source.status !== 'ok') this.cache.delete(key);
      },
      () => this.cache.delete(key),
    );
    if (this.cache.size > SWEEP_AT) {
      for (const [k, entry] of this.cache) {
        if (entry.expiresAt <= now) this.cache.delete(k);
      }
    }
    return answer;
  }

  private async search(
    entity: Entity,
    request: EntityTracesRequest,
  ): Promise<EntityTraces> {
    if (this.options.jaegers.length === 0) {
      return noJaegerTraces.getEntityTraces(entity, request);
    }
    const state = await this.options.entityState(entity);
    const clusters = [...new Set(state.workloads.map(w => w.cluster))];
    const jaeger = this.options.jaegers.find(
      j =>
        !j.config.clusters ||
        clusters.some(c => c !== undefined && j.config.clusters!.includes(c)),
    );
    if (!jaeger) {
      const answer = await noJaegerTraces.getEntityTraces(entity, request);
      return {
        ...answer,
        source: {
          ...answer.source,
          message: `No Jaeger (istioMesh.jaeger) covers cluster ${clusters.join(
            ', ',
          )}`,
        },
      };
    }
    const { config } = jaeger;
    const lookback = request.lookback ?? config.lookback;
    const base = {
      jaegerUrl: this.options.jaegerUiUrl ?? config.url,
      lookback,
    };
    const services = state.traceServices ?? [];
    const id = `jaeger:${config.name}`;
    const sourceState = (
      status: SourceState['status'],
      message?: string,
    ): SourceState => ({
      id,
      type: 'jaeger',
      status,
      ...(message ? { message } : {}),
    });
    if (services.length === 0) {
      return {
        ...base,
        items: [],
        source: sourceState('ok'),
      };
    }
    const { timeoutMs } = this.options;
    const result = await readWithinDeadline<
      { items: TraceSummary[] } | { failed: SourceState }
    >({
      timeoutMs,
      read: async signal => {
        try {
          const end = new Date(this.now());
          const lists = await Promise.all(
            services.map(service =>
              jaeger.traces(
                {
                  service,
                  end,
                  lookbackMs: durationMilliseconds(lookback)!,
                  limit: request.limit,
                },
                signal,
              ),
            ),
          );
          return { items: mergeNewestFirst(lists, request.limit) };
        } catch (error) {
          if (!(error instanceof SourceRequestError)) throw error;
          return { failed: sourceState(error.status, error.message) };
        }
      },
      stopped: () => ({
        failed: sourceState(
          'timeout',
          `Jaeger ${config.name}: no answer within ${formatSeconds(
            timeoutMs,
          )} (istioMesh.traces.timeout)`,
        ),
      }),
    });
    if ('failed' in result) {
      this.options.logger?.warn(
        `Traces of ${stringifyEntityRef(entity)}: ${id} is ${
          result.failed.status
        }: ${result.failed.message}`,
      );
      return { ...base, items: [], source: result.failed };
    }
    return { ...base, items: result.items, source: sourceState('ok') };
  }
}

/** One list of several services' traces, each trace once, newest first. */
function mergeNewestFirst(
  lists: TraceSummary[][],
  limit: number,
): TraceSummary[] {
  const byId = new Map<string, TraceSummary>();
  for (const trace of lists.flat()) byId.set(trace.traceId, trace);
  return [...byId.values()]
    .sort(
      (a, b) =>
        b.startTime.localeCompare(a.startTime) ||
        a.traceId.localeCompare(b.traceId),
    )
    .slice(0, limit);
}
