import { LoggerService, UrlReaderService } from '@backstage/backend-plugin-api';
import { MeshSource } from '@istio-mesh/plugin-istio-mesh-node';
import { IstioMeshConfig } from '../config';
import { kubernetesMeshSource } from './kubernetes/kubernetesMeshSource';
import { snapshotMeshSource } from './snapshot/snapshotMeshSource';
import { gitopsMeshSource } from './gitops';
import { prometheusMeshSource } from './prometheus/prometheusMeshSource';
import { jaegerMeshSource } from './jaeger/jaegerMeshSource';
import { JaegerClient } from './jaeger/jaegerClient';

/** What the configured sources read with. */
export interface ConfiguredSourceDeps {
  logger: LoggerService;
  urlReader: UrlReaderService;
  /**
   * A client per `istioMesh.jaeger` entry, in order, shared with the
   * traces route so that each Jaeger's API is probed once; made here when
   * not given.
   */
  jaegerClients?: JaegerClient[];
}

/**
 * The sources `app-config.yaml` configures, in the order they are listed:
 * Kubernetes clusters, cluster snapshots, GitOps sources, Prometheus
 * servers, Jaeger query services. Sources that backend modules add come
 * after these.
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
    ...(deps.jaegerClients ?? config.jaeger.map(c => new JaegerClient(c))).map(
      jaegerMeshSource,
    ),
  ];
}
