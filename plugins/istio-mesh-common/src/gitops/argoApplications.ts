import { z } from 'zod';
import { KubernetesObject } from '../resources/objects';
import { trimEnd } from '../resources/wildcard';

/**
 * Sync status Argo CD reports for an Application and for each resource it
 * manages.
 *
 * @public
 */
export const ARGO_SYNC_STATUSES = ['Synced', 'OutOfSync', 'Unknown'] as const;

/**
 * One of {@link ARGO_SYNC_STATUSES}.
 *
 * @public
 */
export type ArgoSyncStatus = (typeof ARGO_SYNC_STATUSES)[number];

/**
 * Health status Argo CD reports for an Application and its resources.
 *
 * @public
 */
export const ARGO_HEALTH_STATUSES = [
  'Healthy',
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
  'Unknown',
] as const;

/**
 * One of {@link ARGO_HEALTH_STATUSES}.
 *
 * @public
 */
export type ArgoHealthStatus = (typeof ARGO_HEALTH_STATUSES)[number];

/**
 * One entry of an Application's `status.resources`: a resource Argo CD
 * manages and its own sync status against Git.
 *
 * @public
 */
export interface ArgoManagedResource {
  /** API group; empty for the core group. */
  group: string;
  version: string;
  kind: string;
  /** Empty for cluster-scoped resources. */
  namespace: string;
  name: string;
  status: ArgoSyncStatus;
  health?: ArgoHealthStatus;
  /** Set when the resource is no longer in Git and a sync would delete it. */
  requiresPruning: boolean;
}

/**
 * Where an Application takes its manifests from: one entry of
 * `spec.sources`, or `spec.source`.
 *
 * @public
 */
export interface ArgoApplicationSource {
  repoURL: string;
  path?: string;
  chart?: string;
  targetRevision?: string;
}

/**
 * An Argo CD Application (`argoproj.io/v1alpha1`), reduced to what the
 * GitOps criteria read.
 *
 * @public
 */
export interface ArgoApplication {
  /** Cluster the Application object lives in (where Argo CD runs). */
  cluster: string;
  namespace: string;
  name: string;
  /** `spec.destination`: exactly as written, resolved by {@link resolveApplicationDestination}. */
  destination: { server?: string; name?: string; namespace?: string };
  sources: ArgoApplicationSource[];
  /** `status.sync.status`; `Unknown` until Argo CD first compares the app. */
  syncStatus: ArgoSyncStatus;
  /** `status.health.status`; `Unknown` until Argo CD first assesses the app. */
  healthStatus: ArgoHealthStatus;
  resources: ArgoManagedResource[];
  /** `status.operationState.phase` of the last sync, when there was one. */
  operationPhase?: string;
}

/**
 * Argo CD as seen in one cluster: its Applications, or why there are none.
 * `not-installed` means the Application CRD is absent from the cluster.
 *
 * @public
 */
export type ArgoClusterState =
  | { status: 'ok'; applications: ArgoApplication[] }
  | { status: 'not-installed' | 'unavailable'; reason: string };

/**
 * The API server address by which an Application names the cluster Argo CD
 * itself runs in.
 *
 * @public
 */
export const IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

/**
 * The cluster name by which an Application names the cluster Argo CD
 * itself runs in.
 *
 * @public
 */
export const IN_CLUSTER_NAME = 'in-cluster';

const source = z.looseObject({
  repoURL: z.string().min(1),
  path: z.string().optional(),
  chart: z.string().optional(),
  targetRevision: z.string().optional(),
});

const applicationSchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string().min(1),
    namespace: z.string().default(''),
  }),
  spec: z.looseObject({
    destination: z
      .looseObject({
        server: z.string().min(1).optional(),
        name: z.string().min(1).optional(),
        namespace: z.string().optional(),
      })
      .refine(d => d.server !== undefined || d.name !== undefined, {
        message: 'set server or name',
      }),
    source: source.optional(),
    sources: z.array(source).optional(),
  }),
  status: z
    .looseObject({
      sync: z
        .looseObject({ status: z.enum(ARGO_SYNC_STATUSES).optional() })
        .optional(),
      health: z
        .looseObject({ status: z.enum(ARGO_HEALTH_STATUSES).optional() })
        .optional(),
      resources: z
        .array(
          z.looseObject({
            group: z.string().default(''),
            version: z.string().default(''),
            kind: z.string().min(1),
            namespace: z.string().default(''),
            name: z.string().min(1),
            // Argo CD leaves the status out before its first comparison.
            status: z.enum(ARGO_SYNC_STATUSES).default('Unknown'),
            health: z
              .looseObject({ status: z.enum(ARGO_HEALTH_STATUSES).optional() })
              .optional(),
            requiresPruning: z.boolean().default(false),
          }),
        )
        .optional(),
      operationState: z
        .looseObject({ phase: z.string().optional() })
        .optional(),
    })
    .optional(),
});

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`,
    )
    .join('');
}

/**
 * Whether an object is an Argo CD Application.
 *
 * @public
 */
export function isArgoApplication(object: KubernetesObject): boolean {
  return (
    object.kind === 'Application' &&
    object.apiVersion.startsWith('argoproj.io/')
  );
}

/**
 * Reads an Application object listed from a cluster. Throws an error naming
 * the Application, its cluster and the offending field when a field it reads
 * has the wrong shape. A missing `status` (an Application Argo CD has not
 * reconciled yet) gives `Unknown` sync and health and no resources.
 *
 * @public
 */
export function parseArgoApplication(
  object: KubernetesObject,
  cluster: string,
): ArgoApplication {
  const parsed = applicationSchema.safeParse(object);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const ref = [object.metadata?.namespace, object.metadata?.name]
      .filter(Boolean)
      .join('/');
    throw new Error(
      `Application ${ref || '(unnamed)'} in cluster ${cluster}: ${
        formatPath(issue.path) || 'document'
      }: ${issue.message}`,
    );
  }
  const { metadata, spec, status } = parsed.data;
  const { server, name, namespace } = spec.destination;
  const sources = spec.sources ?? (spec.source ? [spec.source] : []);
  return {
    cluster,
    namespace: metadata.namespace,
    name: metadata.name,
    destination: {
      ...(server !== undefined ? { server } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(namespace ? { namespace } : {}),
    },
    sources: sources.map(s => ({
      repoURL: s.repoURL,
      ...(s.path !== undefined ? { path: s.path } : {}),
      ...(s.chart !== undefined ? { chart: s.chart } : {}),
      ...(s.targetRevision !== undefined
        ? { targetRevision: s.targetRevision }
        : {}),
    })),
    syncStatus: status?.sync?.status ?? 'Unknown',
    healthStatus: status?.health?.status ?? 'Unknown',
    resources: (status?.resources ?? []).map(r => ({
      group: r.group,
      version: r.version,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      status: r.status,
      ...(r.health?.status ? { health: r.health.status } : {}),
      requiresPruning: r.requiresPruning,
    })),
    ...(status?.operationState?.phase
      ? { operationPhase: status.operationState.phase }
      : {}),
  };
}

const withoutTrailingSlash = (url: string) => trimEnd(url, c => c === '/');
const MAX_SERVER_URL = 2048;

/**
 * The cluster an Application deploys to, by the names the clusters are
 * configured under: `server: https://kubernetes.default.svc` and
 * `name: in-cluster` mean the cluster the Application lives in; another
 * `name` is a cluster name; another `server` is looked up in `clusterUrls`
 * (cluster name to API server URL; a trailing slash does not matter).
 * Undefined when the server URL is not configured.
 *
 * @public
 */
export function resolveApplicationDestination(
  application: ArgoApplication,
  clusterUrls: Record<string, string> = {},
): string | undefined {
  const { server, name } = application.destination;
  if (name !== undefined) {
    return name === IN_CLUSTER_NAME ? application.cluster : name;
  }
  // No API server URL is this long; one that is names no configured cluster.
  if (server === undefined || server.length > MAX_SERVER_URL) return undefined;
  const url = withoutTrailingSlash(server);
  if (url === IN_CLUSTER_SERVER) return application.cluster;
  return Object.entries(clusterUrls).find(
    ([, clusterUrl]) => withoutTrailingSlash(clusterUrl) === url,
  )?.[0];
}

/**
 * `namespace/name` of an Application, as Argo CD shows it.
 *
 * @public
 */
export function applicationRef(application: ArgoApplication): string {
  return application.namespace
    ? `${application.namespace}/${application.name}`
    : application.name;
}
