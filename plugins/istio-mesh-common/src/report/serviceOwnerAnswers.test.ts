import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseManifests } from '../resources/parseManifests';
import { evaluateMesh } from './workloadReports';
import { buildEntityMeshState } from './entityMeshState';
import { ALL_ANALYZERS, runAnalyzers } from '../analyzer';

function clusterFrom(path: string) {
  const parsed = parseManifests(readFileSync(path, 'utf8'), path);
  const objects = parsed.objects.map(o => o.object);
  const evaluation = evaluateMesh(objects, { cluster: 'homelab' });
  return {
    cluster: 'homelab',
    workloads: evaluation.workloads,
    analysis: runAnalyzers(
      objects.map(object => ({ object })),
      { analyzers: ALL_ANALYZERS, meshConfig: evaluation.configuration.mesh },
    ),
  };
}

const homelab = clusterFrom(
  resolve(__dirname, '../../../../examples/cluster/homelab.yaml'),
);
const shop = clusterFrom(
  resolve(__dirname, '__fixtures__/sharedIdentityDeny.yaml'),
);

function stateOf(selector: string, cluster = homelab) {
  return buildEntityMeshState({
    entityRef: 'component:default/x',
    annotations: {
      'backstage.io/kubernetes-label-selector': selector,
      'backstage.io/kubernetes-namespace':
        cluster === homelab ? 'boutique-dev' : 'shop',
    },
    clusters: [cluster],
    sources: [],
    generatedAt: '2026-12-01T00:00:00.000Z',
  });
}

describe('who may call an entity', () => {
  it('names frontend as the only caller of checkoutservice, with what it may call', () => {
    expect(stateOf('app=checkoutservice').callers).toStrictEqual({
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
  });

  it('counts two workloads with one service account as one caller', () => {
    const callers = stateOf('app=productcatalogservice').callers!;
    expect(
      callers.allowed.map(c => [c.serviceAccount, c.workloads]),
    ).toStrictEqual([
      ['checkoutservice', ['checkoutservice', 'checkoutservice-v2']],
      ['frontend', ['frontend']],
      ['recommendationservice', ['recommendationservice']],
    ]);
  });

  it('lists callers an explicit DENY policy stops, and groups a shared identity', () => {
    expect(stateOf('app=orders', shop).callers).toStrictEqual({
      defaultDecision: 'DENY',
      allowed: [
        {
          namespace: 'shop',
          serviceAccount: 'web',
          workloads: ['web-7c8d9e-aaaaa', 'web-admin-5b6c7d-bbbbb'],
          methods: ['GET'],
          paths: ['/orders/*'],
          policy: 'shop/orders-allow-web',
        },
      ],
      denied: [
        {
          namespace: 'shop',
          serviceAccount: 'batch',
          workloads: ['batch-4f5e6d-ccccc'],
          policy: 'shop/orders-deny-batch',
        },
      ],
      enforcedBy: 'sidecar',
    });
  });

  it('says everyone may call a workload no policy applies to', () => {
    expect(stateOf('app=web', shop).callers).toStrictEqual({
      defaultDecision: 'ALLOW',
      allowed: [],
      denied: [],
      enforcedBy: 'sidecar',
    });
  });

  it('names the allow-all policy that lets everyone call frontend', () => {
    // Every caller is decided alike, so none is listed by name.
    expect(stateOf('app=frontend').callers).toStrictEqual({
      defaultDecision: 'ALLOW',
      defaultPolicy: 'boutique-dev/frontend-allow-all',
      allowed: [],
      denied: [],
      enforcedBy: 'sidecar',
    });
  });
});

describe('what an entity may call', () => {
  it("decides checkoutservice's calls within its namespace", () => {
    const calls = stateOf('app=checkoutservice').calls!;
    expect(calls.scope).toBe('namespace');
    expect(calls.namespaces).toStrictEqual(['boutique-dev']);
    expect(calls.allowed.map(c => c.workload)).toStrictEqual([
      'cartservice',
      'currencyservice',
      'frontend',
      'paymentservice',
      'productcatalogservice',
      'shippingservice',
    ]);
    expect(calls.denied).toContainEqual({
      namespace: 'boutique-dev',
      workload: 'adservice',
      services: ['adservice'],
    });
  });

  it('lists the DENY policy that stops batch from calling orders', () => {
    expect(stateOf('app=batch', shop).calls).toStrictEqual({
      scope: 'namespace',
      namespaces: ['shop'],
      allowed: [],
      denied: [
        {
          namespace: 'shop',
          workload: 'orders-6d5f7c9b8-abcde',
          services: ['orders'],
          policy: 'shop/orders-deny-batch',
        },
      ],
    });
  });
});

describe('how traffic is routed', () => {
  it('shows the productcatalogservice canary: 90 to v1 with a pod, 10 to v2 with none', () => {
    const state = stateOf('app=productcatalogservice');
    expect(state.routes).toStrictEqual([
      {
        virtualService: 'boutique-dev/productcatalogservice',
        name: 'canary',
        gateways: ['mesh'],
        match: [],
        destinations: [
          {
            host: 'productcatalogservice',
            subset: 'v1',
            weight: 90,
            podsRunning: 1,
            subsetDefined: true,
          },
          {
            host: 'productcatalogservice',
            subset: 'v2',
            weight: 10,
            podsRunning: 0,
            subsetDefined: false,
          },
        ],
        retries: {
          attempts: 3,
          perTryTimeout: '2s',
          retryOn: '5xx,connect-failure',
        },
        timeout: '10s',
      },
    ]);
    expect(state.destinationPolicies).toStrictEqual([
      {
        destinationRules: ['boutique-dev/productcatalogservice'],
        host: 'productcatalogservice.boutique-dev.svc.cluster.local',
        loadBalancer: 'LEAST_REQUEST',
        connectionPool: {
          maxConnections: 100,
          connectTimeout: '3s',
          http2MaxRequests: 1000,
          maxRequestsPerConnection: 10,
        },
        outlierDetection: {
          consecutive5xxErrors: 3,
          interval: '10s',
          baseEjectionTime: '30s',
          maxEjectionPercent: 50,
        },
        subsets: ['v1'],
      },
    ]);
  });

  it('describes matches, faults and Istio default retries in words', () => {
    const state = stateOf('app=orders', shop);
    expect(state.routes).toStrictEqual([
      {
        virtualService: 'shop/orders',
        gateways: ['mesh'],
        match: ['uri prefix /orders and header end-user exact jason'],
        destinations: [
          {
            host: 'orders',
            subset: 'v1',
            weight: 100,
            podsRunning: 1,
            subsetDefined: true,
          },
        ],
        retries: {
          attempts: 2,
          retryOn:
            'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
        },
        fault: { delay: '5s delay for 10% of requests' },
      },
      {
        virtualService: 'shop/orders',
        gateways: ['mesh'],
        match: [],
        destinations: [{ host: 'orders', weight: 100, podsRunning: 1 }],
        retries: {
          attempts: 2,
          retryOn:
            'connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes',
        },
        timeout: '3s',
      },
    ]);
    expect(state.destinationPolicies).toStrictEqual([
      {
        destinationRules: ['shop/orders'],
        host: 'orders.shop.svc.cluster.local',
        loadBalancer: 'consistentHash',
        subsets: ['v1'],
      },
    ]);
  });
});

describe('findings', () => {
  it("reports the missing v2 subset on productcatalogservice's VirtualService, linked to Istio's docs", () => {
    expect(stateOf('app=productcatalogservice').findings).toStrictEqual([
      {
        code: 'IST0101',
        level: 'Error',
        message:
          'Referenced host+subset in destinationrule not found: "productcatalogservice+v2"',
        resource: 'VirtualService boutique-dev/productcatalogservice',
        path: 'spec.http[0].route[1].destination.host',
        documentationUrl:
          'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
      },
    ]);
  });

  it('leaves out messages about resources that govern other services', () => {
    expect(stateOf('app=checkoutservice').findings).toStrictEqual([]);
  });

  it('is absent when the cluster was not analyzed', () => {
    const state = buildEntityMeshState({
      entityRef: 'component:default/x',
      annotations: { 'backstage.io/kubernetes-label-selector': 'app=orders' },
      clusters: [{ ...shop, analysis: undefined }],
      sources: [],
      generatedAt: '2026-12-01T00:00:00.000Z',
    });
    expect(state.findings).toBeUndefined();
  });
});

describe('proxy version per pod', () => {
  it('reads the sidecar image tag, without its distroless variant', () => {
    const state = stateOf('app=orders', shop);
    expect(state.workloads[0].pods).toStrictEqual([
      {
        name: 'orders-6d5f7c9b8-abcde',
        phase: 'Running',
        dataplane: 'sidecar',
        proxyVersion: '1.25.2',
      },
    ]);
  });
});

describe('an unmapped entity', () => {
  it('has no callers, calls or routes', () => {
    const state = buildEntityMeshState({
      entityRef: 'component:default/x',
      annotations: {},
      clusters: [homelab],
      sources: [],
      generatedAt: '2026-12-01T00:00:00.000Z',
    });
    expect(state.callers).toBeUndefined();
    expect(state.calls).toBeUndefined();
    expect(state.routes).toBeUndefined();
  });
});
