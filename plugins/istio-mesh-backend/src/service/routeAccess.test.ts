import { readFileSync } from 'fs';
import { resolve } from 'path';
import express from 'express';
import request from 'supertest';
import YAML from 'yaml';
import {
  createMockDirectory,
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
import { collectText } from '../__testUtils__/collectText';
import { readIstioMeshConfig } from '../config';
import { MeshStateStore } from '../database/MeshStateStore';
import { ComplianceService } from './ComplianceService';
import { MeshStateService } from './MeshStateService';
import {
  analyzeInWorker,
  ManifestAnalyzer,
  RunManifestAnalysis,
} from './analyzeManifests';
import {
  exampleComponents,
  exampleEntities,
} from '../__testUtils__/exampleCatalog';
import { createRouter } from './router';
import { runInWorker } from './worker/runInWorker';
import { spinForeverTask } from './worker/__fixtures__/workerTasks';
import { noJaegerTraces } from './traces/EntityTracesProvider';

jest.setTimeout(120_000);

const examples = resolve(__dirname, '../../../../examples');

// The example cluster with its boutique-dev namespace copied into
// boutique-prod, and one catalog entity per copied service there.
const homelab = readFileSync(resolve(examples, 'cluster/homelab.yaml'), 'utf8');
const homelabObjects = YAML.parseAllDocuments(homelab).flatMap(doc => {
  const value = doc.toJSON();
  if (!value) return [];
  return value.kind === 'List' ? value.items : [value];
});
const prodObjects = JSON.parse(
  JSON.stringify(
    homelabObjects.filter(
      (o: any) =>
        o.metadata.namespace === 'boutique-dev' ||
        (o.kind === 'Namespace' && o.metadata.name === 'boutique-dev'),
    ),
  ).replaceAll('boutique-dev', 'boutique-prod'),
);
const prodComponents: Entity[] = exampleComponents.map(component => ({
  ...component,
  metadata: {
    ...component.metadata,
    name: `${component.metadata.name}-prod`,
    annotations: Object.fromEntries(
      Object.entries(component.metadata.annotations ?? {}).map(([k, v]) => [
        k,
        v.replace('boutique-dev', 'boutique-prod'),
      ]),
    ),
  },
}));

const ALICE = 'user:default/alice'; // may read paymentservice only
const ADMIN = 'user:default/admin'; // may read everything, and refresh
const MALLORY = 'user:default/mallory'; // may not analyze
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(user),
});

function userOf(credentials: BackstageCredentials | unknown) {
  const principal = (credentials as BackstageCredentials).principal as {
    userEntityRef?: string;
  };
  return principal.userEntityRef ?? '';
}

function mayRead(user: string, entity: Entity) {
  if (user === ALICE) {
    return stringifyEntityRef(entity) === 'component:default/paymentservice';
  }
  return true;
}

/** The in-memory catalog, each user seeing only what `mayRead` allows. */
function catalogWithReadRules(entities: Entity[]) {
  const memory = catalogServiceMock({ entities });
  return catalogServiceMock.mock({
    async getEntities(req, options) {
      const { items } = await memory.getEntities(req, options);
      return {
        items: items.filter(e =>
          mayRead(userOf((options as any)?.credentials), e),
        ),
      };
    },
    async getEntityByRef(ref, options) {
      const entity = await memory.getEntityByRef(ref, options);
      return entity && mayRead(userOf((options as any)?.credentials), entity)
        ? entity
        : undefined;
    },
  });
}

const permissions = mockServices.permissions.mock({
  async authorize(requests, { credentials }) {
    const user = userOf(credentials);
    return requests.map(({ permission }) => ({
      result:
        (permission.name === 'istio-mesh.analyze' && user !== MALLORY) ||
        (permission.name === 'istio-mesh.refresh' && user === ADMIN)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
    }));
  },
});

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const snapshots = createMockDirectory();

async function startApi(
  options: {
    analyze?: object;
    run?: RunManifestAnalysis;
    now?: () => number;
  } = {},
) {
  snapshots.setContent({
    'homelab.yaml': YAML.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [...homelabObjects, ...prodObjects],
    }),
  });
  const knex = await databases.init('SQLITE_3');
  const store = await MeshStateStore.create(
    mockServices.database.mock({ getClient: async () => knex }),
  );
  const config = readIstioMeshConfig(
    new ConfigReader({
      istioMesh: {
        clusterSnapshots: [
          { cluster: 'homelab', path: snapshots.resolve('homelab.yaml') },
          // Unreadable: its source message names the file.
          { cluster: 'edge', path: snapshots.resolve('edge.yaml') },
        ],
        analyze: options.analyze,
      },
    }),
  );
  const meshState = new MeshStateService(
    config,
    mockServices.logger.mock(),
    mockServices.urlReader.mock(),
  );
  const entities = [...exampleEntities, ...prodComponents];
  const catalog = catalogWithReadRules(entities);
  const compliance = new ComplianceService({
    catalog,
    store,
    staleAfterSeconds: 600,
  });
  const analysisStarted: Array<() => void> = [];
  const router = await createRouter({
    httpAuth: mockServices.httpAuth({
      defaultCredentials: mockCredentials.none(),
    }),
    catalog,
    meshState,
    store,
    permissions,
    scheduler: mockServices.scheduler.mock(),
    compliance,
    analyzer: new ManifestAnalyzer({
      liveMesh: meshState,
      readable: compliance,
      limits: config.analyze,
      rootNamespace: config.rootNamespace,
      run: async (input, timeoutMs) => {
        analysisStarted.splice(0).forEach(started => started());
        return (options.run ?? analyzeInWorker)(input, timeoutMs);
      },
    }),
    analyzeLimits: config.analyze,
    traces: noJaegerTraces,
    tracesRateLimit: config.traces.rateLimit,
    staleAfterSeconds: 600,
    validateResponses: true,
    now: options.now,
  });
  await store.saveStates(
    await meshState.refreshEntityMeshStates([
      ...exampleComponents,
      ...prodComponents,
    ]),
    new Date(),
  );
  const app = express().use(router).use(mockErrorHandler());
  return {
    app,
    /** Resolves once the next analysis has been handed to its worker. */
    nextAnalysisStarted: () =>
      new Promise<void>(started => analysisStarted.push(started)),
  };
}

function manifest(...documents: object[]) {
  return documents.map(d => YAML.stringify(d)).join('---\n');
}

function services(count: number) {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: `generated-${i}`,
      namespace: 'boutique-dev',
      labels: { app: `generated-${i}`, team: 'boutique' },
    },
    spec: {
      selector: { app: `generated-${i}` },
      ports: [
        { name: 'http', port: 80, targetPort: 8080 },
        { name: 'grpc-api', port: 9090, targetPort: 9090 },
      ],
    },
  }));
}

const denyAllButFrontend = {
  apiVersion: 'security.istio.io/v1',
  kind: 'AuthorizationPolicy',
  metadata: { name: 'only-frontend', namespace: 'istio-system' },
  spec: {
    action: 'DENY',
    rules: [
      {
        from: [
          {
            source: {
              notPrincipals: ['cluster.local/ns/boutique-dev/sa/frontend'],
            },
          },
        ],
      },
    ],
  },
};

const routeToProd = (host: string) => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: { name: 'payments-to-prod', namespace: 'boutique-dev' },
  spec: {
    hosts: ['paymentservice'],
    http: [{ route: [{ destination: { host } }] }],
  },
});

describe('POST /v1/analyze', () => {
  describe('with the default limits but the rate', () => {
    let api: Awaited<ReturnType<typeof startApi>>;
    beforeAll(async () => {
      api = await startApi({ analyze: { rateLimit: { requests: 1000 } } });
    });

    it('analyzes 2,000 objects in a worker while a compliance summary is answered', async () => {
      let analyzed = false;
      const started = api.nextAnalysisStarted();
      const analysis = request(api.app)
        .post('/v1/analyze')
        .set(as(ADMIN))
        .send({
          files: [
            { path: 'services.yaml', content: manifest(...services(2000)) },
          ],
        })
        .then(response => {
          analyzed = true;
          return response;
        });
      await started;
      const summary = await request(api.app)
        .get('/v1/compliance/summary')
        .set(as(ADMIN));
      expect(summary.status).toBe(200);
      // Answered while the analysis was still running: it did not hold the
      // event loop.
      expect(analyzed).toBe(false);
      const response = await analysis;
      expect(response.status).toBe(200);
      expect(response.body.cluster).toBe('homelab');
      expect(response.body.problems).toEqual([]);
    });

    it('answers 403 to a caller without istio-mesh.analyze', async () => {
      const response = await request(api.app)
        .post('/v1/analyze')
        .set(as(MALLORY))
        .send({ files: [{ path: 'a.yaml', content: '' }] });
      expect(response.status).toBe(403);
      expect(response.body.error).toEqual({
        name: 'NotAllowedError',
        message:
          'Not allowed to analyze manifests against the live mesh (istio-mesh.analyze)',
      });
    });

    it('shows a caller who may read one entity nothing of other namespaces in authorizationImpact', async () => {
      const analyze = (user: string) =>
        request(api.app)
          .post('/v1/analyze')
          .set(as(user))
          .send({
            files: [
              { path: 'deny.yaml', content: manifest(denyAllButFrontend) },
            ],
          });
      const everything = await analyze(ADMIN);
      expect(everything.status).toBe(200);
      const [wide] = everything.body.authorizationImpact;
      // The test could fail: the mesh-wide policy reaches boutique-prod.
      expect(wide.targets).toContain('boutique-prod/paymentservice');
      expect(wide.deniedCallers).toContainEqual(
        expect.objectContaining({ namespace: 'boutique-prod' }),
      );

      const alice = await analyze(ALICE);
      expect(alice.status).toBe(200);
      const [narrow] = alice.body.authorizationImpact;
      expect(narrow.targets).toContain('boutique-dev/paymentservice');
      expect(narrow.deniedCallers.length).toBeGreaterThan(0);
      expect(JSON.stringify(alice.body)).not.toContain('boutique-prod');
      expect(
        narrow.targets.every((t: string) => t.startsWith('boutique-dev/')),
      ).toBe(true);
      expect(
        narrow.deniedCallers.every(
          (c: { namespace: string }) => c.namespace === 'boutique-dev',
        ),
      ).toBe(true);
    });

    it('does not reveal whether a Service in a namespace the caller may not read exists', async () => {
      const analyze = (user: string, host: string) =>
        request(api.app)
          .post('/v1/analyze')
          .set(as(user))
          .send({
            files: [{ path: 'vs.yaml', content: manifest(routeToProd(host)) }],
          });
      const existing = 'paymentservice.boutique-prod.svc.cluster.local';
      const missing = 'nosuchservice.boutique-prod.svc.cluster.local';
      const notFound = (body: any) =>
        body.messages.filter((m: { code: string }) => m.code === 'IST0101');

      // Who may read boutique-prod learns which host exists.
      expect(notFound((await analyze(ADMIN, existing)).body)).toEqual([]);
      expect(notFound((await analyze(ADMIN, missing)).body)).toHaveLength(1);

      // Alice gets the same answer for both: the reference is not checked.
      const [toExisting, toMissing] = [
        await analyze(ALICE, existing),
        await analyze(ALICE, missing),
      ];
      const withoutAges = (body: any) => ({
        ...body,
        sources: body.sources.map(({ ageSeconds, ...source }: any) => source),
      });
      expect(withoutAges(toExisting.body)).toStrictEqual(
        withoutAges(toMissing.body),
      );
      expect(notFound(toExisting.body)).toEqual([]);
      expect(toExisting.body.notChecked).toStrictEqual([
        {
          kind: 'VirtualService',
          namespace: 'boutique-dev',
          name: 'payments-to-prod',
          path: 'spec.http[0].route[0].destination.host',
          reason: 'refers to namespace boutique-prod, which you may not read',
        },
      ]);
    });

    it('names files in source messages only for callers allowed istio-mesh.refresh', async () => {
      const send = (user: string) =>
        request(api.app)
          .post('/v1/analyze')
          .set(as(user))
          .send({ files: [{ path: 'a.yaml', content: '' }] });
      const edge = (body: any) =>
        body.sources.find((s: { id: string }) => s.id === 'snapshot:edge');

      expect(edge((await send(ADMIN)).body)).toStrictEqual({
        id: 'snapshot:edge',
        type: 'cluster-snapshot',
        status: 'error',
        message: `cannot read snapshot file ${snapshots.resolve(
          'edge.yaml',
        )}: no such file or directory (ENOENT)`,
      });
      const plain = (await send(ALICE)).body;
      expect(edge(plain)).toStrictEqual({
        id: 'snapshot:edge',
        type: 'cluster-snapshot',
        status: 'error',
        message: 'could not be read',
      });
      expect(JSON.stringify(plain.sources)).not.toContain(snapshots.path);
    });
  });

  it('answers 413 to a body larger than istioMesh.analyze.maxBodyBytes', async () => {
    const { app } = await startApi({ analyze: { maxBodyBytes: 2048 } });
    const response = await request(app)
      .post('/v1/analyze')
      .set(as(ADMIN))
      .send({ files: [{ path: 'big.yaml', content: 'x'.repeat(4096) }] });
    expect(response.status).toBe(413);
    expect(response.body.error).toEqual({
      name: 'PayloadTooLargeError',
      message:
        'request body larger than 2048 bytes (istioMesh.analyze.maxBodyBytes)',
      statusCode: 413,
    });
  });

  it('answers 413 naming the count to more objects than istioMesh.analyze.maxObjects', async () => {
    const { app } = await startApi({ analyze: { maxObjects: 3 } });
    const response = await request(app)
      .post('/v1/analyze')
      .set(as(ADMIN))
      .send({
        files: [
          { path: 'a.yaml', content: manifest(...services(2)) },
          { path: 'b.yaml', content: manifest(...services(3)) },
        ],
      });
    expect(response.status).toBe(413);
    expect(response.body.error.message).toBe(
      '5 objects sent; at most 3 are analyzed per request (istioMesh.analyze.maxObjects)',
    );
  });

  it('answers 429 with Retry-After past istioMesh.analyze.rateLimit, per caller', async () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const { app } = await startApi({
      analyze: { rateLimit: { requests: 2, window: { minutes: 1 } } },
      now: () => now,
    });
    const send = (user: string) =>
      request(app)
        .post('/v1/analyze')
        .set(as(user))
        .send({ files: [{ path: 'a.yaml', content: '' }] });
    expect((await send(ADMIN)).status).toBe(200);
    now += 15_000;
    expect((await send(ADMIN)).status).toBe(200);
    const refused = await send(ADMIN);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('45');
    expect(refused.body.error.message).toBe(
      'Too many requests; retry in 45 s (istioMesh.analyze.rateLimit)',
    );
    expect((await send(ALICE)).status).toBe(200);
    now += 45_000;
    expect((await send(ADMIN)).status).toBe(200);
  });

  it('stops an analysis at istioMesh.analyze.timeout and answers 503 naming it', async () => {
    const { app } = await startApi({
      analyze: { timeout: '1s' },
      // A worker that never finishes, as a pathological input would.
      run: (_input, timeoutMs) =>
        runInWorker(spinForeverTask, {}, { timeoutMs }) as any,
    });
    const response = await request(app)
      .post('/v1/analyze')
      .set(as(ADMIN))
      .send({ files: [{ path: 'a.yaml', content: manifest(...services(1)) }] });
    expect(response.status).toBe(503);
    expect(response.body.error).toEqual({
      name: 'ServiceUnavailableError',
      message: 'analysis did not finish within 1 s (istioMesh.analyze.timeout)',
    });
  });
});

describe('GET /v1/entities/:kind/:namespace/:name', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi();
  });

  it('names files in source messages only for callers allowed istio-mesh.refresh', async () => {
    const get = (user: string) =>
      request(api.app)
        .get('/v1/entities/component/default/paymentservice')
        .set(as(user));
    const admin = await get(ADMIN);
    expect(admin.status).toBe(200);
    expect(JSON.stringify(admin.body.sources)).toContain(snapshots.path);
    const alice = await get(ALICE);
    expect(alice.status).toBe(200);
    expect(alice.body.sources).toContainEqual({
      id: 'snapshot:edge',
      type: 'cluster-snapshot',
      status: 'error',
      message: 'could not be read',
    });
    expect(JSON.stringify(alice.body)).not.toContain(snapshots.path);
  });
});

describe('GET /v1/compliance and /v1/compliance.csv', () => {
  let api: Awaited<ReturnType<typeof startApi>>;
  beforeAll(async () => {
    api = await startApi();
  });

  /** The entity refs of a CSV body, header row left out. */
  const csvRefs = (body: string) =>
    body
      .trim()
      .split('\n')
      .slice(1)
      .map(line => line.split(',')[0]);

  it('export exactly the rows the list shows each caller, nothing of other entities', async () => {
    for (const [user, expected] of [
      [ALICE, ['component:default/paymentservice']],
      [
        ADMIN,
        [...exampleComponents, ...prodComponents].map(stringifyEntityRef),
      ],
    ] as const) {
      const list = await request(api.app)
        .get('/v1/compliance')
        .query({ limit: 500 })
        .set(as(user));
      expect(list.status).toBe(200);
      const listed = list.body.items.map((row: any) => row.entityRef);
      expect([...listed].sort()).toEqual([...expected].sort());

      const csv = await request(api.app)
        .get('/v1/compliance.csv')
        .set(as(user))
        .buffer(true)
        .parse(collectText);
      expect(csv.status).toBe(200);
      expect(csvRefs(csv.body)).toEqual(listed);
    }
  });
});
