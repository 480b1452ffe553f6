import { Config } from '@backstage/config';
import { HttpSourceEntry, readHttpSources } from '../http/readHttpSources';

/**
 * One configured Prometheus (`istioMesh.prometheus[]`); its id is
 * `prometheus:<name>`, its `url` e.g. `http://prometheus.istio-system:9090`,
 * its `clusters` those it scrapes.
 */
export interface PrometheusSourceConfig extends HttpSourceEntry {
  /** The rate window, as PromQL writes it, e.g. `5m`. */
  window: string;
  /** Percentage points an observed split may differ from its weights. */
  splitTolerance: number;
}

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
  return readHttpSources(config, {
    key: 'istioMesh.prometheus',
    label: 'Prometheus',
    baseDir,
    readOwn: (entry, at) => {
      const splitTolerance = entry.getOptionalNumber('splitTolerance') ?? 5;
      if (!(splitTolerance >= 0 && splitTolerance <= 100)) {
        throw new Error(
          `${at}.splitTolerance must be between 0 and 100 percentage points`,
        );
      }
      return {
        window: readWindow(at, entry.getOptionalString('window')),
        splitTolerance,
      };
    },
  });
}
