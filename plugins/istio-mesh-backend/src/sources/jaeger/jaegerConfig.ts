import { Config } from '@backstage/config';
import { durationMilliseconds } from '@istio-mesh/plugin-istio-mesh-common';
import { readSourceEndpoint, SourceAuth, SourceTls } from '../http/sourceAuth';

/** One configured Jaeger query service (`istioMesh.jaeger[]`). */
export interface JaegerSourceConfig {
  /** Unique name; the source's id is `jaeger:<name>`. */
  name: string;
  /** Base URL of the query service, e.g. `http://jaeger.example:16686`. */
  url: string;
  /** Clusters whose traces it holds; undefined for every cluster. */
  clusters?: string[];
  auth: SourceAuth;
  tls?: SourceTls;
  /** How far back the dependency graph and traces reach, e.g. `1h`. */
  lookback: string;
  lookbackMs: number;
  /** Largest answer to one request. */
  maxResponseBytes: number;
}

const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;
const MAX_LOOKBACK_MS = 24 * 3_600_000;

/**
 * Reads `istioMesh.jaeger`: the Jaeger query services whose traces are the
 * `tracing` evidence and the traces route's answers. Invalid entries throw
 * naming the key.
 */
export function readJaegerConfig(
  config: Config,
  baseDir: string,
): JaegerSourceConfig[] {
  const entries = config.getOptionalConfigArray('istioMesh.jaeger') ?? [];
  const names = new Set<string>();
  return entries.map((entry, index) => {
    const at = `istioMesh.jaeger[${index}]`;
    const name = entry.getString('name').trim();
    if (!name) throw new Error(`${at}.name must not be empty`);
    if (names.has(name)) {
      throw new Error(`${at}.name: another Jaeger is named ${name}`);
    }
    names.add(name);
    const endpoint = readSourceEndpoint(entry, at, baseDir);
    const clusters = entry.getOptionalStringArray('clusters');
    if (clusters && clusters.length === 0) {
      throw new Error(
        `${at}.clusters must not be empty; leave it out for every cluster`,
      );
    }
    const lookback = entry.getOptionalString('lookback')?.trim() ?? '1h';
    const lookbackMs = /^\d+(m|h)$/.test(lookback)
      ? durationMilliseconds(lookback)
      : undefined;
    if (!lookbackMs || lookbackMs > MAX_LOOKBACK_MS) {
      throw new Error(
        `${at}.lookback must be whole minutes or hours from 1m to 24h, such as 30m or 1h, not ${lookback}`,
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
      lookback,
      lookbackMs,
      maxResponseBytes,
    };
  });
}
