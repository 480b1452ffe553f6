import { kustomizationPlacement } from './kustomizationPlacement';
import { RepositoryFile } from './repositoryFile';

const kustomization = (resources: string[], namespace?: string) =>
  `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
${namespace ? `namespace: ${namespace}\n` : ''}resources:
${resources.map(resource => `  - ${resource}`).join('\n')}
`;

const files = (tree: Record<string, string>): RepositoryFile[] =>
  Object.entries(tree).map(([path, content]) => ({ path, content }));

// The seed's layout: a base without namespace, each overlay setting one.
const seed = {
  'apps/base/shop/base/kustomization.yaml': kustomization([
    'cart.yaml',
    'istio',
  ]),
  'apps/base/shop/base/istio/kustomization.yaml': kustomization([
    'destinationrule-cart.yaml',
  ]),
  'apps/dev/shop/kustomization.yaml': kustomization(
    ['../../base/shop/base'],
    'shop-dev',
  ),
};

describe('kustomizationPlacement', () => {
  it('finds the overlay that sets the namespace of a base folder', () => {
    expect(
      kustomizationPlacement(files(seed), 'apps/base/shop/base/istio'),
    ).toStrictEqual({
      kustomization: 'apps/base/shop/base/istio/kustomization.yaml',
      builtBy: [
        {
          root: 'apps/dev/shop/kustomization.yaml',
          namespace: 'shop-dev',
          setBy: 'apps/dev/shop/kustomization.yaml',
        },
      ],
    });
  });

  it('lists every overlay of a shared base, and one that sets no namespace', () => {
    expect(
      kustomizationPlacement(
        files({
          ...seed,
          'apps/prod/shop/kustomization.yaml': kustomization(
            ['../../base/shop/base'],
            'shop-prod',
          ),
          'apps/preview/shop/kustomization.yaml': kustomization([
            '../../base/shop/base',
          ]),
        }),
        'apps/base/shop/base/istio',
      ).builtBy,
    ).toStrictEqual([
      {
        root: 'apps/dev/shop/kustomization.yaml',
        namespace: 'shop-dev',
        setBy: 'apps/dev/shop/kustomization.yaml',
      },
      { root: 'apps/preview/shop/kustomization.yaml' },
      {
        root: 'apps/prod/shop/kustomization.yaml',
        namespace: 'shop-prod',
        setBy: 'apps/prod/shop/kustomization.yaml',
      },
    ]);
  });

  it('lets the outermost namespace win, as kustomize does', () => {
    expect(
      kustomizationPlacement(
        files({
          ...seed,
          'apps/base/shop/base/kustomization.yaml': kustomization(
            ['cart.yaml', 'istio'],
            'shop',
          ),
          'clusters/homelab/kustomization.yaml': kustomization(
            ['../../apps/dev/shop'],
            'homelab-shop',
          ),
        }),
        'apps/base/shop/base/istio',
      ).builtBy,
    ).toStrictEqual([
      {
        root: 'clusters/homelab/kustomization.yaml',
        namespace: 'homelab-shop',
        setBy: 'clusters/homelab/kustomization.yaml',
      },
    ]);
  });

  it('is its own root when nothing includes it, and empty without a kustomization', () => {
    expect(
      kustomizationPlacement(files(seed), 'apps/dev/shop').builtBy,
    ).toStrictEqual([
      {
        root: 'apps/dev/shop/kustomization.yaml',
        namespace: 'shop-dev',
        setBy: 'apps/dev/shop/kustomization.yaml',
      },
    ]);
    expect(kustomizationPlacement(files(seed), 'infrastructure')).toStrictEqual(
      { builtBy: [] },
    );
  });

  it('stops at a cycle', () => {
    expect(
      kustomizationPlacement(
        files({
          'a/kustomization.yaml': kustomization(['../b'], 'one'),
          'b/kustomization.yaml': kustomization(['../a']),
        }),
        'b',
      ).builtBy,
    ).toStrictEqual([
      {
        root: 'a/kustomization.yaml',
        namespace: 'one',
        setBy: 'a/kustomization.yaml',
      },
    ]);
  });
});
