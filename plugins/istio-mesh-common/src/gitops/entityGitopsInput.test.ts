import { entityGitopsInput } from './entityGitopsInput';
import {
  clusterOf,
  gitopsInputFor,
  homelabApplications,
  homelabObjects,
} from './__fixtures__/homelabGitops';
import { describeResourceRef } from './resourceRefs';

const homelab = clusterOf(
  'homelab',
  [...homelabObjects(), ...homelabApplications()],
  true,
);

describe('entityGitopsInput', () => {
  it('collects the controllers and the mesh resources that apply to the workloads, each once', () => {
    const input = gitopsInputFor('cartservice', [homelab]);
    expect(input.clusters).toStrictEqual(['homelab']);
    expect(input.workloads).toStrictEqual([
      {
        cluster: 'homelab',
        group: 'apps',
        kind: 'Deployment',
        namespace: 'boutique-dev',
        name: 'cartservice',
      },
    ]);
    expect(
      input.meshResources.map(r => `${r.group} ${describeResourceRef(r)}`),
    ).toStrictEqual([
      'security.istio.io PeerAuthentication istio-system/default',
      'security.istio.io PeerAuthentication boutique-dev/default',
      'security.istio.io AuthorizationPolicy boutique-dev/cartservice-allow',
      'networking.istio.io VirtualService boutique-dev/cartservice',
      'networking.istio.io DestinationRule boutique-dev/cartservice',
    ]);
    expect(input.liveObject(input.meshResources[3])?.spec).toMatchObject({
      hosts: ['cartservice'],
    });
  });

  it('lists a mesh resource shared by several workloads once', () => {
    const input = entityGitopsInput({
      clusters: [homelab],
      workloads: homelab.workloads
        .filter(w =>
          ['cartservice', 'checkoutservice'].includes(w.workload.name),
        )
        .map(w => ({ cluster: 'homelab', report: w.report })),
    });
    expect(input.workloads.map(describeResourceRef)).toStrictEqual([
      'Deployment boutique-dev/cartservice',
      'Deployment boutique-dev/checkoutservice',
    ]);
    expect(
      input.meshResources.filter(r => r.kind === 'PeerAuthentication'),
    ).toHaveLength(2);
  });

  it('has no live objects for a cluster whose mesh resources were not read', () => {
    const { meshResources: _, ...withoutMeshResources } = homelab;
    const input = gitopsInputFor('cartservice', [withoutMeshResources]);
    expect(input.meshResources).toHaveLength(5);
    expect(input.liveObject(input.meshResources[0])).toBeUndefined();
  });
});
