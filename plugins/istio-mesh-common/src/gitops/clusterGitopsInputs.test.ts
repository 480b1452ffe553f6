import { clusterGitopsInputs } from './clusterGitopsInputs';
import {
  homelabApplications,
  homelabObjects,
} from './__fixtures__/homelabGitops';

const meshKinds = (objects: { kind: string }[]) =>
  [...new Set(objects.map(o => o.kind))].sort();

describe('clusterGitopsInputs', () => {
  it('picks the Applications and the Istio resources out of a cluster listing', () => {
    const inputs = clusterGitopsInputs(
      [...homelabObjects(), ...homelabApplications()],
      'homelab',
      true,
    );
    expect(inputs.problems).toStrictEqual([]);
    expect(inputs.argo?.status).toBe('ok');
    expect(
      inputs.argo?.status === 'ok' &&
        inputs.argo.applications.map(a => `${a.cluster}:${a.name}`),
    ).toStrictEqual([
      'homelab:istio-control-plane',
      'homelab:online-boutique-dev',
    ]);
    // The Sail Operator's Istio and IstioRevision install the mesh; they do not configure it.
    expect(meshKinds(inputs.meshResources)).toStrictEqual([
      'AuthorizationPolicy',
      'DestinationRule',
      'PeerAuthentication',
      'Telemetry',
      'VirtualService',
    ]);
    expect(inputs.meshResources).toHaveLength(20);
  });

  it('counts Argo CD as installed when Applications are listed, whatever the caller knows', () => {
    const inputs = clusterGitopsInputs(
      homelabApplications(),
      'homelab',
      undefined,
    );
    expect(inputs.argo?.status).toBe('ok');
  });

  it('says Argo CD is not installed, naming the cluster, when the Application CRD is absent', () => {
    expect(
      clusterGitopsInputs(homelabObjects(), 'homelab', false).argo,
    ).toStrictEqual({
      status: 'not-installed',
      reason:
        'Argo CD is not installed in cluster homelab (no Application CRD)',
    });
  });

  it('reads an installed Argo CD without Applications as ok and empty', () => {
    expect(
      clusterGitopsInputs(homelabObjects(), 'homelab', true).argo,
    ).toStrictEqual({
      status: 'ok',
      applications: [],
    });
  });

  it('leaves Argo CD undefined when nothing says whether it is installed (a snapshot file)', () => {
    const inputs = clusterGitopsInputs(homelabObjects(), 'homelab', undefined);
    expect(inputs.argo).toBeUndefined();
    expect(inputs.meshResources).toHaveLength(20);
  });

  it('reports a malformed Application and keeps the others', () => {
    const inputs = clusterGitopsInputs(
      homelabApplications({
        'istio-control-plane': app => {
          app.status.health.status = 'Fine';
        },
      }),
      'homelab',
      true,
    );
    expect(inputs.problems).toStrictEqual([
      expect.stringMatching(
        /^Application argocd\/istio-control-plane in cluster homelab: status\.health\.status: /,
      ),
    ]);
    expect(
      inputs.argo?.status === 'ok' && inputs.argo.applications.map(a => a.name),
    ).toStrictEqual(['online-boutique-dev']);
  });
});
