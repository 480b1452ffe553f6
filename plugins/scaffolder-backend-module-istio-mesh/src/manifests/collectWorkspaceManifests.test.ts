import { collectWorkspaceManifests } from './collectWorkspaceManifests';

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

const VIRTUAL_SERVICE = `# Retries for cartservice, not yet in the kustomization.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: cartservice
spec:
  hosts: [cartservice]
  http:
    - route:
        - destination:
            host: cartservice
`;

const WORKSPACE = [
  { path: 'apps/base/cartservice.yaml', content: SERVICE },
  {
    path: 'apps/base/kustomization.yaml',
    content: kustomization(undefined, ['cartservice.yaml']),
  },
  { path: 'apps/base/virtualservice.yaml', content: VIRTUAL_SERVICE },
  {
    path: 'apps/dev/kustomization.yaml',
    content: kustomization('boutique-dev', [
      '../base',
      'https://github.com/istio/istio//manifests/charts/base?ref=1.26.0',
    ]),
  },
  {
    path: 'dashboards/istio.json',
    content: '{"title": "Istio Service Dashboard", "panels": []}',
  },
  { path: 'loose/svc.yaml', content: SERVICE },
];

function identities(
  objects: ReturnType<typeof collectWorkspaceManifests>['objects'],
) {
  return objects.map(
    ({ object, location }) =>
      `${location.file}:${location.line} ${object.kind} ${
        object.metadata.namespace ?? '-'
      }/${object.metadata.name}`,
  );
}

describe('collectWorkspaceManifests', () => {
  it('renders kustomizations and gives other namespaced objects default', () => {
    const rendered = collectWorkspaceManifests(WORKSPACE);
    expect(identities(rendered.objects)).toStrictEqual([
      'apps/base/cartservice.yaml:1 Service boutique-dev/cartservice',
      'loose/svc.yaml:1 Service default/cartservice',
    ]);
    expect(rendered.problems).toStrictEqual([]);
    expect(rendered.notBuilt).toStrictEqual([
      {
        file: 'apps/dev/kustomization.yaml',
        line: 6,
        field: 'resources',
        message:
          'resources entry https://github.com/istio/istio//manifests/charts/base?ref=1.26.0: remote resources are not read',
      },
    ]);
    expect(rendered.unlistedFiles).toStrictEqual([]);
  });

  it('reads a manifest no kustomization lists where asked, and says which', () => {
    const rendered = collectWorkspaceManifests(WORKSPACE, {
      readUnlisted: path => path.startsWith('apps/base/'),
    });
    expect(identities(rendered.objects)).toStrictEqual([
      'apps/base/cartservice.yaml:1 Service boutique-dev/cartservice',
      'apps/base/virtualservice.yaml:2 VirtualService default/cartservice',
      'loose/svc.yaml:1 Service default/cartservice',
    ]);
    expect(rendered.unlistedFiles).toStrictEqual([
      'apps/base/virtualservice.yaml',
    ]);
  });

  it('keeps the line of each field, for messages that point at it', () => {
    const [, virtualService] = collectWorkspaceManifests(WORKSPACE, {
      readUnlisted: () => true,
    }).objects;
    expect(
      virtualService.lineOfPath?.('spec.http[0].route[0].destination.host'),
    ).toBe(11);
  });

  it('reports broken documents, and skips what is not a Kubernetes object', () => {
    expect(
      collectWorkspaceManifests([
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
      notBuilt: [],
      unlistedFiles: [],
    });
  });
});
