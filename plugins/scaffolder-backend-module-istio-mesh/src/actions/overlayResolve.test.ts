import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createOverlayResolveAction } from './overlayResolve';

const kustomization = (resources: string[], namespace?: string) =>
  `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
${namespace ? `namespace: ${namespace}\n` : ''}resources:
${resources.map(resource => `  - ${resource}`).join('\n')}
`;

const BASE = 'apps/base/online-boutique/base/istio';

// The example repository's layout.
const REPOSITORY = {
  'apps/dev/online-boutique/kustomization.yaml': kustomization(
    ['../../base/online-boutique/base'],
    'boutique-dev',
  ),
  'apps/base/online-boutique/base/kustomization.yaml': kustomization([
    'istio/',
  ]),
  [`${BASE}/kustomization.yaml`]: kustomization(['peerauthentication.yaml']),
  [`${BASE}/peerauthentication.yaml`]:
    'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default}\nspec: {mtls: {mode: STRICT}}\n',
};

describe('istio:overlay:resolve', () => {
  const workspace = createMockDirectory();

  async function run(input: Record<string, unknown>) {
    const ctx = createMockActionContext({
      input: input as any,
      workspacePath: workspace.path,
      logger: mockServices.logger.mock(),
    });
    await createOverlayResolveAction().handler({ ...ctx, step: undefined });
    return Object.fromEntries((ctx.output as jest.Mock).mock.calls);
  }

  it('finds the overlay that deploys the base into the namespace', async () => {
    workspace.setContent({
      ...REPOSITORY,
      'apps/prod/online-boutique/kustomization.yaml': kustomization(
        ['../../base/online-boutique/base'],
        'boutique-prod',
      ),
    });
    await expect(
      run({ base: BASE, namespace: 'boutique-dev' }),
    ).resolves.toStrictEqual({
      path: 'apps/dev/online-boutique',
      kustomization: 'apps/dev/online-boutique/kustomization.yaml',
      overlays: [
        'apps/dev/online-boutique/kustomization.yaml (boutique-dev)',
        'apps/prod/online-boutique/kustomization.yaml (boutique-prod)',
      ],
    });
    await expect(
      run({ base: BASE, namespace: 'boutique-prod' }),
    ).resolves.toMatchObject({ path: 'apps/prod/online-boutique' });
  });

  it('keeps a base that no kustomization puts in a namespace', async () => {
    workspace.setContent({
      [`${BASE}/kustomization.yaml`]: kustomization([
        'peerauthentication.yaml',
      ]),
    });
    await expect(
      run({ base: BASE, namespace: 'boutique-dev' }),
    ).resolves.toStrictEqual({
      path: BASE,
      kustomization: '',
      overlays: [`${BASE}/kustomization.yaml (no namespace)`],
    });
  });

  it.each([
    [
      'no overlay of the namespace',
      {},
      'boutique-prod',
      `No kustomization deploys ${BASE} into namespace boutique-prod; it is deployed by apps/dev/online-boutique/kustomization.yaml (boutique-dev). Add an overlay for boutique-prod, or choose a namespace an overlay deploys`,
    ],
    [
      'two overlays of the namespace',
      {
        'apps/canary/online-boutique/kustomization.yaml': kustomization(
          ['../../base/online-boutique/base'],
          'boutique-dev',
        ),
      },
      'boutique-dev',
      `2 kustomizations deploy ${BASE} into namespace boutique-dev: apps/canary/online-boutique/kustomization.yaml, apps/dev/online-boutique/kustomization.yaml. Objects of one namespace belong in one of them; deploy the base into each namespace once`,
    ],
  ])('refuses %s', async (_, extra, namespace, message) => {
    workspace.setContent({ ...REPOSITORY, ...extra });
    await expect(run({ base: BASE, namespace })).rejects.toThrow(
      new InputError(message),
    );
  });

  it('refuses a base outside the workspace', async () => {
    workspace.setContent(REPOSITORY);
    await expect(
      run({ base: '../elsewhere', namespace: 'boutique-dev' }),
    ).rejects.toThrow(
      `Invalid base "../elsewhere": '..' leads outside the workspace`,
    );
  });
});
