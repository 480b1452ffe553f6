import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseManifests } from '../resources/parseManifests';
import { evaluateWorkloads } from '../report/workloadReports';
import {
  buildEntityMeshState,
  ClusterEvaluation,
} from '../report/entityMeshState';
import { clusterGitopsInputs } from '../gitops/clusterGitopsInputs';
import { RuntimeObservations } from './observations';
import { SourceState } from '../types/sources';

const objects = parseManifests(
  readFileSync(
    resolve(__dirname, '../../../../examples/cluster/homelab.yaml'),
    'utf8',
  ),
  'homelab.yaml',
).objects.map(o => o.object);
const homelab: ClusterEvaluation = {
  cluster: 'homelab',
  meshResources: clusterGitopsInputs(objects, 'homelab', undefined)
    .meshResources,
  workloads: evaluateWorkloads(objects, { cluster: 'homelab' }),
};

const snapshotSource: SourceState = {
  id: 'snapshot:homelab',
  type: 'cluster-snapshot',
  status: 'ok',
};
const prometheusSource: SourceState = {
  id: 'prometheus:homelab',
  type: 'prometheus',
  status: 'ok',
};

const pod = (workload: string) => ({ namespace: 'boutique-dev', workload });
const service = (name: string) => `${name}.boutique-dev.svc.cluster.local`;

// The boutique over five minutes: mTLS everywhere but into redis-cart,
// which has no proxy, and the 90/10 catalog canary running at 88/12.
const observations: RuntimeObservations = {
  source: 'prometheus:homelab',
  window: '5m',
  clusters: ['homelab'],
  splitTolerance: 5,
  evaluatedAt: '2026-12-01T12:00:00.000Z',
  requests: [
    {
      reporter: 'destination',
      source: pod('frontend'),
      destination: {
        ...pod('cartservice'),
        version: 'v1',
        service: service('cartservice'),
      },
      connectionSecurityPolicy: 'mutual_tls',
      requestsPerSecond: 4,
      errorsPerSecond: 0.04,
    },
    {
      reporter: 'destination',
      source: pod('checkoutservice'),
      destination: {
        ...pod('cartservice'),
        version: 'v1',
        service: service('cartservice'),
      },
      connectionSecurityPolicy: 'mutual_tls',
      requestsPerSecond: 1,
      errorsPerSecond: 0,
    },
    {
      reporter: 'destination',
      source: pod('frontend'),
      destination: {
        ...pod('productcatalogservice'),
        version: 'v1',
        service: service('productcatalogservice'),
      },
      connectionSecurityPolicy: 'mutual_tls',
      requestsPerSecond: 8.8,
      errorsPerSecond: 0,
    },
    {
      reporter: 'destination',
      source: pod('frontend'),
      destination: {
        ...pod('productcatalogservice-v2'),
        version: 'v2',
        service: service('productcatalogservice'),
      },
      connectionSecurityPolicy: 'mutual_tls',
      requestsPerSecond: 1.2,
      errorsPerSecond: 0,
    },
  ],
  connections: [
    {
      reporter: 'source',
      source: pod('cartservice'),
      destination: { ...pod('redis-cart'), service: service('redis-cart') },
      connectionSecurityPolicy: 'unknown',
      connectionsPerSecond: 0.5,
    },
  ],
};

function state(app: string, runtime?: RuntimeObservations[]) {
  return buildEntityMeshState({
    entityRef: `component:default/${app}`,
    annotations: {
      'backstage.io/kubernetes-label-selector': `app=${app}`,
      'backstage.io/kubernetes-namespace': 'boutique-dev',
      'backstage.io/kubernetes-cluster': 'homelab',
    },
    clusters: [homelab],
    sources: runtime ? [snapshotSource, prometheusSource] : [snapshotSource],
    generatedAt: '2026-12-01T12:00:00.000Z',
    runtime,
  });
}

const criterion = (result: ReturnType<typeof state>, id: string) =>
  result.criteria.find(c => c.id === id)!;

describe('observed traffic of an entity', () => {
  it('lists the edges with rates, success and mTLS, and the inbound mTLS share', () => {
    const { runtime } = state('cartservice', [observations]);
    expect(runtime).toStrictEqual({
      window: '5m',
      source: 'prometheus:homelab',
      evaluatedAt: '2026-12-01T12:00:00.000Z',
      mtlsShare: { inbound: 1 },
      edges: [
        {
          direction: 'inbound',
          workload: 'cartservice',
          protocol: 'http',
          peer: {
            cluster: 'homelab',
            namespace: 'boutique-dev',
            workload: 'checkoutservice',
          },
          requestsPerSecond: 1,
          successRate: 1,
          mtls: 'all',
        },
        {
          direction: 'inbound',
          workload: 'cartservice',
          protocol: 'http',
          peer: {
            cluster: 'homelab',
            namespace: 'boutique-dev',
            workload: 'frontend',
          },
          requestsPerSecond: 4,
          successRate: 0.99,
          mtls: 'all',
        },
        {
          direction: 'outbound',
          workload: 'cartservice',
          protocol: 'tcp',
          peer: {
            cluster: 'homelab',
            namespace: 'boutique-dev',
            workload: 'redis-cart',
          },
          requestsPerSecond: 0.5,
          successRate: null,
          mtls: 'none',
        },
      ],
      observedSplit: [],
      splitTolerance: 5,
    });
  });

  it('fails service-graph on the plaintext edge, naming it', () => {
    expect(
      criterion(state('cartservice', [observations]), 'service-graph'),
    ).toStrictEqual({
      id: 'service-graph',
      status: 'fail',
      summary: '1 of 3 observed edges carry plaintext',
      evidence: [
        {
          kind: 'Workload',
          namespace: 'boutique-dev',
          name: 'redis-cart',
          message:
            'is called by cartservice (TCP, 0.500 conn/s): plaintext, observed by prometheus:homelab over 5m',
        },
      ],
    });
    expect(
      criterion(state('cartservice', [observations]), 'metrics'),
    ).toStrictEqual({
      id: 'metrics',
      status: 'pass',
      summary: 'Istio metrics for 3 edges in the last 5m (prometheus:homelab)',
      evidence: [],
    });
  });

  it('warns on an observed split further from the weights than the tolerance', () => {
    const within = state('productcatalogservice', [observations]);
    expect(within.runtime!.observedSplit).toStrictEqual([
      {
        host: service('productcatalogservice'),
        subset: 'v1',
        version: 'v1',
        virtualService: 'boutique-dev/productcatalogservice',
        configuredWeight: 90,
        observedShare: 88,
      },
      {
        host: service('productcatalogservice'),
        subset: 'v2',
        // The DestinationRule defines no v2 subset: its name stands in.
        version: 'v2',
        virtualService: 'boutique-dev/productcatalogservice',
        configuredWeight: 10,
        observedShare: 12,
      },
    ]);
    const configuredOnly = criterion(
      state('productcatalogservice'),
      'traffic-policy',
    );
    const observed = criterion(within, 'traffic-policy');
    expect(observed.status).toBe(configuredOnly.status);
    expect(observed.evidence).toStrictEqual([
      ...configuredOnly.evidence,
      {
        kind: 'Metric',
        namespace: '',
        name: 'envoy_cluster_outlier_detection_ejections_enforced_total',
        message:
          "not exported by default: add outlier_detection to the proxies' proxyStatsMatcher to see ejections (prometheus:homelab)",
      },
    ]);

    const strict = state('productcatalogservice', [
      { ...observations, splitTolerance: 1 },
    ]);
    expect(
      criterion(strict, 'traffic-policy').evidence.slice(-3, -1),
    ).toStrictEqual([
      {
        kind: 'VirtualService',
        namespace: 'boutique-dev',
        name: 'productcatalogservice',
        message: `subset v1 (version v1) of ${service(
          'productcatalogservice',
        )} is weighted 90.0 % but received 88.0 % of requests over 5m (prometheus:homelab)`,
      },
      {
        kind: 'VirtualService',
        namespace: 'boutique-dev',
        name: 'productcatalogservice',
        message: `subset v2 (version v2) of ${service(
          'productcatalogservice',
        )} is weighted 10.0 % but received 12.0 % of requests over 5m (prometheus:homelab)`,
      },
    ]);
  });

  it('says the runtime criteria are not configured without Prometheus', () => {
    const result = state('cartservice');
    expect(result.runtime).toBeUndefined();
    expect(
      result.criteria
        .filter(c => ['service-graph', 'metrics'].includes(c.id))
        .map(c => [c.id, c.status, c.summary]),
    ).toStrictEqual([
      [
        'service-graph',
        'unknown',
        'Not configured: no Prometheus (istioMesh.prometheus) is a source',
      ],
      [
        'metrics',
        'unknown',
        'Not configured: no Prometheus (istioMesh.prometheus) is a source',
      ],
    ]);
  });

  it('says why when the Prometheus source served nothing', () => {
    const result = buildEntityMeshState({
      entityRef: 'component:default/cartservice',
      annotations: {
        'backstage.io/kubernetes-label-selector': 'app=cartservice',
        'backstage.io/kubernetes-namespace': 'boutique-dev',
      },
      clusters: [homelab],
      sources: [
        snapshotSource,
        { ...prometheusSource, status: 'unauthorized', message: 'refused' },
      ],
      generatedAt: '2026-12-01T12:00:00.000Z',
      runtime: [],
    });
    expect(criterion(result, 'service-graph')).toStrictEqual({
      id: 'service-graph',
      status: 'unknown',
      summary: 'prometheus:homelab is unauthorized: refused',
      evidence: [],
    });
  });
});
