import { readdirSync, readFileSync } from 'fs';
import { join, relative, resolve, sep } from 'path';
import {
  collectDesiredManifests,
  CollectDesiredManifestsOptions,
} from './collectDesiredManifests';
import { isManifestCandidate, RepositoryFile } from './repositoryFile';

const filesOf = (tree: Record<string, string>): RepositoryFile[] =>
  Object.entries(tree).map(([path, content]) => ({ path, content }));

function collect(
  tree: Record<string, string>,
  options?: CollectDesiredManifestsOptions,
) {
  const { manifests, problems, notBuilt, unlistedFiles, listedFiles } =
    collectDesiredManifests(filesOf(tree), options);
  return {
    problems,
    notBuilt,
    unlistedFiles,
    listedFiles,
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
    const { objects, problems, notBuilt } = collect({
      'charts/jaeger/Chart.yaml':
        'apiVersion: v2\nname: jaeger\nversion: 3.4.1\n',
      'charts/jaeger/templates/deployment.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
      'apps/virtualservice.yaml': virtualService('shop'),
    });
    expect(objects).toEqual([
      'apps/virtualservice.yaml VirtualService shop cartservice',
    ]);
    expect(problems).toStrictEqual([]);
    expect(notBuilt).toStrictEqual([
      {
        file: 'charts/jaeger/Chart.yaml',
        message: 'Helm chart not rendered (not supported)',
      },
    ]);
  });

  it('tells what it does not render apart from what is wrong', () => {
    const { objects, problems, notBuilt } = collect({
      'apps/dev/kustomization.yaml': [
        'namespace: boutique-dev',
        'resources:',
        '  - https://github.com/GoogleCloudPlatform/microservices-demo//kustomize/base?ref=v0.10.2',
        '  - ../../../platform/istio',
        '  - virtualservice.yaml',
        '  - destinationrule.yaml',
        '',
      ].join('\n'),
      'apps/dev/virtualservice.yaml': virtualService('default'),
    });
    expect(objects).toEqual([
      'apps/dev/virtualservice.yaml VirtualService boutique-dev cartservice',
    ]);
    const entry = (line: number, message: string) => ({
      file: 'apps/dev/kustomization.yaml',
      line,
      field: 'resources',
      message: `resources entry ${message}`,
    });
    expect(problems).toStrictEqual([
      entry(6, 'destinationrule.yaml: not found'),
    ]);
    expect(notBuilt).toStrictEqual([
      entry(
        3,
        'https://github.com/GoogleCloudPlatform/microservices-demo//kustomize/base?ref=v0.10.2: remote resources are not read',
      ),
      entry(4, '../../../platform/istio: outside the folder read'),
    ]);
  });

  it('reads files no kustomization lists only when asked to', () => {
    const tree = {
      'apps/dev/kustomization.yaml':
        'namespace: boutique-dev\nresources:\n  - virtualservice.yaml\n',
      'apps/dev/virtualservice.yaml': virtualService('default'),
      'apps/dev/new-virtualservice.yaml': virtualService('boutique-dev', 'new'),
      'apps/dev/replicas-patch.yaml': virtualService('default', 'patched'),
    };
    expect(collect(tree).objects).toEqual([
      'apps/dev/virtualservice.yaml VirtualService boutique-dev cartservice',
    ]);
    expect(collect(tree).unlistedFiles).toEqual([
      'apps/dev/new-virtualservice.yaml',
      'apps/dev/replicas-patch.yaml',
    ]);
    expect(collect(tree).listedFiles).toEqual(['apps/dev/virtualservice.yaml']);
    const asked: string[] = [];
    const { objects } = collect(tree, {
      readUnlisted: path => {
        asked.push(path);
        return path.endsWith('/new-virtualservice.yaml');
      },
    });
    // Rendered first; the unlisted file as written, after it. Its object
    // has the name of the listed one, so the first reached is kept.
    expect(objects).toEqual([
      'apps/dev/virtualservice.yaml VirtualService boutique-dev cartservice',
    ]);
    expect(asked).toEqual([
      'apps/dev/new-virtualservice.yaml',
      'apps/dev/replicas-patch.yaml',
    ]);
  });

  it('keeps the lines of fields only when asked to', () => {
    const tree = { 'apps/virtualservice.yaml': virtualService('shop') };
    const plain = collectDesiredManifests(filesOf(tree)).manifests[0];
    expect(plain.lineOfPath).toBeUndefined();
    const withLines = collectDesiredManifests(filesOf(tree), {
      fieldLines: true,
    }).manifests[0];
    expect(withLines.line).toBe(1);
    expect(withLines.lineOfPath?.('spec.http[0].retries.attempts')).toBe(13);
  });

  describe('the example GitOps repository', () => {
    const root = resolve(__dirname, '../../../../examples/gitops');
    // Read as the readers do: manifest candidates only.
    const walk = (dir: string): RepositoryFile[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) return walk(path);
        const file = relative(root, path).split(sep).join('/');
        return isManifestCandidate(file)
          ? [{ path: file, content: readFileSync(path, 'utf8') }]
          : [];
      });
    const collected = collectDesiredManifests(walk(root));

    it('puts Online Boutique into the dev overlay namespace', () => {
      const boutique = collected.manifests.filter(m =>
        m.file.startsWith('apps/'),
      );
      expect(boutique.length).toBeGreaterThan(20);
      expect(
        new Set(boutique.map(m => m.object.metadata.namespace)),
      ).toStrictEqual(new Set(['boutique-dev']));
    });

    it('does not take the Grafana dashboards for objects, and finds nothing wrong', () => {
      expect(
        collected.manifests.filter(m => m.file.endsWith('.json')),
      ).toStrictEqual([]);
      expect(collected.problems).toStrictEqual([]);
      expect(collected.notBuilt).toStrictEqual([]);
    });
  });
});
