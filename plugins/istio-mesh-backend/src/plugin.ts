import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readIstioMeshConfig } from './config';
import { createRouter } from './service/router';
import { MeshStateService } from './service/MeshStateService';

/**
 * The istio-mesh backend plugin: mesh state per catalog entity under
 * `/api/istio-mesh`.
 *
 * @public
 */
export const istioMeshPlugin = createBackendPlugin({
  pluginId: 'istio-mesh',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, httpAuth, httpRouter, catalog }) {
        const meshConfig = readIstioMeshConfig(config);
        for (const snapshot of meshConfig.clusterSnapshots) {
          logger.info(
            `Cluster ${snapshot.cluster} is read from snapshot ${snapshot.path}`,
          );
        }
        const meshState = new MeshStateService(meshConfig, logger);
        httpRouter.use(await createRouter({ httpAuth, catalog, meshState }));
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
