import { renderWorkspaceManifests } from './renderWorkspaceManifests';

const kustomization = (namespace: string | undefined, resources: string[]) =>
  `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
${namespace ? `namespace: ${namespace}\n` : ''}resources:
${resources.map(r => `  - ${r}`).join('\n')}
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: cartservice
spec:
  selector: {app: cartservice}
  ports: [{name: grpc, port: 7070}]
`;

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: boutique
`;

function identities(files: Array<{ path: string; content: string }>) {
  const { objects, problems } = renderWorkspaceManifests(files);
  return {
    objects: objects.map(
      ({ object, location }) =>
        `${location.file}:${location.line} ${object.kind} ${
          object.metadata.namespace ?? '-'
        }/${object.metadata.name}`,
    ),
    problems,
  };
}

describe('renderWorkspaceManifests', () => {
  it('puts a base into the namespace of each overlay that includes it', () => {
    expect(
      identities([
        { path: 'apps/base/cartservice.yaml', content: SERVICE },
        { path: 'apps/base/namespace.yaml', content: NAMESPACE },
        {
          path: 'apps/base/kustomization.yaml',
          content: kustomization('base-ns', [
            'cartservice.yaml',
            './namespace.yaml',
          ]),
        },
        {
          path: 'apps/dev/kustomization.yaml',
          content: kustomization('boutique-dev', ['../base']),
        },
        {
          path: 'apps/prod/kustomization.yaml',
          content: kustomization('boutique-prod', ['../base/']),
        },
      ]),
    ).toStrictEqual({
      objects: [
        'apps/base/cartservice.yaml:1 Service boutique-dev/cartservice',
        'apps/base/cartservice.yaml:1 Service boutique-prod/cartservice',
        'apps/base/namespace.yaml:1 Namespace -/boutique',
      ],
      problems: [],
    });
  });

  it('uses the innermost namespace when the outer kustomization sets none', () => {
    expect(
      identities([
        { path: 'base/svc.yaml', content: SERVICE },
        {
          path: 'base/kustomization.yml',
          content: kustomization('inner', ['svc.yaml']),
        },
        {
          path: 'overlay/Kustomization',
          content: kustomization(undefined, ['../base']),
        },
      ]).objects,
    ).toStrictEqual(['base/svc.yaml:1 Service inner/cartservice']);
  });

  it('gives files outside kustomizations their own namespace or default', () => {
    expect(
      identities([
        { path: 'loose/svc.yaml', content: SERVICE },
        {
          path: 'loose/other.yaml',
          content: SERVICE.replace(
            'name: cartservice',
            'name: other\n  namespace: team-a',
          ),
        },
      ]).objects,
    ).toStrictEqual([
      'loose/svc.yaml:1 Service default/cartservice',
      'loose/other.yaml:1 Service team-a/other',
    ]);
  });

  it('survives kustomizations that include each other', () => {
    expect(
      identities([
        { path: 'a/svc.yaml', content: SERVICE },
        {
          path: 'a/kustomization.yaml',
          content: kustomization('ns-a', ['svc.yaml', '../b']),
        },
        {
          path: 'b/kustomization.yaml',
          content: kustomization('ns-b', ['../a']),
        },
      ]).objects,
    ).toStrictEqual([
      // Each kustomization of the cycle is rendered as a root.
      'a/svc.yaml:1 Service ns-a/cartservice',
      'a/svc.yaml:1 Service ns-b/cartservice',
    ]);
  });

  it('skips documents that are not Kubernetes objects, and reports broken ones', () => {
    expect(
      identities([
        {
          path: 'dashboards/istio.json',
          content: '{"title": "Istio Service Dashboard", "panels": []}',
        },
        { path: 'broken.yaml', content: 'kind: Service\nmetadata: [x\n' },
      ]),
    ).toStrictEqual({
      objects: [],
      problems: [
        {
          file: 'broken.yaml',
          line: 3,
          message: expect.stringMatching(/^invalid YAML: /),
        },
      ],
    });
  });
});
