import express, { Request, Response } from 'express';
import Router from 'express-promise-router';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { MeshStateService } from './MeshStateService';
import { MeshStateStore } from '../database/MeshStateStore';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  AnalyzeRequest,
  AnalyzeResponse,
  ComplianceCsvQuery,
  CompliancePage,
  ComplianceQuery,
  ComplianceSummary,
  ComplianceSummaryQuery,
  durationMilliseconds,
  EntityMeshState,
  EntityName,
  EntityTraces,
  EntityTracesQuery,
  istioMeshAnalyzePermission,
  istioMeshRefreshPermission,
} from '@istio-mesh/plugin-istio-mesh-common';
import { spec } from '../schema/openapi.generated';
import { ComplianceService } from './ComplianceService';
import { writeComplianceCsv } from './complianceCsv';
import { ManifestAnalyzer } from './analyzeManifests';
import {
  CallerRateLimiter,
  rateLimitPerCaller,
} from './limits/callerRateLimiter';
import { PayloadTooLargeError } from './limits/httpErrors';
import { sourcesForCaller } from './sourceVisibility';
import {
  DEFAULT_TRACES_LIMIT,
  EntityTracesProvider,
  MAX_TRACES_LOOKBACK_MS,
} from './traces/EntityTracesProvider';

/**
 * A request the validated router has checked against openapi.yaml, typed
 * by common's API types, which common's api/openapiContract.ts proves equal
 * to the types generated from the same YAML.
 */
type ApiRequest<
  Params = Record<string, never>,
  Query = Record<string, never>,
  Body = never,
> = Request<Params, unknown, Body, Query>;

/** Id of the scheduled refresh task, which `POST /v1/refresh` triggers. */
export const REFRESH_TASK_ID = 'istio-mesh-refresh';

/** What the router needs. */
export interface RouterOptions {
  /** Where a degraded answer (the store unreachable) is noted. */
  logger?: LoggerService;
  httpAuth: HttpAuthService;
  catalog: CatalogService;
  meshState: MeshStateService;
  store: MeshStateStore;
  permissions: PermissionsService;
  scheduler: SchedulerService;
  compliance: ComplianceService;
  /** `POST /v1/analyze`, with its limits. */
  analyzer: ManifestAnalyzer;
  /** `istioMesh.analyze.maxBodyBytes` and `rateLimit`. */
  analyzeLimits: {
    maxBodyBytes: number;
    rateLimit: { requests: number; windowMs: number };
  };
  /** `GET /v1/entities/.../traces`: recent traces from Jaeger. */
  traces: EntityTracesProvider;
  /** `istioMesh.traces.rateLimit`: trace requests per caller. */
  tracesRateLimit: { requests: number; windowMs: number };
  /** Checks responses against the OpenAPI spec too; for tests. */
  validateResponses?: boolean;
  /**
   * Data older than this is reported `stale`; never when undefined (a
   * refresh triggered only by hand).
   */
  staleAfterSeconds?: number;
  now?: () => number;
}

/** Ages a stored state's sources to now, marking old data stale. */
function withCurrentAge(
  state: EntityMeshState,
  staleAfterSeconds: number | undefined,
  now: number,
): EntityMeshState {
  const age = Math.max(
    0,
    Math.round((now - Date.parse(state.generatedAt)) / 1000),
  );
  return {
    ...state,
    sources: state.sources.map(source => {
      if (source.ageSeconds === undefined) return source;
      const ageSeconds = source.ageSeconds + age;
      // Served from a last good read, it already says so.
      if (source.status === 'stale') return { ...source, ageSeconds };
      return staleAfterSeconds !== undefined && ageSeconds > staleAfterSeconds
        ? {
            ...source,
            status: 'stale',
            ageSeconds,
            message: `last refreshed ${ageSeconds}s ago${
              source.message ? `; ${source.message}` : ''
            }`,
          }
        : { ...source, ageSeconds };
    }),
  };
}

/**
 * Routes under `/api/istio-mesh`. Every route but `/health` needs a caller;
 * entities are loaded from the catalog on the caller's behalf, so an entity
 * the caller may not read is indistinguishable from a missing one (404).
 * Mesh state comes from the store the scheduled refresh fills, never from
 * the clusters directly.
 */
export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const {
    httpAuth,
    catalog,
    meshState,
    store,
    staleAfterSeconds,
    permissions,
    scheduler,
    compliance,
    analyzer,
    analyzeLimits,
    traces,
    tracesRateLimit,
    logger,
  } = options;
  const now = options.now ?? Date.now;
  const parseJson = express.json({ limit: analyzeLimits.maxBodyBytes });
  // Requests (and, in tests, responses) are validated against the spec; the
  // handlers are typed by the common package's API types (see ApiRequest).
  const router: express.Router = createValidatedOpenApiRouter(spec, {
    // Bodies arrive parsed (see below); this parser then passes them on.
    middleware: [parseJson],
    validatorOptions: { validateResponses: options.validateResponses ?? false },
  });

  /**
   * Whether the caller may see the sources' full messages: one
   * `permissions.authorize` call per request, together with the route's
   * own permission where it has one.
   */
  const authorize = async (
    credentials: BackstageCredentials,
    routePermission?: BasicPermission,
  ) => {
    const decisions = await permissions.authorize(
      [
        { permission: istioMeshRefreshPermission },
        ...(routePermission ? [{ permission: routePermission }] : []),
      ],
      { credentials },
    );
    return {
      showSourceDetails: decisions[0].result === AuthorizeResult.ALLOW,
      routeAllowed: decisions[1]?.result === AuthorizeResult.ALLOW,
    };
  };

  // An entity's routes answer only for an entity the caller may read in
  // the catalog, asked on the caller's behalf; any other is not found.
  const readableEntity = async (
    {
      kind,
      namespace,
      name,
    }: { kind: string; namespace: string; name: string },
    credentials: BackstageCredentials,
  ) => {
    const entity = await catalog.getEntityByRef(
      { kind, namespace, name },
      { credentials },
    );
    if (!entity) {
      throw new NotFoundError(`No entity ${kind}:${namespace}/${name} found`);
    }
    return entity;
  };

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name',
    async (req: ApiRequest<EntityName>, res: Response<EntityMeshState>) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const entity = await readableEntity(req.params, credentials);
      const { showSourceDetails } = await authorize(credentials);
      const visible = (state: EntityMeshState): EntityMeshState => ({
        ...state,
        sources: sourcesForCaller(state.sources, showSourceDetails),
      });
      // Served from the store; an entity the last refresh did not see yet is
      // computed once from the cached sources and stored. With the database
      // unreachable, it is computed from the sources and served all the same.
      const entityRef = stringifyEntityRef(entity);
      const stored = await store.getState(entityRef).catch(error => {
        logger?.warn(
          `Mesh state of ${entityRef} computed from the sources: the store cannot be read: ${error}`,
        );
        return null;
      });
      if (stored) {
        res.json(visible(withCurrentAge(stored, staleAfterSeconds, now())));
        return;
      }
      const state = await meshState.getEntityMeshState(entity);
      if (stored === undefined) {
        await store.saveStates([state], new Date(now()));
      }
      res.json(visible(state));
    },
  );

  // Asked of Jaeger when called (the provider caches briefly), with the
  // same caller rules as the entity's state: the entity is read on the
  // caller's behalf, and source messages are shown to the platform team.
  router.get(
    '/v1/entities/:kind/:namespace/:name/traces',
    async (
      req: ApiRequest<EntityName, EntityTracesQuery>,
      res: Response<EntityTraces>,
    ) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { lookback, limit } = req.query;
      if (lookback !== undefined) {
        const ms = durationMilliseconds(lookback);
        if (ms === undefined || ms <= 0 || ms > MAX_TRACES_LOOKBACK_MS) {
          throw new InputError(
            `lookback must be a duration from 1ms to 24h, such as 30m or 1h, not ${lookback}`,
          );
        }
      }
      const entity = await readableEntity(req.params, credentials);
      const [answer, { showSourceDetails }] = await Promise.all([
        traces.getEntityTraces(entity, {
          lookback,
          limit: limit ?? DEFAULT_TRACES_LIMIT,
        }),
        authorize(credentials),
      ]);
      res.json({
        ...answer,
        source: sourcesForCaller([answer.source], showSourceDetails)[0],
      });
    },
  );

  router.get(
    '/v1/compliance',
    async (
      req: ApiRequest<Record<string, never>, ComplianceQuery>,
      res: Response<CompliancePage>,
    ) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(await compliance.list(req.query, credentials));
    },
  );

  // The same rows as the list, from the same entities the caller may read.
  router.get(
    '/v1/compliance.csv',
    async (req: ApiRequest<Record<string, never>, ComplianceCsvQuery>, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const rows = await compliance.listAll(req.query, credentials);
      res.attachment('istio-mesh-compliance.csv');
      await writeComplianceCsv(rows, res);
    },
  );

  router.get(
    '/v1/compliance/summary',
    async (
      req: ApiRequest<Record<string, never>, ComplianceSummaryQuery>,
      res: Response<ComplianceSummary>,
    ) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      res.json(await compliance.summary(req.query, credentials));
    },
  );

  router.post(
    '/v1/analyze',
    async (
      req: ApiRequest<
        Record<string, never>,
        Record<string, never>,
        AnalyzeRequest
      >,
      res: Response<AnalyzeResponse>,
    ) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { showSourceDetails, routeAllowed } = await authorize(
        credentials,
        istioMeshAnalyzePermission,
      );
      if (!routeAllowed) {
        throw new NotAllowedError(
          'Not allowed to analyze manifests against the live mesh (istio-mesh.analyze)',
        );
      }
      const response = await analyzer.analyze(req.body, { credentials });
      res.json({
        ...response,
        sources: sourcesForCaller(response.sources, showSourceDetails),
      });
    },
  );

  // Starts the scheduled refresh now, on whichever replica takes it; the
  // task still runs one at a time.
  router.post('/v1/refresh', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: istioMeshRefreshPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Not allowed to refresh the mesh state (istio-mesh.refresh)',
      );
    }
    await scheduler.triggerTask(REFRESH_TASK_ID);
    res.status(202).json({ status: 'refresh started' });
  });

  // In front of the validated routes: the rate limits count a request
  // before Jaeger is asked or an analysis's body is read, and the body is
  // read here because errors of middleware inside the validated router all
  // become 400s there.
  const limited = Router();
  limited.get(
    '/v1/entities/:kind/:namespace/:name/traces',
    rateLimitPerCaller({
      limiter: new CallerRateLimiter({ ...tracesRateLimit, now }),
      httpAuth,
      configKey: 'istioMesh.traces.rateLimit',
    }),
  );
  limited.post(
    '/v1/analyze',
    rateLimitPerCaller({
      limiter: new CallerRateLimiter({ ...analyzeLimits.rateLimit, now }),
      httpAuth,
      configKey: 'istioMesh.analyze.rateLimit',
    }),
  );
  const bodyErrors: express.ErrorRequestHandler = (error, _req, _res, next) => {
    if (error?.type === 'entity.too.large') {
      next(
        new PayloadTooLargeError(
          `request body larger than ${analyzeLimits.maxBodyBytes} bytes (istioMesh.analyze.maxBodyBytes)`,
        ),
      );
    } else if (error?.status >= 400 && error?.status < 500) {
      // Malformed JSON and the like, answered 400 as before.
      next(new InputError(error.message));
    } else {
      next(error);
    }
  };
  limited.use(parseJson, bodyErrors);
  limited.use(router);
  return limited;
}
