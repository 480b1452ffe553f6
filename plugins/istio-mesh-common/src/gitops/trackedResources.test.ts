import { parseArgoApplication } from './argoApplications';
import { ClusterArgoInput, indexTrackedResources } from './trackedResources';
import {
  homelabApplications,
  managedResource,
  settled,
} from './__fixtures__/homelabGitops';
import { ResourceRef } from './resourceRefs';

const cartVirtualService = (cluster: string): ResourceRef => ({
  cluster,
  group: 'networking.istio.io',
  kind: 'VirtualService',
  namespace: 'boutique-dev',
  name: 'cartservice',
});

/** The homelab Applications, living in `cluster` and deploying to `destination`. */
function applicationsIn(
  cluster: string,
  destination: Record<string, string>,
): ClusterArgoInput {
  return {
    cluster,
    argo: {
      status: 'ok',
      applications: homelabApplications({
        'online-boutique-dev': app => {
          settled(app);
          app.spec.destination = { ...destination, namespace: 'boutique-dev' };
        },
      }).map(a => parseArgoApplication(a, cluster)),
    },
  };
}

const trackers = (clusters: ClusterArgoInput[], ref: ResourceRef, urls = {}) =>
  indexTrackedResources(clusters, urls)
    .trackersOf(ref)
    .map(
      t => `${t.application.cluster}:${t.application.name} ${t.resourceStatus}`,
    );

describe('indexTrackedResources', () => {
  it('indexes resources of in-cluster Applications under their own cluster', () => {
    const clusters = [
      applicationsIn('homelab', { server: 'https://kubernetes.default.svc' }),
    ];
    expect(trackers(clusters, cartVirtualService('homelab'))).toStrictEqual([
      'homelab:online-boutique-dev Synced',
    ]);
    expect(trackers(clusters, cartVirtualService('edge'))).toStrictEqual([]);
    // The group is part of the identity: a Gateway API route of the same name is another resource.
    expect(
      trackers(clusters, {
        ...cartVirtualService('homelab'),
        group: 'gateway.networking.k8s.io',
      }),
    ).toStrictEqual([]);
  });

  it('indexes Applications of a management cluster under the cluster they deploy to, by name or by URL', () => {
    const mgmt = applicationsIn('mgmt', { name: 'homelab' });
    expect(trackers([mgmt], cartVirtualService('homelab'))).toStrictEqual([
      'mgmt:online-boutique-dev Synced',
    ]);

    const byUrl = applicationsIn('mgmt', {
      server: 'https://homelab.example.net:6443',
    });
    expect(
      trackers([byUrl], cartVirtualService('homelab'), {
        homelab: 'https://homelab.example.net:6443',
      }),
    ).toStrictEqual(['mgmt:online-boutique-dev Synced']);
    // A URL no cluster is configured with: the Application is ignored.
    expect(trackers([byUrl], cartVirtualService('homelab'))).toStrictEqual([]);
  });

  it('covers a cluster whose Argo CD was read, or that some Application deploys to', () => {
    const index = indexTrackedResources([
      applicationsIn('mgmt', { name: 'homelab' }),
      {
        cluster: 'homelab',
        argo: {
          status: 'not-installed',
          reason:
            'Argo CD is not installed in cluster homelab (no Application CRD)',
        },
      },
      { cluster: 'edge', argo: { status: 'ok', applications: [] } },
      {
        cluster: 'lab',
        argo: { status: 'unavailable', reason: '403 Forbidden' },
      },
      {
        cluster: 'qa',
        argo: {
          status: 'not-installed',
          reason: 'Argo CD is not installed in cluster qa (no Application CRD)',
        },
      },
      { cluster: 'dev' },
    ]);
    expect(
      ['mgmt', 'homelab', 'edge', 'lab', 'qa', 'dev'].map(index.coverage),
    ).toStrictEqual([
      { covered: true },
      { covered: true },
      { covered: true },
      {
        covered: false,
        reason: 'Argo CD in cluster lab is unavailable: 403 Forbidden',
      },
      {
        covered: false,
        reason: 'Argo CD is not installed in cluster qa (no Application CRD)',
      },
      { covered: false, reason: 'no Argo CD source for cluster dev' },
    ]);
    expect(index.unavailable).toStrictEqual([
      'Argo CD in cluster lab is unavailable: 403 Forbidden',
    ]);
  });

  it('keeps each resource sync status and pruning flag', () => {
    const clusters: ClusterArgoInput[] = [
      {
        cluster: 'homelab',
        argo: {
          status: 'ok',
          applications: homelabApplications({
            'online-boutique-dev': app => {
              Object.assign(
                managedResource(app, 'VirtualService', 'cartservice'),
                { status: 'OutOfSync', requiresPruning: true },
              );
            },
          }).map(a => parseArgoApplication(a, 'homelab')),
        },
      },
    ];
    const [tracked] = indexTrackedResources(clusters).trackersOf(
      cartVirtualService('homelab'),
    );
    expect(tracked).toMatchObject({
      resourceStatus: 'OutOfSync',
      requiresPruning: true,
    });
  });
});
