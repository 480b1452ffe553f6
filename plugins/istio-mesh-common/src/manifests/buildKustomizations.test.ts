import { parseDesiredManifests } from './parseDesiredManifests';
import { buildKustomizations } from './buildKustomizations';
import { RepositoryFile } from './repositoryFile';

function filesOf(tree: Record<string, string>): RepositoryFile[] {
  return Object.entries(tree).map(([path, content]) => ({ path, content }));
}

function render(tree: Record<string, string>) {
  const parse = jest.fn(parseDesiredManifests);
  const result = buildKustomizations(filesOf(tree), parse);
  return {
    ...result,
    parse,
    objects: result.manifests.map(({ object, file }) => ({
      kind: object.kind,
      namespace: object.metadata.namespace,
      name: object.metadata.name,
      file,
    })),
  };
}

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: cartservice
spec:
  selector:
    app: cartservice
  ports:
    - name: grpc
      port: 7070
      targetPort: 7070
`;

const CLUSTER_OBJECTS = `apiVersion: v1
kind: Namespace
metadata:
  name: boutique
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: boutique-reader
rules:
  - apiGroups: ['']
    resources: [pods]
    verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: boutique-reader
  namespace: default
rules: []
`;

describe('buildKustomizations', () => {
  it('gives the outermost namespace to namespaced objects only', () => {
    const { objects, problems } = render({
      'apps/prod/kustomization.yaml':
        'namespace: boutique-prod\nresources:\n  - ../base\n',
      'apps/base/kustomization.yaml':
        'namespace: boutique\nresources:\n  - service.yaml\n  - cluster.yaml\n',
      'apps/base/service.yaml': SERVICE,
      'apps/base/cluster.yaml': CLUSTER_OBJECTS,
    });
    expect(problems).toEqual([]);
    expect(objects).toStrictEqual([
      {
        kind: 'Service',
        namespace: 'boutique-prod',
        name: 'cartservice',
        file: 'apps/base/service.yaml',
      },
      {
        kind: 'Namespace',
        namespace: undefined,
        name: 'boutique',
        file: 'apps/base/cluster.yaml',
      },
      {
        kind: 'ClusterRole',
        namespace: undefined,
        name: 'boutique-reader',
        file: 'apps/base/cluster.yaml',
      },
      {
        kind: 'Role',
        namespace: 'boutique-prod',
        name: 'boutique-reader',
        file: 'apps/base/cluster.yaml',
      },
    ]);
  });

  it('renders a base once per overlay that includes it', () => {
    const { objects, parse } = render({
      'apps/base/kustomization.yaml': 'resources:\n  - service.yaml\n',
      'apps/base/service.yaml': SERVICE,
      'apps/dev/kustomization.yaml':
        'namespace: boutique-dev\nresources:\n  - ../base\n',
      'apps/prod/kustomization.yaml':
        'namespace: boutique-prod\nresources:\n  - ../base/\n',
    });
    expect(objects.map(o => o.namespace)).toEqual([
      'boutique-dev',
      'boutique-prod',
    ]);
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it('keeps the namespace written in the file when no kustomization sets one', () => {
    const { objects } = render({
      'kustomization.yaml': 'resources:\n  - service.yaml\n',
      'service.yaml': SERVICE.replace(
        'name: cartservice',
        'name: cartservice\n  namespace: shop',
      ),
    });
    expect(objects.map(o => o.namespace)).toEqual(['shop']);
  });

  it('names the kustomization file and entry of what it cannot read', () => {
    const { objects, problems, notBuilt } = render({
      'apps/shop/kustomization.yaml': [
        'resources:',
        '  - service.yaml',
        '  - deployment.yaml',
        '  - istio',
        '  - ../../../elsewhere',
        '  - https://raw.githubusercontent.com/istio/istio/release-1.26/samples/addons/kiali.yaml',
        '  - ../other/kustomization.yaml',
        '  - /srv/gitops/service.yaml',
        '',
      ].join('\n'),
      'apps/shop/service.yaml': SERVICE,
      'apps/shop/istio/peerauthentication.yaml': SERVICE,
      'apps/other/kustomization.yaml': 'resources: []\n',
    });
    expect(objects.map(o => o.file)).toEqual(['apps/shop/service.yaml']);
    const at = (line: number, message: string) => ({
      file: 'apps/shop/kustomization.yaml',
      line,
      field: 'resources',
      message,
    });
    expect(problems).toStrictEqual([
      at(3, 'resources entry deployment.yaml: not found'),
      at(4, 'resources entry istio: folder has no kustomization.yaml'),
      at(
        7,
        'resources entry ../other/kustomization.yaml: a kustomization file; list its folder instead',
      ),
      at(
        8,
        'resources entry /srv/gitops/service.yaml: absolute paths are not read',
      ),
    ]);
    // Not wrong, only beyond what is read.
    expect(notBuilt).toStrictEqual([
      at(5, 'resources entry ../../../elsewhere: outside the folder read'),
      at(
        6,
        'resources entry https://raw.githubusercontent.com/istio/istio/release-1.26/samples/addons/kiali.yaml: remote resources are not read',
      ),
    ]);
  });

  it('claims kustomization files, their folders and the files they list', () => {
    const { claimedFiles } = render({
      'apps/dev/kustomization.yaml':
        'resources:\n  - ../../shared/service.yaml\n',
      'apps/dev/replicas-patch.yaml': SERVICE,
      'apps/dev/extra/namespace.yaml': CLUSTER_OBJECTS,
      'shared/service.yaml': SERVICE,
      'shared/unused.yaml': SERVICE,
    });
    expect([...claimedFiles].sort()).toEqual([
      'apps/dev/kustomization.yaml',
      'apps/dev/replicas-patch.yaml',
      'shared/service.yaml',
    ]);
  });

  it('tells the files of a kustomization folder that no kustomization lists', () => {
    const { unlistedFiles } = render({
      'apps/base/kustomization.yaml': 'resources:\n  - service.yaml\n',
      'apps/base/Kustomization': 'resources: []\n',
      'apps/base/service.yaml': SERVICE,
      'apps/base/new-service.yaml': SERVICE,
      'apps/dev/kustomization.yaml':
        'resources:\n  - ../base\n  - ../../shared/listed.yaml\n',
      'apps/dev/replicas-patch.yaml': SERVICE,
      'shared/listed.yaml': SERVICE,
      'shared/plain.yaml': SERVICE,
    });
    expect([...unlistedFiles].sort()).toEqual([
      'apps/base/new-service.yaml',
      'apps/dev/replicas-patch.yaml',
    ]);
  });

  it('uses the first kustomization file name kustomize knows', () => {
    const { objects, problems } = render({
      'apps/kustomization.yaml':
        'namespace: first\nresources: [service.yaml]\n',
      'apps/Kustomization': 'namespace: second\nresources: [service.yaml]\n',
      'apps/service.yaml': SERVICE,
    });
    expect(objects.map(o => o.namespace)).toEqual(['first']);
    expect(problems).toStrictEqual([
      {
        file: 'apps/Kustomization',
        message:
          'ignored: apps/kustomization.yaml is the kustomization of this folder',
      },
    ]);
  });

  it('does not follow a kustomization that includes itself', () => {
    const { objects, problems } = render({
      'kustomization.yaml': 'resources:\n  - .\n  - service.yaml\n',
      'service.yaml': SERVICE,
    });
    expect(objects.map(o => o.name)).toEqual(['cartservice']);
    expect(problems).toStrictEqual([
      {
        file: 'kustomization.yaml',
        line: 2,
        field: 'resources',
        message:
          'resources entry .: cycle kustomization.yaml -> kustomization.yaml is not followed',
      },
    ]);
  });

  it('renders a cycle reached from a root once, under the root namespace', () => {
    const { objects, problems } = render({
      'clusters/homelab/kustomization.yaml':
        'namespace: homelab\nresources:\n  - ../../apps/a\n',
      'apps/a/kustomization.yaml': 'resources:\n  - ../b\n',
      'apps/b/kustomization.yaml': 'resources:\n  - ../a\n  - service.yaml\n',
      'apps/b/service.yaml': SERVICE,
    });
    expect(objects.map(o => `${o.namespace}/${o.name}`)).toEqual([
      'homelab/cartservice',
    ]);
    expect(problems.map(p => p.message)).toEqual([
      'resources entry ../a: cycle clusters/homelab/kustomization.yaml -> apps/a/kustomization.yaml -> apps/b/kustomization.yaml -> apps/a/kustomization.yaml is not followed',
    ]);
  });
});
