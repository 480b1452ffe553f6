import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { readIstioMeshConfig } from './config';
import { createRouter, REFRESH_TASK_ID } from './service/router';
import { istioMeshPermissions } from '@istio-mesh/plugin-istio-mesh-common';
import { MeshStateService } from './service/MeshStateService';
import { MeshRefresh } from './service/MeshRefresh';
import { MeshStateStore } from './database/MeshStateStore';
import { ComplianceService } from './service/ComplianceService';
import { ManifestAnalyzer } from './service/analyzeManifests';
import { CatalogWarmupRetry } from './service/CatalogWarmupRetry';
import {
  MeshSource,
  istioMeshSourcesExtensionPoint,
} from '@istio-mesh/plugin-istio-mesh-node';
import { configuredMeshSources } from './sources/configuredSources';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityTracesService } from './service/traces/EntityTracesService';
import { JaegerClient } from './sources/jaeger/jaegerClient';

/**
 * The istio-mesh backend plugin: mesh state per catalog entity under
 * `/api/istio-mesh`.
 *
 * @public
 */
export const istioMeshPlugin = createBackendPlugin({
  pluginId: 'istio-mesh',
  register(env) {
    const addedSources: MeshSource[] = [];
    env.registerExtensionPoint(istioMeshSourcesExtensionPoint, {
      addSource(...sources) {
        addedSources.push(...sources);
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpAuth: coreServices.httpAuth,
        httpRouter: coreServices.httpRouter,
        auth: coreServices.auth,
        database: coreServices.database,
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        catalog: catalogServiceRef,
        urlReader: coreServices.urlReader,
        lifecycle: coreServices.lifecycle,
      },
      async init({
        config,
        logger,
        httpAuth,
        httpRouter,
        auth,
        database,
        scheduler,
        permissions,
        permissionsRegistry,
        catalog,
        urlReader,
        lifecycle,
      }) {
        permissionsRegistry.addPermissions(istioMeshPermissions);
        const meshConfig = readIstioMeshConfig(config);
        for (const snapshot of meshConfig.clusterSnapshots) {
          logger.info(
            `Cluster ${snapshot.cluster} is read from snapshot ${snapshot.path}`,
          );
        }
        // Shared by the refresh and the traces route: each Jaeger's API is
        // probed once.
        const jaegers = meshConfig.jaeger.map(c => new JaegerClient(c));
        const sources = [
          ...configuredMeshSources(meshConfig, {
            logger,
            urlReader,
            jaegerClients: jaegers,
          }),
          ...addedSources,
        ];
        const ids = new Set<string>();
        for (const source of sources) {
          if (ids.has(source.id)) {
            throw new Error(`Two istio-mesh sources have the id ${source.id}`);
          }
          ids.add(source.id);
        }
        const meshState = new MeshStateService(
          meshConfig,
          logger,
          urlReader,
          Date.now,
          sources,
        );
        const store = await MeshStateStore.create(database);
        const refresh = new MeshRefresh({
          catalog,
          auth,
          meshState,
          store,
          logger,
          historyRetentionDays: meshConfig.historyRetentionDays,
        });
        const warmup = new CatalogWarmupRetry({
          trigger: () => scheduler.triggerTask(REFRESH_TASK_ID),
          logger,
        });
        lifecycle.addShutdownHook(() => warmup.stop());
        await scheduler.scheduleTask({
          id: REFRESH_TASK_ID,
          scope: 'global',
          ...meshConfig.refresh,
          // The scheduler aborts a refresh that overruns its timeout; the
          // signal stops every request the refresh makes.
          fn: async abortSignal => {
            warmup.afterRun(await refresh.run({ signal: abortSignal }));
          },
        });
        const compliance = new ComplianceService({
          catalog,
          store,
          staleAfterSeconds: meshConfig.staleAfterSeconds,
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            catalog,
            meshState,
            store,
            staleAfterSeconds: meshConfig.staleAfterSeconds,
            permissions,
            scheduler,
            compliance,
            analyzer: new ManifestAnalyzer({
              liveMesh: meshState,
              readable: compliance,
              limits: meshConfig.analyze,
              rootNamespace: meshConfig.rootNamespace,
            }),
            analyzeLimits: meshConfig.analyze,
            traces: new EntityTracesService({
              jaegers,
              jaegerUiUrl: meshConfig.links.jaeger?.url,
              timeoutMs: meshConfig.traces.timeoutMs,
              logger,
              entityState: async entity =>
                (await store
                  .getState(stringifyEntityRef(entity))
                  .catch(() => undefined)) ??
                meshState.getEntityMeshState(entity),
            }),
            tracesRateLimit: meshConfig.traces.rateLimit,
            logger,
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
