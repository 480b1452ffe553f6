import { evaluateEverythingInGit } from './everythingInGit';
import {
  clusterOf,
  gitopsInputFor,
  homelabApplications,
  homelabDesired,
  homelabObjects,
  managedResource,
  settled,
} from '../gitops/__fixtures__/homelabGitops';
import { ClusterEvaluation } from '../report/entityMeshState';
import { DesiredObject } from '../gitops/desiredState';
import { KubernetesObject } from '../resources/objects';
import { entityGitopsInput } from '../gitops/entityGitopsInput';

const withArgo = (
  change: Parameters<typeof homelabApplications>[0] = {
    'online-boutique-dev': settled,
  },
) =>
  clusterOf(
    'homelab',
    [...homelabObjects(), ...homelabApplications(change)],
    true,
  );

const criterion = (
  app: string,
  clusters: ClusterEvaluation[],
  desired?: DesiredObject[],
) => evaluateEverythingInGit(gitopsInputFor(app, clusters, { desired }));

/** The homelab objects with one changed by `change`. */
function homelabChanged(
  kind: string,
  name: string,
  change: (object: any) => void,
): KubernetesObject[] {
  const objects = homelabObjects();
  change(objects.find(o => o.kind === kind && o.metadata.name === name));
  return objects;
}

describe('evaluateEverythingInGit', () => {
  describe('with Argo CD', () => {
    it('passes when Argo CD tracks every mesh resource and reports it Synced', () => {
      const result = criterion('cartservice', [withArgo()]);
      expect(result).toStrictEqual({
        id: 'everything-in-git',
        status: 'pass',
        summary:
          'All 5 mesh resources are tracked by Argo CD and Synced with Git',
        evidence: [
          {
            kind: 'PeerAuthentication',
            namespace: 'istio-system',
            name: 'default',
            message:
              'tracked by Application argocd/istio-control-plane, Synced with Git',
          },
          {
            kind: 'PeerAuthentication',
            namespace: 'boutique-dev',
            name: 'default',
            message:
              'tracked by Application argocd/online-boutique-dev, Synced with Git',
          },
          {
            kind: 'AuthorizationPolicy',
            namespace: 'boutique-dev',
            name: 'cartservice-allow',
            message:
              'tracked by Application argocd/online-boutique-dev, Synced with Git',
          },
          {
            kind: 'VirtualService',
            namespace: 'boutique-dev',
            name: 'cartservice',
            message:
              'tracked by Application argocd/online-boutique-dev, Synced with Git',
          },
          {
            kind: 'DestinationRule',
            namespace: 'boutique-dev',
            name: 'cartservice',
            message:
              'tracked by Application argocd/online-boutique-dev, Synced with Git',
          },
        ],
      });
    });

    it('does not mind an Application that is only unhealthy', () => {
      expect(criterion('cartservice', [withArgo({})]).status).toBe('pass');
    });

    it('fails, naming the resource, when Argo CD reports it OutOfSync', () => {
      const result = criterion('cartservice', [
        withArgo({
          'online-boutique-dev': app => {
            app.status.sync.status = 'OutOfSync';
            managedResource(app, 'VirtualService', 'cartservice').status =
              'OutOfSync';
          },
        }),
      ]);
      expect(result.status).toBe('fail');
      expect(result.summary).toBe(
        '1 of 5 mesh resources drift from Git: VirtualService boutique-dev/cartservice: differs from Git according to Argo CD (Application argocd/online-boutique-dev reports it OutOfSync)',
      );
    });

    it('fails for a resource removed from Git that Argo CD would prune', () => {
      const result = criterion('cartservice', [
        withArgo({
          'online-boutique-dev': app => {
            Object.assign(
              managedResource(app, 'DestinationRule', 'cartservice'),
              { status: 'OutOfSync', requiresPruning: true },
            );
          },
        }),
      ]);
      expect(result.status).toBe('fail');
      expect(result.evidence[4].message).toBe(
        'no longer in Git: Application argocd/online-boutique-dev reports it OutOfSync and would prune it',
      );
    });

    it('fails for the PeerAuthentications applied by hand, which no Application tracks', () => {
      const payment = criterion('paymentservice', [withArgo()]);
      expect(payment.status).toBe('fail');
      expect(payment.summary).toBe(
        '1 of 4 mesh resources drift from Git: PeerAuthentication boutique-dev/paymentservice-permissive: not tracked by any Argo CD Application: applied by hand?',
      );
      expect(criterion('frontend', [withArgo()]).summary).toBe(
        '1 of 4 mesh resources drift from Git: PeerAuthentication boutique-dev/frontend-health: not tracked by any Argo CD Application: applied by hand?',
      );
    });

    it('fails for a live AuthorizationPolicy no Application tracks, even when Git declares it', () => {
      const result = criterion(
        'cartservice',
        [
          withArgo({
            'online-boutique-dev': app => {
              settled(app);
              app.status.resources = app.status.resources.filter(
                (r: { name: string }) => r.name !== 'cartservice-allow',
              );
            },
          }),
        ],
        homelabDesired(),
      );
      expect(result.status).toBe('fail');
      expect(result.evidence[2]).toStrictEqual({
        kind: 'AuthorizationPolicy',
        namespace: 'boutique-dev',
        name: 'cartservice-allow',
        message:
          'not tracked by any Argo CD Application: applied by hand? (apps/base/online-boutique/base/istio/authorizationpolicies.yaml in gitops:homelab declares it)',
      });
    });

    it('prefers Argo CD over its own comparison with Git', () => {
      const differentInGit = homelabDesired().map(d =>
        d.object.kind === 'VirtualService'
          ? { ...d, object: { ...d.object, spec: { hosts: ['elsewhere'] } } }
          : d,
      );
      expect(
        criterion('cartservice', [withArgo()], differentInGit).status,
      ).toBe('pass');
    });
  });

  describe('without Argo CD, against the GitOps sources', () => {
    const snapshot = (objects = homelabObjects()) =>
      clusterOf('homelab', objects, undefined);

    it('passes when every mesh resource matches its manifest', () => {
      const result = criterion('cartservice', [snapshot()], homelabDesired());
      expect(result.status).toBe('pass');
      expect(result.summary).toBe(
        'All 5 mesh resources match their manifests in Git',
      );
      expect(result.evidence[3]).toStrictEqual({
        kind: 'VirtualService',
        namespace: 'boutique-dev',
        name: 'cartservice',
        message:
          'matches apps/base/online-boutique/base/istio/virtualservice-retry.yaml in gitops:homelab',
      });
    });

    it('fails for a mesh resource that is not in Git', () => {
      const result = criterion(
        'paymentservice',
        [snapshot()],
        homelabDesired(),
      );
      expect(result.status).toBe('fail');
      expect(result.summary).toBe(
        '1 of 4 mesh resources drift from Git: PeerAuthentication boutique-dev/paymentservice-permissive: not in Git: no GitOps source declares it (applied by hand?)',
      );
    });

    it('fails for a mesh resource that differs from its manifest, naming the field', () => {
      const edited = homelabChanged('VirtualService', 'cartservice', vs => {
        vs.spec.http[0].retries.attempts = 10;
      });
      const result = criterion(
        'cartservice',
        [snapshot(edited)],
        homelabDesired(),
      );
      expect(result.status).toBe('fail');
      expect(result.evidence[3].message).toBe(
        'differs from apps/base/online-boutique/base/istio/virtualservice-retry.yaml in gitops:homelab: spec.http[0].retries.attempts: 10 in the cluster, 3 in Git',
      );
    });

    it('uses only the manifests meant for the cluster', () => {
      expect(
        criterion('cartservice', [snapshot()], homelabDesired('edge')),
      ).toMatchObject({
        status: 'unknown',
        summary: 'no Argo CD or GitOps source for cluster homelab',
      });
      expect(
        criterion('cartservice', [snapshot()], homelabDesired('homelab'))
          .status,
      ).toBe('pass');
    });

    it('cannot compare when the live mesh resources were not read', () => {
      const { meshResources: _, ...withoutMeshResources } = snapshot();
      const result = criterion(
        'cartservice',
        [withoutMeshResources],
        homelabDesired(),
      );
      expect(result.status).toBe('unknown');
      expect(result.evidence[3].message).toBe(
        'declared in apps/base/online-boutique/base/istio/virtualservice-retry.yaml in gitops:homelab; the live object was not read, so it cannot be compared',
      );
    });
  });

  it('is unknown, with the reason, when the Application CRD is absent and no GitOps source covers the cluster', () => {
    expect(
      criterion('cartservice', [clusterOf('homelab', homelabObjects(), false)]),
    ).toMatchObject({
      status: 'unknown',
      summary:
        'Argo CD is not installed in cluster homelab (no Application CRD); no GitOps source for cluster homelab',
    });
  });

  it('passes an entity no mesh resource affects when a source could have shown drift', () => {
    const cluster = withArgo();
    const cart = cluster.workloads.find(
      w => w.workload.name === 'cartservice',
    )!;
    const report = {
      ...cart.report,
      mtls: { ...cart.report.mtls, policies: [] },
      authorization: { ...cart.report.authorization, policies: [] },
      virtualServices: [],
      destinationRules: [],
    };
    const input = (clusters: ClusterEvaluation[]) =>
      entityGitopsInput({
        clusters,
        workloads: [{ cluster: 'homelab', report }],
      });
    expect(evaluateEverythingInGit(input([cluster]))).toStrictEqual({
      id: 'everything-in-git',
      status: 'pass',
      summary: 'No mesh resources affect this entity; nothing outside Git',
      evidence: [],
    });
    expect(
      evaluateEverythingInGit(input([{ ...cluster, argo: undefined }])),
    ).toMatchObject({
      status: 'unknown',
      summary: 'no Argo CD or GitOps source for cluster homelab',
    });
  });
});
