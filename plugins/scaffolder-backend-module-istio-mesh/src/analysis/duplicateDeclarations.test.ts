import { RepositoryFile } from '@istio-mesh/plugin-istio-mesh-common';
import { findDuplicateDeclarations } from './duplicateDeclarations';

const virtualService = (
  name: string,
  comment = '',
) => `${comment}apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: ${name}
spec:
  hosts:
    - ${name}
  http:
    - route:
        - destination:
            host: ${name}
`;

const kustomization = (resources: string[], namespace?: string) =>
  `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
${namespace ? `namespace: ${namespace}\n` : ''}resources:
${resources.map(resource => `  - ${resource}`).join('\n')}
`;

// The seed's layout: a base without namespace, an overlay that sets it.
const repository = (files: Record<string, string>): RepositoryFile[] =>
  Object.entries({
    'apps/dev/online-boutique/kustomization.yaml': kustomization(
      ['../../base/online-boutique/base'],
      'boutique-dev',
    ),
    'apps/base/online-boutique/base/kustomization.yaml': kustomization([
      'istio',
    ]),
    'apps/base/online-boutique/base/istio/virtualservice-retry.yaml':
      virtualService('cartservice', '# Retries for cartservice.\n'),
    ...files,
  }).map(([path, content]) => ({ path, content }));

const ISTIO = 'apps/base/online-boutique/base/istio';

const inside = (folder: string) => (path: string) =>
  path.startsWith(`${folder}/`);
const only = (file: string) => (path: string) => path === file;

describe('findDuplicateDeclarations', () => {
  it('names the file that already declares an object a new file declares', () => {
    const files = repository({
      [`${ISTIO}/kustomization.yaml`]: kustomization([
        'virtualservice-retry.yaml',
        'virtualservice-cartservice.yaml',
      ]),
      [`${ISTIO}/virtualservice-cartservice.yaml`]:
        virtualService('cartservice'),
    });
    expect(
      findDuplicateDeclarations(
        files,
        only(`${ISTIO}/virtualservice-cartservice.yaml`),
      ),
    ).toStrictEqual([
      {
        file: `${ISTIO}/virtualservice-cartservice.yaml`,
        line: 1,
        kind: 'VirtualService',
        namespace: 'boutique-dev',
        name: 'cartservice',
        message: `VirtualService boutique-dev/cartservice is also declared in ${ISTIO}/virtualservice-retry.yaml:2; kustomize does not build two declarations of one object: change that file instead, or give this object another name`,
      },
    ]);
  });

  it('finds the duplicate before the new file is listed, by the namespace written in it', () => {
    const files = repository({
      [`${ISTIO}/kustomization.yaml`]: kustomization([
        'virtualservice-retry.yaml',
      ]),
      [`${ISTIO}/virtualservice-cartservice.yaml`]: virtualService(
        'cartservice',
      ).replace('metadata:\n', 'metadata:\n  namespace: boutique-dev\n'),
    });
    expect(
      findDuplicateDeclarations(
        files,
        only(`${ISTIO}/virtualservice-cartservice.yaml`),
      ).map(problem => problem.message.split(';')[0]),
    ).toStrictEqual([
      `VirtualService boutique-dev/cartservice is also declared in ${ISTIO}/virtualservice-retry.yaml:2`,
    ]);
  });

  it('reports two new files that declare one object once, on the second', () => {
    const files = repository({
      [`${ISTIO}/kustomization.yaml`]: kustomization([
        'virtualservice-retry.yaml',
        'a.yaml',
        'b.yaml',
      ]),
      [`${ISTIO}/a.yaml`]: virtualService('frontend'),
      [`${ISTIO}/b.yaml`]: virtualService('frontend'),
    });
    const problems = findDuplicateDeclarations(files, inside(ISTIO));
    expect(problems.map(p => [p.file, p.message.split(';')[0]])).toStrictEqual([
      [
        `${ISTIO}/b.yaml`,
        `VirtualService boutique-dev/frontend is also declared in ${ISTIO}/a.yaml:1`,
      ],
    ]);
  });

  it.each([
    [
      'another name',
      virtualService('cartservice-retries'),
      'apps/base/online-boutique/base/istio/virtualservice-new.yaml',
    ],
    [
      'another kind',
      virtualService('cartservice').replace(
        'kind: VirtualService',
        'kind: DestinationRule',
      ),
      'apps/base/online-boutique/base/istio/virtualservice-new.yaml',
    ],
    [
      'another namespace',
      virtualService('cartservice').replace(
        'metadata:\n',
        'metadata:\n  namespace: boutique-prod\n',
      ),
      'apps/prod/virtualservice-new.yaml',
    ],
  ])('accepts an object with %s', (_, content, path) => {
    const files = repository({
      [`${ISTIO}/kustomization.yaml`]: kustomization([
        'virtualservice-retry.yaml',
        'virtualservice-new.yaml',
      ]),
      [path]: content,
    });
    expect(findDuplicateDeclarations(files, only(path))).toStrictEqual([]);
  });

  it('accepts a base that two overlays render, and leaves duplicates outside the analyzed files alone', () => {
    const files = repository({
      [`${ISTIO}/kustomization.yaml`]: kustomization([
        'virtualservice-retry.yaml',
      ]),
      // A second overlay of the same base, in the same namespace.
      'apps/canary/online-boutique/kustomization.yaml': kustomization(
        ['../../base/online-boutique/base'],
        'boutique-dev',
      ),
      // Two unrelated files that clash with each other.
      'infrastructure/a.yaml': virtualService('kiali'),
      'infrastructure/b.yaml': virtualService('kiali'),
    });
    expect(findDuplicateDeclarations(files, inside(ISTIO))).toStrictEqual([]);
  });
});
