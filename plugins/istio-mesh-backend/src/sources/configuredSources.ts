import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { MeshSource } from '@istio-mesh/plugin-istio-mesh-node';
import { IstioMeshConfig } from '../config';
import { kubernetesMeshSource } from './kubernetes/kubernetesMeshSource';
import { snapshotMeshSource } from './snapshot/snapshotMeshSource';
import { gitopsMeshSource } from './gitops';
import { prometheusMeshSource } from './prometheus/prometheusMeshSource';

/** What the configured sources read with. */
export interface ConfiguredSourceDeps {
  logger: LoggerService;
  urlReader: UrlReaderService;
}

/**
 * The sources `app-config.yaml` configures, in the order they are listed:
 * Kubernetes clusters, cluster snapshots, GitOps sources, Prometheus
 * servers. Sources that
 * backend modules add come after these.
 */
export function configuredMeshSources(
  config: IstioMeshConfig,
  deps: ConfiguredSourceDeps,
): MeshSource[] {
  const { rootNamespace, kubernetes, sources: limits } = config;
  return [
    ...config.kubernetesClusters.map(cluster =>
      kubernetesMeshSource(cluster, {
        ...kubernetes,
        rootNamespace,
        logger: deps.logger,
      }),
    ),
    ...config.clusterSnapshots.map(snapshot =>
      snapshotMeshSource(snapshot, { rootNamespace, limits }),
    ),
    ...config.gitops.map(source =>
      gitopsMeshSource(source, {
        urlReader: deps.urlReader,
        logger: deps.logger,
        limits,
      }),
    ),
    ...config.prometheus.map(prometheusMeshSource),
  ];
}
