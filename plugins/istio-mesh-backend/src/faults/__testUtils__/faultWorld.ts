import { readFileSync } from 'fs';
import { resolve } from 'path';
import express from 'express';
import request from 'supertest';
import { Knex } from 'knex';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  EntityMeshState,
  EntityTraces,
  parseManifests,
} from '@istio-mesh/plugin-istio-mesh-common';
import { readIstioMeshConfig } from '../../config';
import { MeshStateStore } from '../../database/MeshStateStore';
import { ComplianceService } from '../../service/ComplianceService';
import { MeshRefresh } from '../../service/MeshRefresh';
import { MeshStateService } from '../../service/MeshStateService';
import { ManifestAnalyzer } from '../../service/analyzeManifests';
import { createRouter } from '../../service/router';
import {
  KubernetesApiTestServer,
  startKubernetesApiTestServer,
} from '../../__testUtils__/kubernetesApiTestServer';
import { FaultyApiServer, startFaultyApiServer } from './faultyApiServer';
import { EntityTracesService } from '../../service/traces/EntityTracesService';
import { JaegerClient } from '../../sources/jaeger/jaegerClient';

export const CLUSTERS = ['alpha', 'beta', 'gamma'] as const;
export type ClusterName = (typeof CLUSTERS)[number];

const examples = resolve(__dirname, '../../../../../examples');
export const homelabObjects = parseManifests(
  readFileSync(resolve(examples, 'cluster/homelab.yaml'), 'utf8'),
  'homelab.yaml',
).objects.map(o => o.object);

/** Two services in each cluster, mapped by cluster annotation. */
export const FAULT_ENTITIES: Entity[] = CLUSTERS.flatMap(cluster =>
  ['cartservice', 'paymentservice'].map(app => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `${app}-${cluster}`,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-label-selector': `app=${app}`,
        'backstage.io/kubernetes-namespace': 'boutique-dev',
        'backstage.io/kubernetes-cluster': cluster,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'boutique' },
  })),
);

/** A logger that keeps every line, with its metadata, as text. */
export function recordingLogger(lines: string[]): LoggerService {
  const log = (level: string) => (message: string, meta?: Error | object) => {
    let extra = '';
    if (meta instanceof Error) extra = ` ${meta.message} ${meta.stack}`;
    else if (meta) extra = ` ${JSON.stringify(meta)}`;
    lines.push(`${level} ${message}${extra}`);
  };
  const logger: LoggerService = {
    error: log('error'),
    warn: log('warn'),
    info: log('info'),
    debug: log('debug'),
    child: () => logger,
  };
  return logger;
}

/** Polls `condition` until it holds; the test's own timeout bounds it. */
export async function waitFor(condition: () => boolean | Promise<boolean>) {
  while (!(await condition())) {
    await new Promise(r => setTimeout(r, 20));
  }
}

export interface FaultWorldOptions {
  /** The store's database. */
  knex: Knex;
  /** `istioMesh` config merged over the world's. */
  istioMesh?: Record<string, unknown>;
  /** The refresh's start time. */
  now?: () => Date;
}

/**
 * Three clusters (alpha, beta, gamma) served by test Kubernetes API
 * servers, beta behind a proxy that fails on demand; the plugin's
 * service, store, refresh and routes over them; every log line and every
 * response body kept, to look for credentials in.
 */
export interface FaultWorld {
  servers: Record<ClusterName, KubernetesApiTestServer>;
  beta: FaultyApiServer;
  store: MeshStateStore;
  meshState: MeshStateService;
  refresh: MeshRefresh;
  logs: string[];
  responses: string[];
  /** Every token a cluster accepts. */
  credentials: string[];
  /** The entity's state as the entity route serves it to the platform team. */
  state(name: string): Promise<EntityMeshState>;
  /** The entity's traces as the traces route serves them to the platform team. */
  traces(name: string, query?: Record<string, string>): Promise<EntityTraces>;
  /** The stored state of every entity, by ref. */
  stored(): Promise<Record<string, EntityMeshState | undefined>>;
  /** Another replica: its own service and refresh over the same store. */
  replica(now: () => Date): MeshRefresh;
  close(): Promise<void>;
}

export async function startFaultWorld(
  options: FaultWorldOptions,
): Promise<FaultWorld> {
  const servers = Object.fromEntries(
    await Promise.all(
      CLUSTERS.map(
        async name =>
          [
            name,
            await startKubernetesApiTestServer({
              objects: homelabObjects,
              notInstalled: ['argoproj.io'],
            }),
          ] as const,
      ),
    ),
  ) as Record<ClusterName, KubernetesApiTestServer>;
  const beta = await startFaultyApiServer(servers.beta.url);
  const config = readIstioMeshConfig(
    new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: CLUSTERS.map(name => ({
              name,
              url: name === 'beta' ? beta.url : servers[name].url,
              authProvider: 'serviceAccount',
              serviceAccountToken: servers[name].token,
              skipTLSVerify: true,
            })),
          },
        ],
      },
      istioMesh: {
        cacheSeconds: 0,
        // Far above a healthy read on a busy machine; a fault test that
        // waits on a hang sets its own.
        sources: { timeout: { seconds: 30 } },
        kubernetes: {
          requestTimeoutMs: 60_000,
          maxResponseBytes: 4 * 1024 * 1024,
        },
        ...options.istioMesh,
      },
    }),
  );
  const logs: string[] = [];
  const logger = recordingLogger(logs);
  const store = await MeshStateStore.create(
    mockServices.database.mock({ getClient: async () => options.knex }),
  );
  const catalog = catalogServiceMock({ entities: FAULT_ENTITIES });
  const newRefresh = (now?: () => Date) => {
    const meshState = new MeshStateService(
      config,
      logger,
      mockServices.urlReader.mock(),
    );
    return {
      meshState,
      refresh: new MeshRefresh({
        catalog,
        auth: mockServices.auth(),
        meshState,
        store,
        logger,
        historyRetentionDays: 90,
        now,
      }),
    };
  };
  const { meshState, refresh } = newRefresh(options.now);
  const compliance = new ComplianceService({ catalog, store });
  const router = await createRouter({
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.user(),
    }),
    catalog,
    meshState,
    store,
    // The platform team: allowed everything, sources' full messages too.
    permissions: mockServices.permissions.mock({
      authorize: async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    }),
    scheduler: mockServices.scheduler.mock(),
    compliance,
    analyzer: new ManifestAnalyzer({
      liveMesh: meshState,
      readable: compliance,
      limits: config.analyze,
    }),
    analyzeLimits: config.analyze,
    traces: new EntityTracesService({
      jaegers: config.jaeger.map(c => new JaegerClient(c)),
      jaegerUiUrl: config.links.jaeger?.url,
      timeoutMs: config.traces.timeoutMs,
      // Every request asks Jaeger again: a fault shows at once.
      cacheMs: 0,
      logger,
      entityState: async entity =>
        (await store.getState(stringifyEntityRef(entity))) ??
        meshState.getEntityMeshState(entity),
    }),
    tracesRateLimit: config.traces.rateLimit,
    staleAfterSeconds: 600,
    validateResponses: true,
    logger,
  });
  const app = express().use(router).use(mockErrorHandler());
  const responses: string[] = [];

  return {
    servers,
    beta,
    store,
    meshState,
    refresh,
    logs,
    responses,
    credentials: CLUSTERS.map(name => servers[name].token),
    async state(name) {
      const response = await request(app).get(
        `/v1/entities/component/default/${name}`,
      );
      responses.push(response.text);
      if (response.status !== 200) {
        throw new Error(`${name}: ${response.status} ${response.text}`);
      }
      return response.body;
    },
    async traces(name, query = {}) {
      const response = await request(app)
        .get(`/v1/entities/component/default/${name}/traces`)
        .query(query);
      responses.push(response.text);
      if (response.status !== 200) {
        throw new Error(`${name} traces: ${response.status} ${response.text}`);
      }
      return response.body;
    },
    async stored() {
      return Object.fromEntries(
        await Promise.all(
          FAULT_ENTITIES.map(async entity => {
            const ref = `component:default/${entity.metadata.name}`;
            return [ref, await store.getState(ref)];
          }),
        ),
      );
    },
    replica: now => newRefresh(now).refresh,
    async close() {
      await beta.close();
      await Promise.all(CLUSTERS.map(name => servers[name].close()));
    },
  };
}

/** The status of each source of a state, by id. */
export const statuses = (state: EntityMeshState) =>
  Object.fromEntries(state.sources.map(s => [s.id, s.status]));

/** The criteria of a state, by id. */
export const criteria = (state: EntityMeshState) =>
  Object.fromEntries(state.criteria.map(c => [c.id, c.status]));
