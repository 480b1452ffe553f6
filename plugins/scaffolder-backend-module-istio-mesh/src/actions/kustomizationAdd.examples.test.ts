import { readFile } from 'node:fs/promises';
import { createMockDirectory } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parse } from 'yaml';
import { createKustomizationAddAction } from './kustomizationAdd';
import { examples } from './kustomizationAdd.examples';

describe('istio:kustomization:add examples', () => {
  const workspace = createMockDirectory();

  it('runs the first example as written', async () => {
    workspace.setContent({
      'apps/base/online-boutique/base/istio/kustomization.yaml':
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - peerauthentication-strict.yaml\n',
      'apps/base/online-boutique/base/istio/virtualservice-frontend.yaml':
        'kind: VirtualService\n',
    });
    const ctx = createMockActionContext({
      input: parse(examples[0].example).steps[0].input,
      workspacePath: workspace.path,
    });
    await createKustomizationAddAction().handler(ctx);
    expect(ctx.output).toHaveBeenCalledWith('added', [
      'virtualservice-frontend.yaml',
    ]);
    expect(
      await readFile(
        workspace.resolve(
          'apps/base/online-boutique/base/istio/kustomization.yaml',
        ),
        'utf8',
      ),
    ).toBe(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - peerauthentication-strict.yaml\n  - virtualservice-frontend.yaml\n',
    );
  });
});
