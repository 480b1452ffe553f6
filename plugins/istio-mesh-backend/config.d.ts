export interface Config {
  /** Configuration of the istio-mesh plugin. */
  istioMesh?: {
    /**
     * Cluster snapshot files: `kubectl get -A -o yaml` style dumps, one per
     * cluster, for offline use and demos. Relative paths are resolved against
     * the folder of the first `--config` file, or the repository root that
     * holds app-config.yaml when none is given. Secrets in a snapshot are
     * skipped, never kept.
     */
    clusterSnapshots?: Array<{
      /** Cluster name, as used by the `backstage.io/kubernetes-cluster` annotation. */
      cluster: string;
      /** Path of the YAML or JSON file. */
      path: string;
    }>;
    /**
     * Istio's `meshConfig.rootNamespace`, where mesh-wide policies live.
     * Default: `istio-system`.
     */
    rootNamespace?: string;
    /**
     * How long, in seconds, a loaded snapshot is served before the file is
     * read again. Default: 30.
     */
    cacheSeconds?: number;
  };
}
