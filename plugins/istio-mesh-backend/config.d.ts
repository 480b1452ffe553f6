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
     * How long, in seconds, data read from the sources is served before
     * they are read again. Default: 30.
     */
    cacheSeconds?: number;
    /**
     * How the clusters of the Kubernetes plugin's configuration
     * (`kubernetes.clusterLocatorMethods`, types `config` with
     * `authProvider: serviceAccount`, and `localKubectlProxy`) are listed.
     * Each kind is listed cluster-wide, paginated, once per read; Secrets
     * never.
     */
    kubernetes?: {
      /** Items per LIST page. Default: 500. */
      pageSize?: number;
      /** Deadline of each LIST request, in milliseconds. Default: 15000. */
      requestTimeoutMs?: number;
      /** LIST requests in flight at once per cluster. Default: 4. */
      concurrency?: number;
    };
  };
}
