import { resolve } from 'path';
import express from 'express';
import request from 'supertest';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { readIstioMeshConfig } from '../../config';
import { MeshStateStore } from '../../database/MeshStateStore';
import { ComplianceService } from '../ComplianceService';
import { MeshStateService } from '../MeshStateService';
import { ManifestAnalyzer } from '../analyzeManifests';
import {
  exampleComponents as components,
  exampleEntities as entities,
} from '../../__testUtils__/exampleCatalog';
import { createRouter } from '../router';
import { JaegerClient } from '../../sources/jaeger/jaegerClient';
import {
  startTestJaeger,
  TestJaeger,
} from '../../sources/jaeger/__testUtils__/testJaeger';
import { EntityTracesService } from './EntityTracesService';

jest.setTimeout(120_000);

const examples = resolve(__dirname, '../../../../../examples');

const ALICE = 'user:default/alice'; // may read paymentservice only
const ADMIN = 'user:default/admin'; // may read everything, and refresh
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});
const userOf = (credentials: unknown) =>
  (
    (credentials as BackstageCredentials).principal as {
      userEntityRef?: string;
    }
  ).userEntityRef ?? '';
const mayRead = (user: string, entity: Entity) =>
  user !== ALICE ||
  stringifyEntityRef(entity) === 'component:default/paymentservice';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

async function startApi(jaeger: TestJaeger, clock: { now: number }) {
  const knex = await databases.init('SQLITE_3');
  const store = await MeshStateStore.create(
    mockServices.database.mock({ getClient: async () => knex }),
  );
  const config = readIstioMeshConfig(
    new ConfigReader({
      istioMesh: {
        clusterSnapshots: [
          {
            cluster: 'homelab',
            path: resolve(examples, 'cluster/homelab.yaml'),
          },
        ],
        jaeger: [{ name: 'homelab', url: jaeger.url }],
        links: { jaeger: { url: 'https://jaeger.example' } },
        traces: { rateLimit: { requests: 5, window: { minutes: 1 } } },
      },
    }),
  );
  const meshState = new MeshStateService(
    config,
    mockServices.logger.mock(),
    mockServices.urlReader.mock(),
  );
  const memory = catalogServiceMock({ entities });
  const catalog = catalogServiceMock.mock({
    async getEntityByRef(ref, options) {
      const entity = await memory.getEntityByRef(ref, options);
      return entity && mayRead(userOf((options as any)?.credentials), entity)
        ? entity
        : undefined;
    },
  });
  const compliance = new ComplianceService({ catalog, store });
  const now = () => clock.now;
  const router = await createRouter({
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    }),
    catalog,
    meshState,
    store,
    permissions: mockServices.permissions.mock({
      async authorize(requests, { credentials }) {
        return requests.map(() => ({
          result:
            userOf(credentials) === ADMIN
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        }));
      },
    }),
    scheduler: mockServices.scheduler.mock(),
    compliance,
    analyzer: {} as ManifestAnalyzer,
    analyzeLimits: config.analyze,
    traces: new EntityTracesService({
      jaegers: config.jaeger.map(c => new JaegerClient(c)),
      jaegerUiUrl: config.links.jaeger?.url,
      timeoutMs: config.traces.timeoutMs,
      entityState: async entity =>
        (await store.getState(stringifyEntityRef(entity)))!,
      now,
    }),
    tracesRateLimit: config.traces.rateLimit,
    validateResponses: true,
    now,
  });
  await store.saveStates(
    await meshState.refreshEntityMeshStates(components),
    new Date(),
  );
  return express().use(router).use(mockErrorHandler());
}

describe('GET /v1/entities/:kind/:namespace/:name/traces', () => {
  let jaeger: TestJaeger;
  const clock = { now: Date.now() };
  let app: express.Express;
  beforeAll(async () => {
    jaeger = await startTestJaeger({ api: 'v1', end: new Date(clock.now) });
    app = await startApi(jaeger, clock);
  });
  afterAll(() => jaeger.close());

  const traces = (user: string, name: string, query: object = {}) =>
    request(app)
      .get(`/v1/entities/component/default/${name}/traces`)
      .query(query)
      .set(as(user));
  const searches = () =>
    jaeger.requests().filter(p => p === '/api/traces').length;

  it("answers the entity's recent traces with the Jaeger UI to open them in, and reuses them for 30 s", async () => {
    const before = searches();
    const response = await traces(ADMIN, 'checkoutservice', { limit: 2 });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      source: { id: 'jaeger:homelab', type: 'jaeger', status: 'ok' },
      jaegerUrl: 'https://jaeger.example',
      lookback: '1h',
    });
    expect(response.body.items).toHaveLength(2);
    expect(response.body.items[0]).toMatchObject({
      rootService: 'frontend.boutique-dev',
      services: [
        'checkoutservice.boutique-dev',
        'frontend.boutique-dev',
        'paymentservice.boutique-dev',
      ],
    });
    expect(searches()).toBe(before + 1);

    // Asked again within 30 s: the same answer, Jaeger not asked.
    clock.now += 29_000;
    const again = await traces(ADMIN, 'checkoutservice', {
      limit: 2,
    });
    expect(again.body).toStrictEqual(response.body);
    expect(searches()).toBe(before + 1);

    clock.now += 2_000;
    await traces(ADMIN, 'checkoutservice', { limit: 2 });
    expect(searches()).toBe(before + 2);
  });

  it("links the entity's state to Jaeger's search for its services", async () => {
    const state = await request(app)
      .get('/v1/entities/component/default/checkoutservice')
      .set(as(ADMIN));
    expect(state.body.traceServices).toStrictEqual([
      'checkoutservice.boutique-dev',
    ]);
    expect(state.body.links).toStrictEqual([
      {
        kind: 'jaeger',
        title: 'Jaeger: traces of checkoutservice.boutique-dev',
        url: 'https://jaeger.example/search?service=checkoutservice.boutique-dev&lookback=1h',
      },
    ]);
  });

  it('answers 404 for an entity the caller may not read, as the entity route does', async () => {
    const before = searches();
    expect((await traces(ALICE, 'checkoutservice')).status).toBe(404);
    expect((await traces(ALICE, 'paymentservice')).status).toBe(200);
    expect(searches()).toBe(before + 1);
  });

  it('tells only the platform team what failed in Jaeger', async () => {
    clock.now += 60_000;
    jaeger.setFault('malformed');
    try {
      const admin = await traces(ADMIN, 'paymentservice', { lookback: '30m' });
      expect(admin.body.source).toStrictEqual({
        id: 'jaeger:homelab',
        type: 'jaeger',
        status: 'error',
        message: `Jaeger homelab answered ${jaeger.url}/api/traces with a body that is not JSON`,
      });
      const alice = await traces(ALICE, 'paymentservice', { lookback: '30m' });
      expect(alice.body.source).toStrictEqual({
        id: 'jaeger:homelab',
        type: 'jaeger',
        status: 'error',
        message: 'could not be read',
      });
    } finally {
      jaeger.setFault('none');
    }
  });

  it('answers 429 with Retry-After past istioMesh.traces.rateLimit, per caller', async () => {
    clock.now += 120_000;
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await traces(ALICE, 'paymentservice')).status);
    }
    expect(statuses).toStrictEqual([200, 200, 200, 200, 200, 429]);
    const refused = await traces(ALICE, 'paymentservice');
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.body.error.message).toBe(
      'Too many requests; retry in 60 s (istioMesh.traces.rateLimit)',
    );
    expect((await traces(ADMIN, 'paymentservice')).status).toBe(200);
  });
});
