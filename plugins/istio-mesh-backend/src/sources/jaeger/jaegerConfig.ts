import { Config } from '@backstage/config';
import { durationMilliseconds } from '@istio-mesh/plugin-istio-mesh-common';
import { HttpSourceEntry, readHttpSources } from '../http/readHttpSources';

/**
 * One configured Jaeger query service (`istioMesh.jaeger[]`); its id is
 * `jaeger:<name>`, its `url` the query service's, e.g.
 * `http://jaeger.example:16686`.
 */
export interface JaegerSourceConfig extends HttpSourceEntry {
  /** How far back the dependency graph and traces reach, e.g. `1h`. */
  lookback: string;
  lookbackMs: number;
}

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
  return readHttpSources(config, {
    key: 'istioMesh.jaeger',
    label: 'Jaeger',
    baseDir,
    readOwn: (entry, at) => {
      const lookback = entry.getOptionalString('lookback')?.trim() ?? '1h';
      const lookbackMs = /^\d+(m|h)$/.test(lookback)
        ? durationMilliseconds(lookback)
        : undefined;
      if (!lookbackMs || lookbackMs > MAX_LOOKBACK_MS) {
        throw new Error(
          `${at}.lookback must be whole minutes or hours from 1m to 24h, such as 30m or 1h, not ${lookback}`,
        );
      }
      return { lookback, lookbackMs };
    },
  });
}
