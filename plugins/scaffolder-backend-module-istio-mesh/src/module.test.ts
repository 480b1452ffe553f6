import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleIstioMesh } from './module';

describe('scaffolderModuleIstioMesh', () => {
  it('registers every istio action with the scaffolder', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        scaffolderModuleIstioMesh,
        mockServices.discovery.factory(),
        mockServices.auth.factory(),
      ],
    });
    const ids = addActions.mock.calls.flat().map(action => action.id);
    expect(ids.sort()).toStrictEqual([
      'istio:authorizationpolicy:create',
      'istio:destinationrule:create',
      'istio:httproute:create',
      'istio:kustomization:add',
      'istio:manifests:analyze',
      'istio:overlay:resolve',
      'istio:peerauthentication:create',
      'istio:requestauthentication:create',
      'istio:virtualservice:create',
      'istio:workload:resolve',
    ]);
  });
});
