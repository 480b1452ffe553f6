import { evaluateGitopsManaged } from './gitopsManaged';
import {
  clusterOf,
  gitopsInputFor,
  homelabApplications,
  homelabObjects,
  managedResource,
  settled,
} from '../gitops/__fixtures__/homelabGitops';
import { ClusterEvaluation } from '../report/entityMeshState';

/** The homelab cluster with its own Argo CD, Applications changed by `change`. */
const homelab = (
  change: Parameters<typeof homelabApplications>[0] = {
    'online-boutique-dev': settled,
  },
) =>
  clusterOf(
    'homelab',
    [...homelabObjects(), ...homelabApplications(change)],
    true,
  );

const criterion = (app: string, clusters: ClusterEvaluation[], urls = {}) =>
  evaluateGitopsManaged(gitopsInputFor(app, clusters, { clusterUrls: urls }));

describe('evaluateGitopsManaged', () => {
  it('passes when every resource is tracked by a Synced and Healthy Application', () => {
    expect(criterion('cartservice', [homelab()])).toStrictEqual({
      id: 'gitops-managed',
      status: 'pass',
      summary:
        'All 6 resources are managed by Argo CD, Synced and Healthy: Application argocd/online-boutique-dev, Application argocd/istio-control-plane',
      evidence: [
        {
          kind: 'Deployment',
          namespace: 'boutique-dev',
          name: 'cartservice',
          message:
            'tracked by Application argocd/online-boutique-dev (Synced, Healthy)',
        },
        {
          kind: 'PeerAuthentication',
          namespace: 'istio-system',
          name: 'default',
          message:
            'tracked by Application argocd/istio-control-plane (Synced, Healthy)',
        },
        {
          kind: 'PeerAuthentication',
          namespace: 'boutique-dev',
          name: 'default',
          message:
            'tracked by Application argocd/online-boutique-dev (Synced, Healthy)',
        },
        {
          kind: 'AuthorizationPolicy',
          namespace: 'boutique-dev',
          name: 'cartservice-allow',
          message:
            'tracked by Application argocd/online-boutique-dev (Synced, Healthy)',
        },
        {
          kind: 'VirtualService',
          namespace: 'boutique-dev',
          name: 'cartservice',
          message:
            'tracked by Application argocd/online-boutique-dev (Synced, Healthy)',
        },
        {
          kind: 'DestinationRule',
          namespace: 'boutique-dev',
          name: 'cartservice',
          message:
            'tracked by Application argocd/online-boutique-dev (Synced, Healthy)',
        },
      ],
    });
  });

  it('warns, naming the Application, while it is Progressing (the stuck recommendationservice rollout)', () => {
    const result = criterion('cartservice', [homelab({})]);
    expect(result.status).toBe('warn');
    expect(result.summary).toBe(
      'Managed by Argo CD, but not Synced and Healthy: Application argocd/online-boutique-dev (Synced, Progressing)',
    );
  });

  it('warns when a resource drifted and the Application is OutOfSync', () => {
    const result = criterion('cartservice', [
      homelab({
        'online-boutique-dev': app => {
          settled(app);
          app.status.sync.status = 'OutOfSync';
          managedResource(app, 'VirtualService', 'cartservice').status =
            'OutOfSync';
        },
      }),
    ]);
    expect(result.status).toBe('warn');
    expect(result.summary).toBe(
      'Managed by Argo CD, but not Synced and Healthy: Application argocd/online-boutique-dev (OutOfSync, Healthy)',
    );
  });

  it('fails for the PeerAuthentication applied by hand, which no Application tracks', () => {
    const result = criterion('paymentservice', [homelab()]);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      '1 of 5 resources are not managed by Argo CD: PeerAuthentication boutique-dev/paymentservice-permissive',
    );
    expect(result.evidence).toContainEqual({
      kind: 'PeerAuthentication',
      namespace: 'boutique-dev',
      name: 'paymentservice-permissive',
      message: 'not tracked by any Argo CD Application',
    });
  });

  it('fails for a live AuthorizationPolicy left out of every Application', () => {
    const result = criterion('cartservice', [
      homelab({
        'online-boutique-dev': app => {
          settled(app);
          app.status.resources = app.status.resources.filter(
            (r: { name: string }) => r.name !== 'cartservice-allow',
          );
        },
      }),
    ]);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      '1 of 6 resources are not managed by Argo CD: AuthorizationPolicy boutique-dev/cartservice-allow',
    );
  });

  it('is unknown, with the reason, when the Application CRD is absent from the cluster', () => {
    expect(
      criterion('cartservice', [clusterOf('homelab', homelabObjects(), false)]),
    ).toMatchObject({
      status: 'unknown',
      summary:
        'Argo CD is not installed in cluster homelab (no Application CRD)',
    });
  });

  it('is unknown when no source says anything about Argo CD', () => {
    expect(
      criterion('cartservice', [
        clusterOf('homelab', homelabObjects(), undefined),
      ]),
    ).toMatchObject({
      status: 'unknown',
      summary: 'no Argo CD source for cluster homelab',
    });
  });

  it('is unknown while Argo CD has not reported on the Application', () => {
    const result = criterion('cartservice', [
      homelab({
        'online-boutique-dev': app => {
          settled(app);
          app.status.health.status = 'Unknown';
        },
      }),
    ]);
    expect(result).toMatchObject({
      status: 'unknown',
      summary:
        'Argo CD has not reported sync and health of Application argocd/online-boutique-dev (Synced, Unknown)',
    });
  });

  describe('with Argo CD in a management cluster', () => {
    const mgmt = (destination: Record<string, string>): ClusterEvaluation =>
      clusterOf(
        'mgmt',
        homelabApplications({
          'online-boutique-dev': app => {
            settled(app);
            app.spec.destination = {
              ...destination,
              namespace: 'boutique-dev',
            };
          },
          'istio-control-plane': app => {
            app.spec.destination = {
              ...destination,
              namespace: 'istio-system',
            };
          },
        }),
        true,
      );
    const workloadCluster = clusterOf('homelab', homelabObjects(), false);

    it('counts Applications deploying to the cluster by name', () => {
      const result = criterion('cartservice', [
        mgmt({ name: 'homelab' }),
        workloadCluster,
      ]);
      expect(result.status).toBe('pass');
      expect(result.evidence[0].message).toBe(
        'tracked by Application argocd/online-boutique-dev in cluster mgmt (Synced, Healthy)',
      );
    });

    it('counts Applications deploying to the cluster by its API server URL', () => {
      const result = criterion(
        'cartservice',
        [mgmt({ server: 'https://homelab.example.net:6443' }), workloadCluster],
        { homelab: 'https://homelab.example.net:6443' },
      );
      expect(result.status).toBe('pass');
    });

    it('ignores Applications whose server URL no configured cluster has', () => {
      const result = criterion('cartservice', [
        mgmt({ server: 'https://homelab.example.net:6443' }),
        workloadCluster,
      ]);
      expect(result).toMatchObject({
        status: 'unknown',
        summary:
          'Argo CD is not installed in cluster homelab (no Application CRD)',
      });
    });

    it('does not call a resource untracked while another Argo CD is unavailable', () => {
      const result = criterion('paymentservice', [
        mgmt({ name: 'homelab' }),
        workloadCluster,
        {
          cluster: 'edge',
          workloads: [],
          argo: { status: 'unavailable', reason: 'connect ETIMEDOUT' },
        },
      ]);
      expect(result.status).toBe('unknown');
      expect(result.summary).toBe(
        'not tracked by any Argo CD Application read; Argo CD in cluster edge is unavailable: connect ETIMEDOUT',
      );
    });
  });
});
