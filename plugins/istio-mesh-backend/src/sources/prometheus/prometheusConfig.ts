import { Config } from '@backstage/config';
import { readSourceEndpoint, SourceAuth, SourceTls } from '../http/sourceAuth';

/** How the backend authenticates to one Prometheus; at most one way. */
export type PrometheusAuth = SourceAuth;

/** TLS towards Prometheus: PEM contents, read at start-up. */
export type PrometheusTls = SourceTls;

/** One configured Prometheus (`istioMesh.prometheus[]`). */
export interface PrometheusSourceConfig {
  /** Unique name; the source's id is `prometheus:<name>`. */
  name: string;
  /** Base URL, e.g. `http://prometheus.istio-system:9090`. */
  url: string;
  /** Clusters it scrapes; undefined for every cluster. */
  clusters?: string[];
  auth: PrometheusAuth;
  tls?: PrometheusTls;
  /** The rate window, as PromQL writes it, e.g. `5m`. */
  window: string;
  /** Percentage points an observed split may differ from its weights. */
  splitTolerance: number;
  /** Largest answer to one query. */
  maxResponseBytes: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** A PromQL duration of whole seconds at least a minute long, e.g. `5m`. */
function readWindow(at: string, value: string | undefined): string {
  if (value === undefined) return '5m';
  const match = /^(\d+)(s|m|h)$/.exec(value.trim());
  if (!match) {
    throw new Error(
      `${at}.window must be a duration such as 5m, 90s or 1h, not ${value}`,
    );
  }
  const unitSeconds = { s: 1, m: 60, h: 3600 }[match[2] as 's' | 'm' | 'h'];
  if (Number(match[1]) * unitSeconds < 60) {
    throw new Error(
      `${at}.window must be at least 1m: Istio's metrics are scraped every 15s and a rate needs several samples`,
    );
  }
  return `${match[1]}${match[2]}`;
}

/**
 * Reads `istioMesh.prometheus`: the Prometheus servers whose Istio metrics
 * are the runtime evidence. Invalid entries throw naming the key.
 */
export function readPrometheusConfig(
  config: Config,
  baseDir: string,
): PrometheusSourceConfig[] {
  const entries = config.getOptionalConfigArray('istioMesh.prometheus') ?? [];
  const names = new Set<string>();
  return entries.map((entry, index) => {
    const at = `istioMesh.prometheus[${index}]`;
    const name = entry.getString('name').trim();
    if (!name) throw new Error(`${at}.name must not be empty`);
    if (names.has(name)) {
      throw new Error(`${at}.name: another Prometheus is named ${name}`);
    }
    names.add(name);
    const endpoint = readSourceEndpoint(entry, at, baseDir);
    const clusters = entry.getOptionalStringArray('clusters');
    if (clusters && clusters.length === 0) {
      throw new Error(
        `${at}.clusters must not be empty; leave it out for every cluster`,
      );
    }
    const splitTolerance = entry.getOptionalNumber('splitTolerance') ?? 5;
    if (!(splitTolerance >= 0 && splitTolerance <= 100)) {
      throw new Error(
        `${at}.splitTolerance must be between 0 and 100 percentage points`,
      );
    }
    const maxResponseBytes =
      entry.getOptionalNumber('maxResponseBytes') ?? DEFAULT_MAX_RESPONSE_BYTES;
    if (!Number.isInteger(maxResponseBytes) || maxResponseBytes < 1) {
      throw new Error(`${at}.maxResponseBytes must be a positive whole number`);
    }
    return {
      name,
      ...endpoint,
      ...(clusters ? { clusters } : {}),
      window: readWindow(at, entry.getOptionalString('window')),
      splitTolerance,
      maxResponseBytes,
    };
  });
}
