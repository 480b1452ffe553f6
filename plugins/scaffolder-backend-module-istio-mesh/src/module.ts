import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createIstioMeshActions } from './actions';

/**
 * Adds the `istio:*` actions to the scaffolder, wired to the istio-mesh
 * backend for live mesh checks.
 *
 * @public
 */
export const scaffolderModuleIstioMesh = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'istio-mesh',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
      },
      async init({ scaffolder, discovery, auth, logger }) {
        scaffolder.addActions(
          ...createIstioMeshActions({ discovery, auth, logger }),
        );
      },
    });
  },
});
