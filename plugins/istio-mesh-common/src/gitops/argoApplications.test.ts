import { parseManifests } from '../resources/parseManifests';
import {
  isArgoApplication,
  parseArgoApplication,
  resolveApplicationDestination,
} from './argoApplications';
import { homelabApplications } from './__fixtures__/homelabGitops';

const applicationYaml = (destination: string, status = '') =>
  parseManifests(
    `
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: online-boutique-dev
  namespace: argocd
spec:
  project: default
  sources:
    - repoURL: https://git.example.com/homelab/gitops.git
      targetRevision: main
      path: apps/dev/online-boutique
    - repoURL: https://git.example.com/homelab/values.git
      targetRevision: main
      ref: values
  destination:
${destination}
${status}
`,
    'application.yaml',
  ).objects[0].object;

describe('parseArgoApplication', () => {
  it('reads sync, health and the managed resources as Argo CD writes them', () => {
    const [controlPlane, boutique] = homelabApplications();
    expect(parseArgoApplication(controlPlane, 'homelab')).toStrictEqual({
      cluster: 'homelab',
      namespace: 'argocd',
      name: 'istio-control-plane',
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: 'istio-system',
      },
      sources: [
        {
          repoURL: 'https://git.example.com/homelab/gitops.git',
          path: 'infrastructure/network/istio-control-plane',
          targetRevision: 'main',
        },
      ],
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
      resources: [
        {
          group: 'sailoperator.io',
          version: 'v1',
          kind: 'Istio',
          namespace: '',
          name: 'default',
          status: 'Synced',
          health: 'Healthy',
          requiresPruning: false,
        },
        {
          group: 'security.istio.io',
          version: 'v1',
          kind: 'PeerAuthentication',
          namespace: 'istio-system',
          name: 'default',
          status: 'Synced',
          requiresPruning: false,
        },
        {
          group: 'telemetry.istio.io',
          version: 'v1',
          kind: 'Telemetry',
          namespace: 'istio-system',
          name: 'mesh-default',
          status: 'Synced',
          requiresPruning: false,
        },
      ],
      operationPhase: 'Succeeded',
    });

    const parsed = parseArgoApplication(boutique, 'homelab');
    expect([parsed.syncStatus, parsed.healthStatus]).toStrictEqual([
      'Synced',
      'Progressing',
    ]);
    // Core-group resources have no `group` in status.resources.
    expect(
      parsed.resources.find(r => r.kind === 'ServiceAccount'),
    ).toMatchObject({ group: '', version: 'v1', namespace: 'boutique-dev' });
    expect(
      parsed.resources.find(
        r => r.kind === 'Deployment' && r.name === 'recommendationservice',
      ),
    ).toMatchObject({ group: 'apps', health: 'Progressing' });
  });

  it('reads multi-source Applications and ones Argo CD has not reconciled yet', () => {
    const application = parseArgoApplication(
      applicationYaml('    name: homelab\n    namespace: boutique-dev'),
      'mgmt',
    );
    expect(application).toStrictEqual({
      cluster: 'mgmt',
      namespace: 'argocd',
      name: 'online-boutique-dev',
      destination: { name: 'homelab', namespace: 'boutique-dev' },
      sources: [
        {
          repoURL: 'https://git.example.com/homelab/gitops.git',
          path: 'apps/dev/online-boutique',
          targetRevision: 'main',
        },
        {
          repoURL: 'https://git.example.com/homelab/values.git',
          targetRevision: 'main',
        },
      ],
      syncStatus: 'Unknown',
      healthStatus: 'Unknown',
      resources: [],
    });
  });

  it('names the Application, its cluster and the field when a field is malformed', () => {
    const malformed = applicationYaml(
      '    server: https://kubernetes.default.svc',
      `status:
  sync:
    status: Synced
  resources:
    - kind: VirtualService
      name: cartservice
      status: Drifted`,
    );
    expect(() => parseArgoApplication(malformed, 'homelab')).toThrow(
      /^Application argocd\/online-boutique-dev in cluster homelab: status\.resources\[0\]\.status: .*"Synced"\|"OutOfSync"\|"Unknown"/,
    );
    expect(() =>
      parseArgoApplication(applicationYaml('    namespace: x'), 'homelab'),
    ).toThrow(
      'Application argocd/online-boutique-dev in cluster homelab: spec.destination: set server or name',
    );
  });

  it('recognises Applications by group and kind', () => {
    const [application] = homelabApplications();
    expect(isArgoApplication(application)).toBe(true);
    expect(
      isArgoApplication({
        apiVersion: 'app.k8s.io/v1beta1',
        kind: 'Application',
        metadata: { name: 'x' },
      }),
    ).toBe(false);
  });
});

describe('resolveApplicationDestination', () => {
  const withDestination = (destination: string) =>
    parseArgoApplication(applicationYaml(destination), 'mgmt');
  const clusterUrls = {
    homelab: 'https://homelab.example.net:6443/',
    edge: 'https://edge.example.net:6443',
  };

  it('takes the in-cluster address and name for the cluster the Application lives in', () => {
    expect(
      resolveApplicationDestination(
        withDestination('    server: https://kubernetes.default.svc'),
        clusterUrls,
      ),
    ).toBe('mgmt');
    expect(
      resolveApplicationDestination(withDestination('    name: in-cluster')),
    ).toBe('mgmt');
  });

  it('takes a cluster name as is and looks a server URL up in the configured clusters', () => {
    expect(
      resolveApplicationDestination(withDestination('    name: homelab')),
    ).toBe('homelab');
    expect(
      resolveApplicationDestination(
        withDestination('    server: https://homelab.example.net:6443'),
        clusterUrls,
      ),
    ).toBe('homelab');
  });

  it('reads a hostile server URL in linear time, and one too long matches no cluster', () => {
    const slashes = `https://homelab.example.net:6443${'/'.repeat(100_000)}x`;
    // Trailing slashes do not matter, however many there are.
    expect(
      resolveApplicationDestination(
        withDestination(`    server: ${slashes.slice(0, 2000)}`),
        clusterUrls,
      ),
    ).toBe('homelab');
    const application = withDestination('    server: https://x');
    expect(
      resolveApplicationDestination(
        { ...application, destination: { server: slashes } },
        clusterUrls,
      ),
    ).toBeUndefined();
  });

  it('gives nothing for a server URL no configured cluster has', () => {
    expect(
      resolveApplicationDestination(
        withDestination('    server: https://10.0.0.12:6443'),
        clusterUrls,
      ),
    ).toBeUndefined();
  });
});
