/**
 * One edge of Jaeger's service dependency graph (`/api/dependencies`):
 * calls from `parent` to `child` traced in the lookback.
 *
 * @public
 */
export interface TraceDependency {
  parent: string;
  child: string;
  callCount: number;
}

/**
 * What one trace source (a Jaeger) answered on a refresh: the services it
 * has traces of, and the dependency graph over its lookback.
 *
 * @public
 */
export interface TraceDependencies {
  /** Source id, e.g. `jaeger:homelab`. */
  source: string;
  /** The lookback the graph covers, e.g. `1h`. */
  lookback: string;
  /** Clusters the source covers; undefined for every cluster. */
  clusters?: string[];
  /** When the graph was asked for (ISO). */
  evaluatedAt: string;
  /** Every service Jaeger has traces of (its retention, not only the lookback). */
  services: string[];
  dependencies: TraceDependency[];
}
