import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseManifests } from '../resources/parseManifests';
import { evaluateWorkloads } from './workloadReports';
import {
  buildEntityMeshState,
  ClusterEvaluation,
  EntityMeshInput,
} from './entityMeshState';
import { EntityMeshState } from '../types/mesh';
import { CRITERION_IDS } from '../criteria/registry';
import {
  clusterOf,
  homelabApplications,
  homelabDesired,
  homelabObjects,
  settled,
} from '../gitops/__fixtures__/homelabGitops';

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
  gitops: Pick<EntityMeshInput, 'desired' | 'clusterUrls' | 'mapping'> = {},
) {
  return buildEntityMeshState({
    entityRef: 'component:default/x',
    annotations,
    clusters,
    sources,
    generatedAt,
    ...gitops,
  });
}

// The criteria evaluated per workload, in display order.
const workloadCriteria = (result: EntityMeshState) =>
  result.criteria.filter(c =>
    [
      'sidecar-injected',
      'mtls-strict',
      'traffic-policy',
      'authz-enforced',
    ].includes(c.id),
  );

const criterion = (result: EntityMeshState, id: string) =>
  result.criteria.find(c => c.id === id)!;

describe('buildEntityMeshState', () => {
  it('lists the runtime criteria as unknown, not configured', () => {
    const result = state({
      'backstage.io/kubernetes-label-selector': 'app=cartservice',
    });
    expect(
      result.criteria.filter(c =>
        ['service-graph', 'tracing', 'metrics'].includes(c.id),
      ),
    ).toStrictEqual([
      {
        id: 'service-graph',
        status: 'unknown',
        summary:
          'Not configured: no Prometheus (istioMesh.prometheus) is a source',
        evidence: [],
      },
      {
        id: 'tracing',
        status: 'unknown',
        summary: 'Not configured: no Jaeger (istioMesh.jaeger) is a source',
        evidence: [],
      },
      {
        id: 'metrics',
        status: 'unknown',
        summary:
          'Not configured: no Prometheus (istioMesh.prometheus) is a source',
        evidence: [],
      },
    ]);
  });

  it("judges tracing by Jaeger's graph under the workloads' Istio service names", () => {
    const result = buildEntityMeshState({
      entityRef: 'component:default/checkoutservice',
      annotations: {
        'backstage.io/kubernetes-id': 'checkoutservice',
        'backstage.io/kubernetes-namespace': 'boutique-dev',
      },
      clusters: [homelab],
      sources: [
        ...sources,
        { id: 'jaeger:homelab', type: 'jaeger', status: 'ok' },
      ],
      generatedAt,
      traces: [
        {
          source: 'jaeger:homelab',
          lookback: '1h',
          evaluatedAt: generatedAt,
          services: ['checkoutservice.boutique-dev', 'frontend.boutique-dev'],
          dependencies: [
            {
              parent: 'frontend.boutique-dev',
              child: 'checkoutservice.boutique-dev',
              callCount: 2,
            },
          ],
        },
      ],
    });
    // checkoutservice and checkoutservice-v2 share the app label.
    expect(result.traceServices).toStrictEqual([
      'checkoutservice.boutique-dev',
    ]);
    expect(criterion(result, 'tracing')).toMatchObject({
      status: 'pass',
      summary:
        'Traced with frontend.boutique-dev in the last 1h (jaeger:homelab)',
    });
  });

  it("links Grafana's Istio dashboard by the uid Grafana listed it under", () => {
    const result = buildEntityMeshState({
      entityRef: 'component:default/paymentservice',
      annotations: {
        'backstage.io/kubernetes-label-selector': 'app=paymentservice',
        'backstage.io/kubernetes-namespace': 'boutique-dev',
      },
      clusters: [homelab],
      sources,
      generatedAt,
      links: { grafana: { url: 'https://grafana.example' } },
      dashboards: { source: 'grafana:links', found: { workload: 'UbsSZTDik' } },
    });
    expect(result.links).toStrictEqual([
      {
        kind: 'grafana',
        title:
          'Grafana: Istio Workload Dashboard of boutique-dev/paymentservice',
        url: 'https://grafana.example/d/UbsSZTDik/?var-namespace=boutique-dev&var-workload=paymentservice',
      },
    ]);
    // Without metrics there is nothing for the dashboards to display.
    expect(criterion(result, 'metrics').status).toBe('unknown');
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
    expect(criterion(result, 'mtls-strict').fixTemplate).toBe(
      'istio-strict-mtls',
    );
  });

  it('maps by backstage.io/kubernetes-id through the label of that name', () => {
    const result = state({
      'backstage.io/kubernetes-id': 'checkoutservice',
      'backstage.io/kubernetes-cluster': 'homelab',
    });
    expect(result.mapping.status).toBe('mapped');
    expect(result.workloads.map(w => w.name)).toStrictEqual([
      'checkoutservice',
      'checkoutservice-v2',
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

  it.each([
    ['app!=frontend'],
    ['!app'],
    ['app notin (frontend, istiod)'],
    ['app!=a,!b'],
  ])(
    'refuses %s, which would claim every workload of the cluster',
    selector => {
      const result = state({
        'backstage.io/kubernetes-label-selector': selector,
      });
      expect(result.mapping.status).toBe('annotation-refused');
      expect(result.mapping.message).toContain('only excludes labels');
      expect(result.workloads).toStrictEqual([]);
      expect(workloadCriteria(result).every(c => c.status === 'unknown')).toBe(
        true,
      );
    },
  );

  it('maps a selector that mixes a positive requirement with exclusions', () => {
    const result = state({
      'backstage.io/kubernetes-label-selector': 'app=cartservice,tier!=db',
    });
    expect(result.mapping.status).toBe('mapped');
    expect(result.workloads.map(w => w.name)).toStrictEqual(['cartservice']);
  });

  it('refuses an entity without a namespace where the installation requires one', () => {
    const annotations = {
      'backstage.io/kubernetes-label-selector': 'app=cartservice',
    };
    const required = state(annotations, [homelab], {
      mapping: { requireNamespace: true },
    });
    expect(required.mapping.status).toBe('annotation-refused');
    expect(required.mapping.message).toContain(
      'istioMesh.mapping.requireNamespace',
    );
    expect(required.workloads).toStrictEqual([]);

    const withNamespace = state(
      {
        ...annotations,
        'backstage.io/kubernetes-namespace': 'boutique-dev',
      },
      [homelab],
      { mapping: { requireNamespace: true } },
    );
    expect(withNamespace.mapping.status).toBe('mapped');
    expect(withNamespace.workloads.map(w => w.name)).toStrictEqual([
      'cartservice',
    ]);
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
    expect(criterion(result, 'sidecar-injected')).toStrictEqual({
      id: 'sidecar-injected',
      status: 'unknown',
      summary:
        'No workload matches app=loadgenerator in all clusters, all namespaces.',
      evidence: [],
    });
  });

  it('lists the criteria in the order of CRITERION_IDS', () => {
    const result = state({
      'backstage.io/kubernetes-label-selector': 'app=cartservice',
    });
    expect(result.criteria.map(c => c.id)).toStrictEqual([...CRITERION_IDS]);
    expect(
      state({ 'backstage.io/source-location': 'url:x' }).criteria.map(
        c => c.id,
      ),
    ).toStrictEqual([...CRITERION_IDS]);
  });

  describe('GitOps criteria', () => {
    const cart = {
      'backstage.io/kubernetes-label-selector': 'app=cartservice',
    };
    const payment = {
      'backstage.io/kubernetes-label-selector': 'app=paymentservice',
    };
    const withArgo = () =>
      clusterOf(
        'homelab',
        [
          ...homelabObjects(),
          ...homelabApplications({ 'online-boutique-dev': settled }),
        ],
        true,
      );
    const gitopsStatuses = (result: EntityMeshState) =>
      ['gitops-managed', 'everything-in-git'].map(
        id => `${id} ${criterion(result, id).status}`,
      );

    it('pass when a Synced and Healthy Application tracks everything', () => {
      expect(gitopsStatuses(state(cart, [withArgo()]))).toStrictEqual([
        'gitops-managed pass',
        'everything-in-git pass',
      ]);
    });

    it('fail for the PeerAuthentication applied by hand', () => {
      const result = state(payment, [withArgo()]);
      expect(gitopsStatuses(result)).toStrictEqual([
        'gitops-managed fail',
        'everything-in-git fail',
      ]);
    });

    it('are unknown, with the reason, when Argo CD is not installed in the cluster', () => {
      const result = state(cart, [
        clusterOf('homelab', homelabObjects(), false),
      ]);
      expect(
        ['gitops-managed', 'everything-in-git'].map(
          id => criterion(result, id).summary,
        ),
      ).toStrictEqual([
        'Argo CD is not installed in cluster homelab (no Application CRD)',
        'Argo CD is not installed in cluster homelab (no Application CRD); no GitOps source for cluster homelab',
      ]);
    });

    it("count Applications of a management cluster outside the entity's cluster", () => {
      const mgmt = clusterOf(
        'mgmt',
        homelabApplications({
          'online-boutique-dev': app => {
            settled(app);
            app.spec.destination = {
              server: 'https://homelab.example.net:6443',
              namespace: 'boutique-dev',
            };
          },
          'istio-control-plane': app => {
            app.spec.destination = {
              server: 'https://homelab.example.net:6443',
              namespace: 'istio-system',
            };
          },
        }),
        true,
      );
      const result = state(
        { ...cart, 'backstage.io/kubernetes-cluster': 'homelab' },
        [mgmt, clusterOf('homelab', homelabObjects(), false)],
        { clusterUrls: { homelab: 'https://homelab.example.net:6443' } },
      );
      expect(gitopsStatuses(result)).toStrictEqual([
        'gitops-managed pass',
        'everything-in-git pass',
      ]);
    });

    it('compare with the GitOps sources when there is no Argo CD', () => {
      const desired = { desired: homelabDesired() };
      const listed = clusterOf('homelab', homelabObjects(), undefined);
      expect(gitopsStatuses(state(cart, [listed], desired))).toStrictEqual([
        'gitops-managed unknown',
        'everything-in-git pass',
      ]);
      expect(
        criterion(state(payment, [listed], desired), 'everything-in-git')
          .status,
      ).toBe('fail');
    });

    it('are unknown with the mapping message when the entity has no workloads', () => {
      const result = state(
        { 'backstage.io/kubernetes-label-selector': 'app=loadgenerator' },
        [withArgo()],
        { desired: homelabDesired() },
      );
      expect(
        ['gitops-managed', 'everything-in-git'].map(id =>
          criterion(result, id),
        ),
      ).toStrictEqual(
        ['gitops-managed', 'everything-in-git'].map(id => ({
          id,
          status: 'unknown',
          summary:
            'No workload matches app=loadgenerator in all clusters, all namespaces.',
          evidence: [],
        })),
      );
    });

    it('do not claim pass while a cluster the entity may run in is unavailable', () => {
      const result = state(cart, [
        withArgo(),
        {
          cluster: 'edge',
          unavailable: 'snapshot file not found',
          workloads: [],
        },
      ]);
      expect(gitopsStatuses(result)).toStrictEqual([
        'gitops-managed unknown',
        'everything-in-git unknown',
      ]);
      expect(criterion(result, 'everything-in-git').summary).toBe(
        'cluster edge is unavailable: snapshot file not found',
      );
    });
  });
});
