import {
  AdmissionregistrationV1Api,
  AppsV1Api,
  CoreV1Api,
  createConfiguration,
  CustomObjectsApi,
  KubeConfig,
  ServerConfiguration,
} from '@kubernetes/client-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterEvaluation,
  clusterGitopsInputs,
  describeManifestProblem,
  KubernetesObject,
} from '@istio-mesh/plugin-istio-mesh-common';
import { ClusterSnapshotResult } from '../clusterSnapshotSource';
import {
  apiVersionOf,
  CLUSTER_RESOURCES,
  ClusterApis,
  ClusterResource,
  resourceName,
} from './clusterResources';
import { boundedHttpLibrary } from './boundedHttpLibrary';
import { createConcurrencyLimit } from './concurrencyLimit';
import { keepUsedFields } from './keepUsedFields';
import { ListFailure, listAllPages, toListFailure } from './listAllPages';
import { validateListedObjects } from './validateListedObjects';
import { evaluateClusterMesh } from '../evaluateClusterMesh';
import { istiodNamespaces, readMeshConfigMaps } from './meshConfigMaps';

const ARGO_APPLICATIONS = 'applications.argoproj.io';

/**
 * Argo CD's Applications and the mesh resources among the listed objects.
 * Argo CD is `not-installed` when the Application CRD is absent, and
 * `unavailable` when listing Applications failed otherwise.
 */
function argoInputs(
  objects: KubernetesObject[],
  cluster: string,
  results: Array<{ resource: ClusterResource; failure?: ListFailure }>,
) {
  const failure = results.find(
    r => resourceName(r.resource) === ARGO_APPLICATIONS,
  )?.failure;
  if (!failure) return clusterGitopsInputs(objects, cluster, true);
  if (failure.reason === 'not-installed') {
    return clusterGitopsInputs(objects, cluster, false);
  }
  return {
    ...clusterGitopsInputs(objects, cluster, undefined),
    argo: {
      status: 'unavailable' as const,
      reason: `cannot list Argo CD Applications in cluster ${cluster}: ${failure.message}`,
    },
  };
}

/**
 * A cluster to read, as configured for Backstage's Kubernetes plugin
 * (`kubernetes.clusterLocatorMethods[].clusters[]`).
 */
export interface KubernetesClusterConfig {
  name: string;
  /** API server URL. */
  url: string;
  /** Bearer token of a service account allowed to list the mesh kinds. */
  serviceAccountToken?: string;
  /** Base64-encoded PEM of the API server's certificate authority. */
  caData?: string;
  /** Path of a PEM file of the API server's certificate authority. */
  caFile?: string;
  skipTLSVerify?: boolean;
}

/** How clusters are read. */
export interface KubernetesReadOptions {
  /** Items per LIST page (`limit`). */
  pageSize: number;
  /** Deadline of each LIST request, in milliseconds. */
  requestTimeoutMs: number;
  /** LIST requests of one cluster in flight at once. */
  concurrency: number;
  logger: LoggerService;
  /**
   * Istio's root namespace when set explicitly (`istioMesh.rootNamespace`);
   * otherwise the cluster's mesh configuration gives it.
   */
  rootNamespace?: string;
  /** Attempts per page when throttled (429); default 4. */
  maxAttempts?: number;
  /** Largest answer to one LIST request; default 64 MiB. */
  maxResponseBytes?: number;
  /** Stops every request: the refresh stopped or the deadline passed. */
  signal?: AbortSignal;
}

const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** What one read of a cluster produced: the same shape as a snapshot's. */
export type KubernetesClusterResult = ClusterSnapshotResult;

const MAX_LISTED = 3;

function listed(messages: string[]): string {
  const more =
    messages.length > MAX_LISTED
      ? ` and ${messages.length - MAX_LISTED} more`
      : '';
  return `${messages.slice(0, MAX_LISTED).join('; ')}${more}`;
}

function apisFor(
  cluster: KubernetesClusterConfig,
  maxResponseBytes: number,
): ClusterApis {
  const kubeConfig = new KubeConfig();
  const user = 'istio-mesh';
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        caData: cluster.caData,
        caFile: cluster.caFile,
        skipTLSVerify: cluster.skipTLSVerify ?? false,
      },
    ],
    users: [
      cluster.serviceAccountToken
        ? { name: user, token: cluster.serviceAccountToken }
        : { name: user },
    ],
    contexts: [{ name: cluster.name, cluster: cluster.name, user }],
    currentContext: cluster.name,
  });
  // As KubeConfig.makeApiClient, with an HTTP library bounding answers.
  const configuration = createConfiguration({
    baseServer: new ServerConfiguration(cluster.url, {}),
    authMethods: { default: kubeConfig },
    httpApi: boundedHttpLibrary(maxResponseBytes),
  });
  return {
    core: new CoreV1Api(configuration),
    apps: new AppsV1Api(configuration),
    admission: new AdmissionregistrationV1Api(configuration),
    custom: new CustomObjectsApi(configuration),
  };
}

interface KindResult {
  resource: ClusterResource;
  objects: unknown[];
  failure?: ListFailure;
}

/**
 * Lists one kind with one paginated cluster-wide LIST, falling back to older
 * API versions that the cluster may serve instead (Istio before 1.22 has no
 * `v1`). Never throws.
 */
async function readKind(
  apis: ClusterApis,
  resource: ClusterResource,
  options: KubernetesReadOptions,
  clusterName: string,
): Promise<KindResult> {
  const name = resourceName(resource);
  let failure: ListFailure | undefined;
  for (const version of resource.versions) {
    try {
      const items = await listAllPages(
        (page, requestOptions) =>
          resource.list(apis, version, page, requestOptions),
        name,
        {
          pageSize: options.pageSize,
          requestTimeoutMs: options.requestTimeoutMs,
          maxAttempts: options.maxAttempts,
          signal: options.signal,
          onThrottled: wait =>
            options.logger.info(
              `Kubernetes cluster ${clusterName} throttled listing ${name}; retrying in ${wait} ms`,
            ),
        },
      );
      const apiVersion = apiVersionOf(resource, version);
      return {
        resource,
        objects: items.map(item =>
          keepUsedFields(item, resource.kind, apiVersion),
        ),
      };
    } catch (error) {
      failure = toListFailure(
        error,
        name,
        options.requestTimeoutMs,
        options.signal,
      );
      if (failure.reason !== 'not-installed') break;
    }
  }
  return { resource, objects: [], failure };
}

/** The worst of several failures of required kinds, as a source status. */
function requiredFailureStatus(failures: ListFailure[]) {
  if (
    failures.some(f => f.reason === 'unauthorized' || f.reason === 'forbidden')
  ) {
    return 'unauthorized' as const;
  }
  if (failures.some(f => f.reason === 'timeout')) return 'timeout' as const;
  return 'error' as const;
}

/**
 * Reads the mesh kinds of one cluster through its API server and evaluates
 * its workloads. Each kind is read with one paginated cluster-wide LIST
 * (never Secrets), a few kinds at a time. Never throws: the outcome is in
 * `source.status`:
 * - `ok`: every kind read; CRDs that are not installed are skipped and named;
 * - `partial`: an optional kind failed or objects were malformed, the rest is
 *   evaluated;
 * - `unauthorized`, `timeout`, `error`: a required kind (core, apps) could
 *   not be read, so the cluster is unavailable rather than half-evaluated.
 */
export async function readKubernetesCluster(
  cluster: KubernetesClusterConfig,
  options: KubernetesReadOptions,
): Promise<KubernetesClusterResult> {
  const id = `kubernetes:${cluster.name}`;
  const unavailable = (
    status: 'error' | 'timeout' | 'unauthorized',
    message: string,
  ): KubernetesClusterResult => ({
    evaluation: { cluster: cluster.name, unavailable: message, workloads: [] },
    objects: [],
    source: { id, type: 'kubernetes', status, message },
  });

  let apis: ClusterApis;
  try {
    apis = apisFor(
      cluster,
      options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    );
  } catch (error) {
    return unavailable(
      'error',
      `cluster ${cluster.name}: invalid connection settings: ${
        (error as Error).message
      }`,
    );
  }

  const limit = createConcurrencyLimit(options.concurrency);
  const results = await Promise.all(
    CLUSTER_RESOURCES.map(resource =>
      limit(() => readKind(apis, resource, options, cluster.name)),
    ),
  );

  const failed = results.filter(r => r.failure);
  const notInstalled = failed
    .filter(r => r.failure!.reason === 'not-installed' && !r.resource.required)
    .map(r => resourceName(r.resource));
  const failures = failed
    .map(r => ({ required: r.resource.required, failure: r.failure! }))
    .filter(f => f.required || f.failure.reason !== 'not-installed');

  const rejected = failures.filter(f => f.failure.reason === 'unauthorized');
  const requiredFailures = failures.filter(f => f.required);
  if (rejected.length > 0 || requiredFailures.length > 0) {
    const blocking = (rejected.length > 0 ? rejected : requiredFailures).map(
      f => f.failure,
    );
    return unavailable(
      requiredFailureStatus(blocking),
      `cluster ${cluster.name}: cannot list ${listed(
        blocking.map(f => f.message),
      )}`,
    );
  }

  // Istio's ConfigMaps are read only where istiod runs, once its
  // Deployments are known: never cluster-wide.
  const configMaps = await readMeshConfigMaps(
    apis,
    istiodNamespaces(
      results.find(r => r.resource.kind === 'Deployment')?.objects ?? [],
    ),
    options,
  );
  failures.push(
    ...configMaps.failures.map(failure => ({ required: false, failure })),
  );

  const { objects, problems } = await validateListedObjects(
    [...results.flatMap(r => r.objects), ...configMaps.objects],
    id,
  );

  const argo = argoInputs(objects, cluster.name, results);
  const evaluation: ClusterEvaluation = {
    cluster: cluster.name,
    ...(argo.argo ? { argo: argo.argo } : {}),
    meshResources: argo.meshResources,
    ...evaluateClusterMesh(objects, {
      cluster: cluster.name,
      rootNamespace: options.rootNamespace,
    }),
  };

  const notes: string[] = [];
  if (failures.length > 0) {
    notes.push(`cannot list ${listed(failures.map(f => f.failure.message))}`);
  }
  const skipped = [
    ...problems.map(problem =>
      describeManifestProblem(problem, { file: false }),
    ),
    ...argo.problems,
  ];
  if (skipped.length > 0) {
    notes.push(`${skipped.length} object(s) skipped: ${listed(skipped)}`);
  }
  if (notInstalled.length > 0) {
    notes.push(`not installed: ${notInstalled.join(', ')}`);
  }
  const status = failures.length > 0 || skipped.length > 0 ? 'partial' : 'ok';
  options.logger.debug(
    `Kubernetes cluster ${cluster.name}: ${objects.length} objects read, ${evaluation.workloads.length} workloads, ${status}`,
  );
  return {
    evaluation,
    objects,
    source: {
      id,
      type: 'kubernetes',
      status,
      ...(notes.length > 0
        ? { message: `cluster ${cluster.name}: ${notes.join('; ')}` }
        : {}),
    },
  };
}
