import { isAbsolute, dirname, resolve } from 'path';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds, HumanDuration } from '@backstage/types';
import { CronTime } from 'cron';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { ConfigSources } from '@backstage/config-loader';
import { targetPaths } from '@backstage/cli-common';
import { KubernetesClusterConfig } from './sources/kubernetes/kubernetesClusterSource';
import { GitopsSourceConfig, readGitopsConfig } from './sources/gitops';
import {
  PrometheusSourceConfig,
  readPrometheusConfig,
} from './sources/prometheus/prometheusConfig';
import {
  JaegerSourceConfig,
  readJaegerConfig,
} from './sources/jaeger/jaegerConfig';
import { LinksConfig, readLinksConfig } from './service/links/linksConfig';
import {
  DEFAULT_FILE_READ_LIMITS,
  FileReadLimits,
} from '@istio-mesh/plugin-istio-mesh-node';

/** A configured cluster snapshot file. */
export interface ClusterSnapshotConfig {
  cluster: string;
  path: string;
}

/** Bounds of `POST /v1/analyze` (`istioMesh.analyze`). */
export interface AnalyzeLimitsConfig {
  /** Largest request body accepted; larger ones are answered 413. */
  maxBodyBytes: number;
  /** Most objects one request may hold; more are answered 413. */
  maxObjects: number;
  /** Requests per caller and window on this replica; more are answered 429. */
  rateLimit: { requests: number; windowMs: number };
  /** Deadline of one analysis; past it the request is answered 503. */
  timeoutMs: number;
}

/** Bounds of every source read (`istioMesh.sources`). */
export interface SourceLimitsConfig extends FileReadLimits {
  /** Deadline of one source's read, from its start; past it the source is `timeout`. */
  timeoutMs: number;
  /** Sources read at once; the others wait for a slot, their deadline not yet running. */
  concurrency: number;
}

/** The plugin's configuration, read once at start-up. */
export interface IstioMeshConfig {
  clusterSnapshots: ClusterSnapshotConfig[];
  /** GitOps folders and repositories: the desired state. */
  gitops: GitopsSourceConfig[];
  /** Prometheus servers with Istio's metrics: the observed traffic. */
  prometheus: PrometheusSourceConfig[];
  /** Jaeger query services: the traces. */
  jaeger: JaegerSourceConfig[];
  /** Browser-facing Kiali, Grafana and Jaeger (`istioMesh.links`). */
  links: LinksConfig;
  /** Clusters of the Kubernetes plugin's config that this plugin can read. */
  kubernetesClusters: KubernetesClusterConfig[];
  /** Clusters of the Kubernetes plugin's config it cannot read, and why. */
  unsupportedClusters: Array<{ name: string; reason: string }>;
  kubernetes: {
    pageSize: number;
    requestTimeoutMs: number;
    concurrency: number;
    /** Largest answer to one LIST request. */
    maxResponseBytes: number;
  };
  /**
   * `istioMesh.rootNamespace` when set; otherwise each cluster's mesh
   * configuration gives the root namespace.
   */
  rootNamespace?: string;
  cacheSeconds: number;
  /** When the refresh runs; one replica at a time. */
  refresh: SchedulerServiceTaskScheduleDefinition;
  /**
   * Stored data older than this, two refresh intervals, is served as
   * `stale`; undefined when the refresh is only triggered by hand.
   */
  staleAfterSeconds?: number;
  historyRetentionDays: number;
  analyze: AnalyzeLimitsConfig;
  /** Bounds of `GET /v1/entities/.../traces` (`istioMesh.traces`). */
  traces: {
    rateLimit: { requests: number; windowMs: number };
    /** Deadline of one traces request to Jaeger. */
    timeoutMs: number;
  };
  /** Bounds of every source read (`istioMesh.sources`). */
  sources: SourceLimitsConfig;
  /** How entities' annotations map to workloads (`istioMesh.mapping`). */
  mapping: { requireNamespace: boolean };
}

const DEFAULT_REFRESH: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 5 },
};

// Enough of a cron schedule's next runs to see its longest gap: a weekend,
// a month.
const CRON_RUNS_SAMPLED = 64;

/**
 * Two refresh intervals, in seconds: data that missed two refreshes is
 * stale. A cron schedule's interval is its longest gap between runs, so
 * that `0 2 * * 1-5` is not stale over a weekend; a schedule triggered only
 * by hand has none.
 */
export function staleAfterSeconds(
  frequency: SchedulerServiceTaskScheduleDefinition['frequency'],
): number | undefined {
  if ('trigger' in frequency) return undefined;
  if ('cron' in frequency) {
    const runs = new CronTime(frequency.cron)
      .sendAt(CRON_RUNS_SAMPLED)
      .map(run => run.toMillis());
    let longest = 0;
    for (let i = 1; i < runs.length; i++) {
      longest = Math.max(longest, runs[i] - runs[i - 1]);
    }
    return (2 * longest) / 1000;
  }
  const ms =
    'toMillis' in frequency
      ? (frequency as { toMillis(): number }).toMillis()
      : durationToMilliseconds(frequency as HumanDuration);
  return (2 * ms) / 1000;
}

/**
 * Clusters from Backstage's Kubernetes plugin configuration
 * (`kubernetes.clusterLocatorMethods`): `config` clusters with service
 * account tokens, and `localKubectlProxy` (kubectl proxy on localhost:8001).
 */
function readKubernetesClusters(config: Config) {
  const clusters: KubernetesClusterConfig[] = [];
  const unsupported: Array<{ name: string; reason: string }> = [];
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  for (const method of methods) {
    const type = method.getString('type');
    if (type === 'localKubectlProxy') {
      // kubectl proxy speaks plain HTTP, which the client allows only so.
      clusters.push({
        name: 'local',
        url: 'http://localhost:8001',
        skipTLSVerify: true,
      });
      continue;
    }
    if (type !== 'config') {
      unsupported.push({
        name: type,
        reason: `cluster locator type ${type} is not supported`,
      });
      continue;
    }
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      const name = cluster.getString('name');
      const authProvider =
        cluster.getOptionalString('authProvider') ?? 'serviceAccount';
      if (authProvider !== 'serviceAccount') {
        unsupported.push({
          name,
          reason: `authProvider ${authProvider} is not supported; use serviceAccount`,
        });
        continue;
      }
      clusters.push({
        name,
        url: cluster.getString('url'),
        serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
        caData: cluster.getOptionalString('caData'),
        caFile: cluster.getOptionalString('caFile'),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
      });
    }
  }
  return { clusters, unsupported };
}

/**
 * The folder relative snapshot paths are resolved against: that of the
 * first `--config` file the backend was started with, else the repository
 * root, where Backstage looks for app-config.yaml by default.
 */
export function configDirectory(argv: string[] = process.argv): string {
  const [first] = ConfigSources.parseArgs(argv).filter(t => t.type === 'path');
  return first ? dirname(resolve(first.target)) : targetPaths.rootDir;
}

/** Reads and checks `istioMesh` config; invalid values throw naming the key. */
export function readIstioMeshConfig(
  config: Config,
  baseDirectory: string = configDirectory(),
): IstioMeshConfig {
  const mesh = config.getOptionalConfig('istioMesh');
  const clusterSnapshots = (
    mesh?.getOptionalConfigArray('clusterSnapshots') ?? []
  ).map(entry => {
    const path = entry.getString('path');
    return {
      cluster: entry.getString('cluster'),
      path: isAbsolute(path) ? path : resolve(baseDirectory, path),
    };
  });
  const cacheSeconds = mesh?.getOptionalNumber('cacheSeconds') ?? 30;
  if (cacheSeconds < 0) {
    throw new Error('istioMesh.cacheSeconds must not be negative');
  }
  const positive = (key: string, fallback: number) => {
    const value = mesh?.getOptionalNumber(key) ?? fallback;
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`istioMesh.${key} must be a positive whole number`);
    }
    return value;
  };
  const duration = (key: string, fallbackMs: number) => {
    if (!mesh?.has(key)) return fallbackMs;
    const ms = durationToMilliseconds(readDurationFromConfig(mesh, { key }));
    if (!(ms > 0)) throw new Error(`istioMesh.${key} must be longer than 0`);
    return ms;
  };
  const { clusters, unsupported } = readKubernetesClusters(config);
  const refresh: SchedulerServiceTaskScheduleDefinition = mesh?.has('refresh')
    ? {
        initialDelay: DEFAULT_REFRESH.initialDelay,
        ...readSchedulerServiceTaskScheduleDefinitionFromConfig(
          mesh.getConfig('refresh'),
        ),
      }
    : DEFAULT_REFRESH;
  return {
    clusterSnapshots,
    gitops: readGitopsConfig(config, baseDirectory),
    prometheus: readPrometheusConfig(config, baseDirectory),
    jaeger: readJaegerConfig(config, baseDirectory),
    links: readLinksConfig(config),
    kubernetesClusters: clusters,
    unsupportedClusters: unsupported,
    kubernetes: {
      pageSize: positive('kubernetes.pageSize', 500),
      requestTimeoutMs: positive('kubernetes.requestTimeoutMs', 15000),
      concurrency: positive('kubernetes.concurrency', 4),
      maxResponseBytes: positive(
        'kubernetes.maxResponseBytes',
        64 * 1024 * 1024,
      ),
    },
    refresh,
    staleAfterSeconds: staleAfterSeconds(refresh.frequency),
    historyRetentionDays: positive('history.retentionDays', 90),
    analyze: {
      maxBodyBytes: positive('analyze.maxBodyBytes', 1024 * 1024),
      maxObjects: positive('analyze.maxObjects', 2000),
      rateLimit: {
        requests: positive('analyze.rateLimit.requests', 10),
        windowMs: duration('analyze.rateLimit.window', 60_000),
      },
      timeoutMs: duration('analyze.timeout', 20_000),
    },
    traces: {
      rateLimit: {
        requests: positive('traces.rateLimit.requests', 30),
        windowMs: duration('traces.rateLimit.window', 60_000),
      },
      timeoutMs: duration('traces.timeout', 10_000),
    },
    sources: {
      timeoutMs: duration('sources.timeout', 60_000),
      concurrency: positive('sources.concurrency', 8),
      maxFileBytes: positive(
        'sources.maxFileBytes',
        DEFAULT_FILE_READ_LIMITS.maxFileBytes,
      ),
      maxReadBytes: positive(
        'sources.maxReadBytes',
        DEFAULT_FILE_READ_LIMITS.maxReadBytes,
      ),
    },
    mapping: {
      requireNamespace:
        mesh?.getOptionalBoolean('mapping.requireNamespace') ?? false,
    },
    rootNamespace: mesh?.getOptionalString('rootNamespace'),
    cacheSeconds,
  };
}
