import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createIstioMeshActions } from './actions';

/**
 * Adds the `istio:*` actions to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleIstioMesh = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'istio-mesh',
  register(env) {
    env.registerInit({
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(...createIstioMeshActions());
      },
    });
  },
});
