import {
  ClusterEvaluation,
  DesiredObject,
  KubernetesObject,
  RuntimeObservations,
  SourceState,
  SourceType,
  TraceDependencies,
  GrafanaDashboards,
} from '@istio-mesh/plugin-istio-mesh-common';

/**
 * How a source is asked to read: `signal` aborts when the source's deadline
 * (`istioMesh.sources.timeout`) passes or the refresh is stopped, and must
 * reach every request the read makes; `now` is the instant the read is for.
 *
 * @public
 */
export interface MeshSourceReadOptions {
  signal: AbortSignal;
  now: Date;
}

/**
 * The state of a source after one read. Its age is added by the service.
 *
 * @public
 */
export type MeshSourceState = Omit<SourceState, 'ageSeconds'>;

/**
 * One read of a cluster: its evaluated workloads and the objects read
 * (Secrets without data), empty when the cluster is unavailable.
 *
 * @public
 */
export interface ClusterSourceData {
  evaluation: ClusterEvaluation;
  objects: KubernetesObject[];
}

/**
 * One read of a desired-state (GitOps) source.
 *
 * @public
 */
export interface DesiredStateSourceData {
  objects: DesiredObject[];
}

/**
 * One read of a runtime (metrics) source; undefined when it served nothing.
 *
 * @public
 */
export interface RuntimeSourceData {
  observations?: RuntimeObservations;
}

/**
 * One read of a trace source; undefined when it served nothing.
 *
 * @public
 */
export interface TracesSourceData {
  traces?: TraceDependencies;
}

/**
 * One read of a dashboards source; undefined when it served nothing.
 *
 * @public
 */
export interface DashboardsSourceData {
  dashboards?: GrafanaDashboards;
}

/**
 * What one read gave: the data and the source's state. A read never throws
 * for a failing upstream: it says so in `state` (`error`, `timeout`,
 * `unauthorized`, `partial`) and serves what it has. It throws only when
 * its signal aborted.
 *
 * @public
 */
export interface MeshSourceRead<TData> {
  state: MeshSourceState;
  data: TData;
}

/**
 * What every kind of mesh source has: an id, a label for messages, and a
 * read of its data.
 *
 * @public
 */
export interface MeshSourceBase<TData> {
  /** Stable id, `<type>:<name>`, e.g. `prometheus:homelab`. */
  id: string;
  type: SourceType;
  /** How messages about the source name it, e.g. `cluster homelab`. */
  label: string;
  read(options: MeshSourceReadOptions): Promise<MeshSourceRead<TData>>;
}

/**
 * A source of the live objects of one cluster.
 *
 * @public
 */
export interface ClusterMeshSource extends MeshSourceBase<ClusterSourceData> {
  provides: 'cluster';
  /** The cluster's name, as entities' `backstage.io/kubernetes-cluster`. */
  cluster: string;
}

/**
 * A source of desired state: manifests kept in Git.
 *
 * @public
 */
export interface DesiredStateMeshSource
  extends MeshSourceBase<DesiredStateSourceData> {
  provides: 'desired';
}

/**
 * A source of observed traffic, such as Prometheus.
 *
 * @public
 */
export interface RuntimeMeshSource extends MeshSourceBase<RuntimeSourceData> {
  provides: 'runtime';
}

/**
 * A source of traces, such as Jaeger: each refresh reads its service
 * dependency graph once (never per service), for the `tracing` criterion.
 *
 * @public
 */
export interface TracesMeshSource extends MeshSourceBase<TracesSourceData> {
  provides: 'traces';
}

/**
 * A source of dashboards, such as Grafana: each refresh checks that
 * Istio's dashboards exist, for the `metrics` criterion and the links.
 *
 * @public
 */
export interface DashboardsMeshSource
  extends MeshSourceBase<DashboardsSourceData> {
  provides: 'dashboards';
}

/**
 * A source the istio-mesh backend reads on every refresh. `provides` says
 * which part of an entity's state its data feeds.
 *
 * @public
 */
export type MeshSource =
  | ClusterMeshSource
  | DesiredStateMeshSource
  | RuntimeMeshSource
  | TracesMeshSource
  | DashboardsMeshSource;
