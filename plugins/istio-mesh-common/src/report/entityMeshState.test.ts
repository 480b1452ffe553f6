import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseManifests } from '../resources/parseManifests';
import { evaluateWorkloads } from './workloadReports';
import { buildEntityMeshState, ClusterEvaluation } from './entityMeshState';
import { EntityMeshState } from '../types/mesh';

const snapshot = parseManifests(
  readFileSync(
    resolve(__dirname, '../../../../examples/cluster/homelab.yaml'),
    'utf8',
  ),
  'homelab.yaml',
);
const homelab: ClusterEvaluation = {
  cluster: 'homelab',
  workloads: evaluateWorkloads(
    snapshot.objects.map(o => o.object),
    { cluster: 'homelab' },
  ),
};
const sources = [
  {
    id: 'snapshot:homelab',
    type: 'cluster-snapshot' as const,
    status: 'ok' as const,
  },
];
const generatedAt = '2026-11-28T00:00:00.000Z';

function state(
  annotations: Record<string, string> | undefined,
  clusters = [homelab],
) {
  return buildEntityMeshState({
    entityRef: 'component:default/x',
    annotations,
    clusters,
    sources,
    generatedAt,
  });
}

// The criteria evaluated per workload; the runtime ones follow them.
const workloadCriteria = (result: EntityMeshState) =>
  result.criteria.filter(
    c => !['service-graph', 'tracing', 'metrics'].includes(c.id),
  );

describe('buildEntityMeshState', () => {
  it('lists the runtime criteria as unknown, not configured', () => {
    const result = state({
      'backstage.io/kubernetes-label-selector': 'app=cartservice',
    });
    expect(result.criteria.slice(4)).toStrictEqual([
      {
        id: 'service-graph',
        status: 'unknown',
        summary:
          'Not configured: Prometheus (istio_requests_total edges) is not a source yet',
        evidence: [],
      },
      {
        id: 'tracing',
        status: 'unknown',
        summary: 'Not configured: Jaeger is not a source yet',
        evidence: [],
      },
      {
        id: 'metrics',
        status: 'unknown',
        summary:
          'Not configured: Prometheus (Istio request metrics) is not a source yet',
        evidence: [],
      },
    ]);
  });

  it('maps by label selector and namespace', () => {
    const result = state({
      'backstage.io/kubernetes-label-selector': 'app=paymentservice',
      'backstage.io/kubernetes-namespace': 'boutique-dev',
    });
    expect(result.mapping).toStrictEqual({
      status: 'mapped',
      labelSelector: 'app=paymentservice',
      namespace: 'boutique-dev',
      message:
        '1 workload(s) match app=paymentservice in all clusters, namespace boutique-dev.',
    });
    expect(result.workloads.map(w => w.name)).toStrictEqual(['paymentservice']);
    expect(workloadCriteria(result).map(c => [c.id, c.status])).toStrictEqual([
      ['sidecar-injected', 'pass'],
      ['mtls-strict', 'fail'],
      ['traffic-policy', 'fail'],
      ['authz-enforced', 'pass'],
    ]);
    expect(result.criteria[1].fixTemplate).toBe('istio-strict-mtls');
  });

  it('maps by backstage.io/kubernetes-id through the label of that name', () => {
    const result = state({
      'backstage.io/kubernetes-id': 'checkoutservice',
      'backstage.io/kubernetes-cluster': 'homelab',
    });
    expect(result.mapping.status).toBe('mapped');
    expect(result.workloads.map(w => w.name)).toStrictEqual([
      'checkoutservice',
    ]);
  });

  it('reports annotation-missing with unknown criteria', () => {
    const result = state({
      'backstage.io/source-location': 'url:https://example.com',
    });
    expect(result.mapping.status).toBe('annotation-missing');
    expect(result.workloads).toStrictEqual([]);
    expect(workloadCriteria(result).map(c => c.status)).toStrictEqual([
      'unknown',
      'unknown',
      'unknown',
      'unknown',
    ]);
  });

  it('reports an invalid selector instead of throwing', () => {
    const result = state({
      'backstage.io/kubernetes-label-selector': 'app in (',
    });
    expect(result.mapping.status).toBe('annotation-invalid');
    expect(result.mapping.message).toMatch(
      /backstage.io\/kubernetes-label-selector is invalid/,
    );
  });

  it('does not claim pass while a cluster the entity may run in is unavailable', () => {
    const result = state(
      { 'backstage.io/kubernetes-label-selector': 'app=cartservice' },
      [
        homelab,
        {
          cluster: 'edge',
          unavailable: 'snapshot file not found',
          workloads: [],
        },
      ],
    );
    expect(
      workloadCriteria(result).map(c => [c.id, c.status, c.summary]),
    ).toStrictEqual([
      [
        'sidecar-injected',
        'unknown',
        'cluster edge is unavailable: snapshot file not found',
      ],
      [
        'mtls-strict',
        'unknown',
        'cluster edge is unavailable: snapshot file not found',
      ],
      // cartservice's traffic policy is incomplete: a known warning stands.
      [
        'traffic-policy',
        'warn',
        expect.stringContaining('outlier detection cannot eject'),
      ],
      [
        'authz-enforced',
        'unknown',
        'cluster edge is unavailable: snapshot file not found',
      ],
    ]);
    expect(result.workloads.map(w => w.name)).toStrictEqual(['cartservice']);
  });

  it('keeps a known failure while another cluster is unavailable', () => {
    const result = state(
      { 'backstage.io/kubernetes-label-selector': 'app=redis-cart' },
      [
        homelab,
        {
          cluster: 'edge',
          unavailable: 'snapshot file not found',
          workloads: [],
        },
      ],
    );
    expect(workloadCriteria(result).map(c => c.status)).toStrictEqual([
      'fail',
      'fail',
      'fail',
      'fail',
    ]);
  });

  it('says so when the selector matches nothing', () => {
    const result = state({
      'backstage.io/kubernetes-label-selector': 'app=loadgenerator',
    });
    expect(result.mapping.status).toBe('no-workloads');
    expect(result.criteria[0]).toStrictEqual({
      id: 'sidecar-injected',
      status: 'unknown',
      summary:
        'No workload matches app=loadgenerator in all clusters, all namespaces.',
      evidence: [],
    });
  });
});
