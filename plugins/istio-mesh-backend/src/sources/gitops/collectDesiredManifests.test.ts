import { collectDesiredManifests } from './collectDesiredManifests';
import { RepositoryFile } from './repositoryFile';

function collect(tree: Record<string, string>) {
  const files: RepositoryFile[] = Object.entries(tree).map(
    ([path, content]) => ({ path, content }),
  );
  const { manifests, problems } = collectDesiredManifests(files);
  return {
    problems,
    objects: manifests.map(({ object, file }) =>
      [
        file,
        object.kind,
        object.metadata.namespace ?? '',
        object.metadata.name,
      ].join(' '),
    ),
  };
}

const virtualService = (
  namespace: string,
  host = 'cartservice',
) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: cartservice
  namespace: ${namespace}
spec:
  hosts: [${host}]
  http:
    - route:
        - destination:
            host: ${host}
      retries:
        attempts: 3
        perTryTimeout: 2s
`;

describe('collectDesiredManifests', () => {
  it('reads kustomizations first, then the files no kustomization accounts for', () => {
    const { objects, problems } = collect({
      'clusters/homelab/argocd/boutique.yaml': [
        'apiVersion: argoproj.io/v1alpha1',
        'kind: Application',
        'metadata:',
        '  name: online-boutique-dev',
        '  namespace: argocd',
        'spec:',
        '  source:',
        '    path: apps/dev',
        '',
      ].join('\n'),
      'apps/dev/kustomization.yaml':
        'namespace: boutique-dev\nresources:\n  - virtualservice.yaml\n',
      'apps/dev/virtualservice.yaml': virtualService('default'),
      'apps/dev/unlisted.yaml': virtualService('default', 'unlisted'),
      'dashboards/istio.json': '{ "title": "Istio Mesh" }',
    });
    expect(problems).toEqual([]);
    expect(objects).toEqual([
      'apps/dev/virtualservice.yaml VirtualService boutique-dev cartservice',
      'clusters/homelab/argocd/boutique.yaml Application argocd online-boutique-dev',
    ]);
  });

  it('keeps the first of objects with the same group, kind, namespace and name', () => {
    const { objects } = collect({
      'a/virtualservice.yaml': virtualService('shop'),
      'b/virtualservice.yaml': virtualService(
        'shop',
        'cartservice.shop.svc.cluster.local',
      ),
      'c/virtualservice.yaml': virtualService('other'),
      'd/virtualservice.yaml': virtualService('shop').replace(
        'networking.istio.io/v1',
        'networking.istio.io/v1beta1',
      ),
    });
    expect(objects).toEqual([
      'a/virtualservice.yaml VirtualService shop cartservice',
      'c/virtualservice.yaml VirtualService other cartservice',
    ]);
  });

  it('does not read Helm chart templates, and says so', () => {
    const { objects, problems } = collect({
      'charts/jaeger/Chart.yaml':
        'apiVersion: v2\nname: jaeger\nversion: 3.4.1\n',
      'charts/jaeger/templates/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
      'apps/virtualservice.yaml': virtualService('shop'),
    });
    expect(objects).toEqual([
      'apps/virtualservice.yaml VirtualService shop cartservice',
    ]);
    expect(problems).toStrictEqual([
      {
        file: 'charts/jaeger/Chart.yaml',
        message: 'Helm chart not rendered (not supported)',
      },
    ]);
  });
});
