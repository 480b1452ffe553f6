import { readFileSync } from 'fs';
import { resolve } from 'path';
import express from 'express';
import request from 'supertest';
import YAML from 'yaml';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  COMPLIANCE_ORDER_KEYS,
  CRITERION_IDS,
  criterionStatusRank,
} from '@istio-mesh/plugin-istio-mesh-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { collectText } from '../__testUtils__/collectText';
import { readIstioMeshConfig } from '../config';
import { MeshStateStore } from '../database/MeshStateStore';
import { spec } from '../schema/openapi.generated';
import { ComplianceService } from './ComplianceService';
import { MeshStateService } from './MeshStateService';
import { ManifestAnalyzer } from './analyzeManifests';
import {
  exampleComponents as components,
  exampleEntities as entities,
} from '../__testUtils__/exampleCatalog';
import { createRouter } from './router';
import { noJaegerTraces } from './traces/EntityTracesProvider';

jest.setTimeout(60_000);

const examples = resolve(__dirname, '../../../../examples');

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const user = { Authorization: mockCredentials.user.header() };

async function startApi() {
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
      },
    }),
  );
  const meshState = new MeshStateService(
    config,
    mockServices.logger.mock(),
    mockServices.urlReader.mock(),
  );
  const catalog = catalogServiceMock({ entities });
  const scheduler = mockServices.scheduler.mock();
  const compliance = new ComplianceService({
    catalog,
    store,
    staleAfterSeconds: 600,
  });
  const router = await createRouter({
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    }),
    catalog,
    meshState,
    store,
    permissions: mockServices.permissions(),
    scheduler,
    compliance,
    analyzer: new ManifestAnalyzer({
      liveMesh: meshState,
      readable: compliance,
      limits: config.analyze,
      rootNamespace: config.rootNamespace,
    }),
    analyzeLimits: config.analyze,
    traces: noJaegerTraces,
    tracesRateLimit: config.traces.rateLimit,
    staleAfterSeconds: 600,
    validateResponses: true,
  });
  await store.saveStates(
    await meshState.refreshEntityMeshStates(components),
    new Date(),
  );
  const app = express().use(router).use(mockErrorHandler());
  return { app, scheduler };
}

/** `/v1/entities/:kind/...` for every path and method of the spec. */
function specRoutes(): string[] {
  return Object.entries(spec.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map(
      method => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
    ),
  );
}

/** The routes of a router and of the routers it mounts, once each. */
function routerRoutes(router: express.Router): string[] {
  const routes = router.stack.flatMap((layer): string[] => {
    if (layer.route) {
      return Object.keys((layer.route as any).methods).map(
        method => `${method.toUpperCase()} ${layer.route!.path}`,
      );
    }
    const nested = (layer.handle as any)?.stack;
    return nested ? routerRoutes(layer.handle as any) : [];
  });
  return [...new Set(routes)];
}

describe('the istio-mesh API', () => {
  it('serves exactly the routes of its OpenAPI spec', async () => {
    const router = await createRouter({
      httpAuth: mockServices.httpAuth(),
      catalog: catalogServiceMock(),
      meshState: {} as MeshStateService,
      store: {} as MeshStateStore,
      permissions: mockServices.permissions(),
      scheduler: mockServices.scheduler.mock(),
      compliance: {} as ComplianceService,
      analyzer: {} as ManifestAnalyzer,
      analyzeLimits: {
        maxBodyBytes: 1024,
        rateLimit: { requests: 1, windowMs: 1000 },
      },
      traces: noJaegerTraces,
      tracesRateLimit: { requests: 1, windowMs: 1000 },
      staleAfterSeconds: 600,
    });
    const served = routerRoutes(router).filter(
      route => !route.endsWith('/openapi.json'),
    );
    expect(served.sort()).toEqual(specRoutes().sort());
  });

  it('offers the sort keys and criteria of the common package', () => {
    const { parameters, schemas } = spec.components;
    expect(parameters.orderBy.schema.enum).toEqual(COMPLIANCE_ORDER_KEYS);
    expect(schemas.CriterionId.enum).toEqual(CRITERION_IDS);
  });

  it('keeps the generated spec in step with openapi.yaml', () => {
    const source = YAML.parse(
      readFileSync(resolve(__dirname, '../schema/openapi.yaml'), 'utf8'),
    );
    expect(JSON.parse(JSON.stringify(spec))).toEqual(source);
  });

  describe('with the example snapshot, responses checked against the spec', () => {
    let api: Awaited<ReturnType<typeof startApi>>;
    beforeAll(async () => {
      api = await startApi();
    });

    it('serves an entity state that matches the spec', async () => {
      const response = await request(api.app)
        .get('/v1/entities/component/default/paymentservice')
        .set(user);
      expect(response.status).toBe(200);
      expect(response.body.entityRef).toBe('component:default/paymentservice');
    });

    it('serves traces as the spec says, saying when no Jaeger is configured', async () => {
      const response = await request(api.app)
        .get('/v1/entities/component/default/paymentservice/traces')
        .query({ lookback: '30m', limit: 5 })
        .set(user);
      expect(response.status).toBe(200);
      expect(response.body).toStrictEqual({
        items: [],
        source: {
          id: 'jaeger',
          type: 'jaeger',
          status: 'not-configured',
          message: 'No Jaeger (istioMesh.jaeger) is configured',
        },
        lookback: '30m',
      });
    });

    it('refuses a traces lookback over 24h, a limit over 100, and an unknown entity', async () => {
      const traces = (query: object, name = 'paymentservice') =>
        request(api.app)
          .get(`/v1/entities/component/default/${name}/traces`)
          .query(query)
          .set(user);
      const lookback = await traces({ lookback: '25h' });
      expect(lookback.status).toBe(400);
      expect(lookback.body.error.message).toBe(
        'lookback must be a duration from 1ms to 24h, such as 30m or 1h, not 25h',
      );
      expect((await traces({ lookback: 'yesterday' })).status).toBe(400);
      expect((await traces({ limit: 101 })).status).toBe(400);
      expect((await traces({}, 'no-such-service')).status).toBe(404);
    });

    it("serves who may call checkoutservice, productcatalogservice's canary and its findings, as the spec says", async () => {
      const checkout = await request(api.app)
        .get('/v1/entities/component/default/checkoutservice')
        .set(user);
      expect(checkout.status).toBe(200);
      expect(checkout.body.callers).toEqual({
        defaultDecision: 'DENY',
        allowed: [
          {
            namespace: 'boutique-dev',
            serviceAccount: 'frontend',
            workloads: ['frontend'],
            ports: ['5050'],
            methods: ['POST'],
            paths: ['/hipstershop.CheckoutService/PlaceOrder'],
            policy: 'boutique-dev/checkoutservice-allow',
          },
        ],
        denied: [],
        enforcedBy: 'sidecar',
      });
      expect(checkout.body.calls.scope).toBe('namespace');

      const catalog = await request(api.app)
        .get('/v1/entities/component/default/productcatalogservice')
        .set(user);
      expect(catalog.status).toBe(200);
      expect(
        catalog.body.routes[0].destinations.map((d: any) => [
          d.subset,
          d.weight,
          d.podsRunning,
        ]),
      ).toEqual([
        ['v1', 90, 1],
        ['v2', 10, 0],
      ]);
      expect(catalog.body.findings.map((f: any) => f.code)).toEqual([
        'IST0101',
      ]);
      expect(catalog.body.workloads[0].pods[0].proxyVersion).toBe('1.26.4');
    });

    it('lists compliance rows and filters them', async () => {
      const all = await request(api.app)
        .get('/v1/compliance')
        .query({ limit: 500 })
        .set(user);
      expect(all.status).toBe(200);
      expect(all.body.totalItems).toBe(components.length);
      const failing = all.body.items.filter(
        (row: any) => row.criteria['mtls-strict'] === 'fail',
      );

      const response = await request(api.app)
        .get('/v1/compliance')
        .query({ criterion: 'mtls-strict', status: 'fail', limit: 2 })
        .set(user);
      expect(response.status).toBe(200);
      expect(response.body.limit).toBe(2);
      expect(response.body.totalItems).toBe(failing.length);
      expect(response.body.items).toEqual(failing.slice(0, 2));
    });

    it('names owner and system, searches and sorts by a criterion', async () => {
      const response = await request(api.app)
        .get('/v1/compliance')
        .query({ q: 'SERVICE', orderBy: 'mtls-strict', order: 'asc' })
        .set(user);
      expect(response.status).toBe(200);
      expect(response.body.staleAfterSeconds).toBe(600);
      const names = response.body.items.map(
        (row: any) => row.entityRef.split('/')[1],
      );
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((name: string) => name.includes('service'))).toBe(
        true,
      );
      const ranks = response.body.items.map((row: any) =>
        criterionStatusRank(row.criteria['mtls-strict']),
      );
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
      expect(response.body.items[0].criteria['mtls-strict']).toBe('fail');
      expect(response.body.items[0]).toMatchObject({
        owner: 'group:default/boutique-team',
        system: 'system:default/online-boutique',
      });
    });

    it('exports the filtered rows as CSV, in the order of the list', async () => {
      const query = {
        system: 'online-boutique',
        criterion: 'mtls-strict',
        status: 'fail',
        orderBy: 'level',
        order: 'desc',
      };
      const list = await request(api.app)
        .get('/v1/compliance')
        .query({ ...query, limit: 500 })
        .set(user);
      expect(list.body.totalItems).toBeGreaterThan(1);

      const response = await request(api.app)
        .get('/v1/compliance.csv')
        .query(query)
        .set(user)
        .set('Accept', 'text/csv')
        .buffer(true)
        .parse(collectText);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      // The validator checks JSON bodies only: pin the declared media type.
      expect(
        Object.keys(
          spec.paths['/v1/compliance.csv'].get.responses['200'].content,
        ),
      ).toEqual(['text/csv']);
      expect(response.headers['content-disposition']).toBe(
        'attachment; filename="istio-mesh-compliance.csv"',
      );
      const [header, ...lines] = response.body.trimEnd().split('\n');
      expect(header.split(',')).toEqual([
        'entityRef',
        'title',
        'owner',
        'system',
        'level',
        ...CRITERION_IDS,
        'updatedAt',
      ]);
      expect(
        lines.map((line: string) => {
          const cells = line.split(',');
          return [
            cells[0],
            cells[4],
            cells[5 + CRITERION_IDS.indexOf('mtls-strict')],
          ];
        }),
      ).toEqual(
        list.body.items.map((row: any) => [
          row.entityRef,
          row.level,
          row.criteria['mtls-strict'],
        ]),
      );
    });

    it('rejects a CSV query the spec does not allow, naming the parameter', async () => {
      const response = await request(api.app)
        .get('/v1/compliance.csv?limit=10')
        .set(user);
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/limit/);
    });

    it('answers a CSV request without credentials 401 with a JSON error', async () => {
      const response = await request(api.app)
        .get('/v1/compliance.csv')
        .set('Accept', 'text/csv');
      expect(response.status).toBe(401);
      expect(response.body.error.name).toBe('AuthenticationError');
    });

    it('summarizes compliance with today in the history', async () => {
      const response = await request(api.app)
        .get('/v1/compliance/summary')
        .query({ system: 'online-boutique' })
        .set(user);
      expect(response.status).toBe(200);
      expect(response.body.entities).toBe(components.length);
      expect(response.body.history).toHaveLength(1);
      expect(response.body.history[0].entities).toBe(components.length);
    });

    it.each([
      ['limit=0', /limit/],
      ['limit=many', /limit/],
      ['criterion=fast', /criterion/],
      ['level=platinum', /level/],
      ['colour=blue', /colour/],
    ])(
      'rejects the query %s with 400 naming the parameter',
      async (query, field) => {
        const response = await request(api.app)
          .get(`/v1/compliance?${query}`)
          .set(user);
        expect(response.status).toBe(400);
        expect(response.body.error.name).toBe('InputError');
        expect(response.body.error.message).toMatch(field);
      },
    );

    it('analyzes manifests against the live mesh', async () => {
      const response = await request(api.app)
        .post('/v1/analyze')
        .set(user)
        .send({
          files: [
            {
              path: 'apps/base/online-boutique/base/istio/virtualservice-cart.yaml',
              content: [
                'apiVersion: networking.istio.io/v1',
                'kind: VirtualService',
                'metadata:',
                '  name: cartservice-retries',
                '  namespace: boutique-dev',
                'spec:',
                '  hosts: [cartservice]',
                '  http:',
                '    - route:',
                '        - destination:',
                '            host: cartservice-v9',
              ].join('\n'),
            },
          ],
        });
      expect(response.status).toBe(200);
      expect(response.body.cluster).toBe('homelab');
      expect(
        response.body.messages.map((m: any) => `${m.code} ${m.name}`),
      ).toContain('IST0101 cartservice-retries');
    });

    it('lists the callers a changed AuthorizationPolicy would deny', async () => {
      // Replaces the live currencyservice-allow (frontend and checkoutservice).
      const response = await request(api.app)
        .post('/v1/analyze')
        .set(user)
        .send({
          cluster: 'homelab',
          files: [
            {
              path: 'apps/base/online-boutique/base/istio/authorizationpolicy-currency.yaml',
              content: [
                'apiVersion: security.istio.io/v1',
                'kind: AuthorizationPolicy',
                'metadata:',
                '  name: currencyservice-allow',
                '  namespace: boutique-dev',
                'spec:',
                '  selector:',
                '    matchLabels: { app: currencyservice }',
                '  action: ALLOW',
                '  rules:',
                '    - from:',
                '        - source:',
                '            principals:',
                '              - cluster.local/ns/boutique-dev/sa/frontend',
              ].join('\n'),
            },
          ],
        });
      expect(response.status).toBe(200);
      expect(response.body.authorizationImpact).toHaveLength(1);
      const [impact] = response.body.authorizationImpact;
      expect(impact.policy).toBe('boutique-dev/currencyservice-allow');
      expect(impact.targets).toEqual(['boutique-dev/currencyservice']);
      const denied = impact.deniedCallers.map(
        (c: any) => `${c.namespace}/${c.serviceAccount}`,
      );
      expect(denied).toEqual(['boutique-dev/checkoutservice']);
    });

    it('rejects a body that is not JSON with 400', async () => {
      const response = await request(api.app)
        .post('/v1/analyze')
        .set(user)
        .set('Content-Type', 'application/json')
        .send('{"files": [');
      expect(response.status).toBe(400);
      expect(response.body.error.name).toBe('InputError');
    });

    it('rejects an analyze request without files', async () => {
      const response = await request(api.app)
        .post('/v1/analyze')
        .set(user)
        .send({ cluster: 'homelab' });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toMatch(/files/);
    });

    it('answers 401 without credentials on every route', async () => {
      for (const [method, path] of [
        ['get', '/v1/entities/component/default/paymentservice'],
        ['get', '/v1/entities/component/default/paymentservice/traces'],
        ['get', '/v1/compliance'],
        ['get', '/v1/compliance.csv'],
        ['get', '/v1/compliance/summary'],
        ['post', '/v1/refresh'],
      ] as const) {
        const response = await request(api.app)[method](path);
        expect([path, response.status]).toEqual([path, 401]);
      }
      const analyze = await request(api.app)
        .post('/v1/analyze')
        .send({ files: [{ path: 'a.yaml', content: '' }] });
      expect(analyze.status).toBe(401);
    });

    it('starts a refresh', async () => {
      const response = await request(api.app).post('/v1/refresh').set(user);
      expect(response.status).toBe(202);
      expect(api.scheduler.triggerTask).toHaveBeenCalledWith(
        'istio-mesh-refresh',
      );
    });
  });
});
