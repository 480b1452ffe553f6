import { HumanDuration } from '@backstage/types';

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
     * GitOps sources: folders or repositories of manifests holding the desired
     * state. Each is read on every refresh and reports its own status
     * (`gitops:<name>`); one that cannot be read fails nothing else. Where no
     * Argo CD reports on a cluster, `everything-in-git` compares the live mesh
     * resources with these. Kustomizations are rendered for `resources` and
     * `namespace` only; other YAML and JSON files are read as plain
     * manifests. Secrets are kept without their data. Default: none.
     */
    gitops?: Array<{
      /** Unique name of the source; its status id is `gitops:<name>`. */
      name: string;
      /**
       * Cluster whose desired state this is, as named in
       * `kubernetes.clusterLocatorMethods` or `clusterSnapshots`. Default:
       * every cluster.
       */
      cluster?: string;
      /**
       * Local folder of the repository, read directly. Relative paths are
       * resolved against the folder of the first `--config` file. Set either
       * `path` or `url`.
       */
      path?: string;
      /**
       * Repository URL read through the backend's URL reader, e.g. a Git
       * host's tree URL for a branch and folder; needs a matching
       * `integrations` entry (whose token stays in the backend) or
       * `backend.reading.allow`. Set either `path` or `url`.
       */
      url?: string;
    }>;
    /**
     * Prometheus servers scraping Istio's standard metrics: the observed
     * traffic behind `service-graph`, `metrics` and the runtime parts of
     * `mtls-strict` and `traffic-policy`. Each refresh makes four aggregated
     * instant queries per server, whatever the number of entities; each
     * server reports its own status (`prometheus:<name>`). Default: none,
     * and those criteria are `unknown`.
     */
    prometheus?: Array<{
      /** Unique name; the source's id is `prometheus:<name>`. */
      name: string;
      /** Base URL of the HTTP API, e.g. `http://prometheus.istio-system:9090`. */
      url: string;
      /** Clusters whose workloads it scrapes. Default: every cluster. */
      clusters?: string[];
      /** How the backend authenticates; one of bearerToken and basic, or none. */
      auth?: {
        /**
         * Bearer token sent as `Authorization: Bearer`.
         * @visibility secret
         */
        bearerToken?: string;
        /** HTTP basic authentication. */
        basic?: {
          /** User name. */
          username: string;
          /**
           * Password.
           * @visibility secret
           */
          password: string;
        };
        /** TLS towards an https URL: PEM contents or file paths. */
        tls?: {
          /** Certificate authority that signs Prometheus's certificate. */
          ca?: string;
          /** Client certificate, with `key`. */
          cert?: string;
          /**
           * Client key, with `cert`.
           * @visibility secret
           */
          key?: string;
        };
      };
      /** Window rates are computed over, e.g. `5m`; at least 1m. Default: 5m. */
      window?: string;
      /**
       * Percentage points an observed canary split may differ from its
       * configured weights before `traffic-policy` warns. Default: 5.
       */
      splitTolerance?: number;
      /** Largest answer to one query, in bytes. Default: 16 MiB. */
      maxResponseBytes?: number;
    }>;
    /**
     * Jaeger query services, for the `tracing` criterion and the traces
     * route. Each refresh asks each one for its services and its
     * dependency graph (`/api/dependencies`) once, whatever the number of
     * entities; API v3 (`/api/v3`, OTLP JSON) or the v1 query API is
     * detected once per server. Default: none, and `tracing` is `unknown`.
     */
    jaeger?: Array<{
      /** Unique name; the source's id is `jaeger:<name>`. */
      name: string;
      /** Base URL of the query service, e.g. `http://jaeger-query.istio-system:16686`. */
      url: string;
      /** Clusters whose traces it holds. Default: every cluster. */
      clusters?: string[];
      /** How the backend authenticates; one of bearerToken and basic, or none. */
      auth?: {
        /**
         * Bearer token sent as `Authorization: Bearer`.
         * @visibility secret
         */
        bearerToken?: string;
        /** HTTP basic authentication. */
        basic?: {
          /** User name. */
          username: string;
          /**
           * Password.
           * @visibility secret
           */
          password: string;
        };
        /** TLS towards an https URL: PEM contents or file paths. */
        tls?: {
          /** Certificate authority that signs Jaeger's certificate. */
          ca?: string;
          /** Client certificate, with `key`. */
          cert?: string;
          /**
           * Client key, with `cert`.
           * @visibility secret
           */
          key?: string;
        };
      };
      /**
       * How far back the dependency graph and trace searches reach, in whole
       * minutes or hours up to 24h, e.g. `30m`. Default: 1h.
       */
      lookback?: string;
      /** Largest answer to one request, in bytes. Default: 16 MiB. */
      maxResponseBytes?: number;
    }>;
    /**
     * Browser-facing URLs of the mesh's observability tools; each entity's
     * state links to them (`links`). They are served to every reader of an
     * entity, so they must not hold credentials. Default: no links.
     */
    links?: {
      /** Kiali, with its web root, e.g. `https://kiali.example/kiali`. */
      kiali?: { url: string };
      /** Grafana with Istio's dashboards. */
      grafana?: {
        /** Base URL, e.g. `https://grafana.example`. */
        url: string;
        /**
         * A service-account token for Grafana's API, to check that Istio's
         * dashboards exist. Never served.
         * @visibility secret
         */
        token?: string;
        /**
         * UIDs of Istio's dashboards in this Grafana. Default: links search
         * Grafana for the dashboard's title.
         */
        dashboards?: {
          /** UID of the Istio Workload Dashboard. */
          workload?: string;
          /** UID of the Istio Service Dashboard. */
          service?: string;
        };
      };
      /** Jaeger's UI. Default: the first `jaeger[]` url. */
      jaeger?: { url: string };
    };
    /**
     * Istio's `meshConfig.rootNamespace`, where mesh-wide policies live. Set
     * it only to override the clusters: by default each cluster's own mesh
     * configuration gives it (the `istio` / `istio-<revision>` ConfigMap in
     * istiod's namespace, else the Sail Operator `Istio`), else
     * `istio-system`. A value that disagrees with a cluster's is reported in
     * its control plane and as finding ISM0003.
     */
    rootNamespace?: string;
    /**
     * How long, in seconds, data read from the sources is served before
     * they are read again. Default: 30.
     */
    cacheSeconds?: number;
    /**
     * When the mesh state of every entity is recomputed from one read of all
     * sources and stored; requests are served from the store. Runs on one
     * replica at a time. Default: every 5 minutes, 3 minutes timeout.
     */
    refresh?: {
      /** How often, e.g. `{ minutes: 5 }` or a cron expression. */
      frequency: { cron: string } | HumanDuration | string;
      /** How long one refresh may run, e.g. `{ minutes: 3 }`. */
      timeout: HumanDuration | string;
      /**
       * Delay before the first refresh after start-up. Default: 5 seconds.
       * Until a refresh finds a Component or Resource in the catalog, the
       * refresh runs again every 15 seconds, for at most 5 minutes.
       */
      initialDelay?: HumanDuration | string;
    };
    /** The daily compliance history. */
    history?: {
      /** Days of history kept. Default: 90. */
      retentionDays?: number;
    };
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
      /**
       * Largest answer to one LIST request, in bytes; past it the connection
       * is closed and the kind is not read. Lower `pageSize` when a page of
       * large objects reaches it. Default: 67108864 (64 MiB).
       */
      maxResponseBytes?: number;
    };
    /**
     * Bounds of `POST /api/istio-mesh/v1/analyze`, the one route whose work
     * grows with what the caller sends. See docs/security.md.
     */
    analyze?: {
      /**
       * Largest request body accepted, in bytes; a larger one is answered 413
       * before it is read. Default: 1048576 (1 MiB).
       */
      maxBodyBytes?: number;
      /**
       * Most Kubernetes objects one request may hold (documents, and the
       * items of `List`s); more are answered 413 naming the count. Default:
       * 2000.
       */
      maxObjects?: number;
      /**
       * Requests one caller (a user, or a calling service) may make per
       * window; more are answered 429 with `Retry-After`. Counted in memory
       * by each backend replica. Default: 10 requests a minute.
       */
      rateLimit?: {
        /** Requests per window. Default: 10. */
        requests?: number;
        /** The window, e.g. `{ minutes: 1 }`. Default: 1 minute. */
        window?: HumanDuration | string;
      };
      /**
       * How long one analysis may take, including waiting for the live mesh;
       * the analysis is then stopped and the request answered 503. Default:
       * 20 seconds.
       */
      timeout?: HumanDuration | string;
    };
    /**
     * Bounds of `GET /api/istio-mesh/v1/entities/:kind/:namespace/:name/traces`,
     * which asks Jaeger when called. See docs/security.md.
     */
    traces?: {
      /**
       * How long one request to Jaeger may take; past it the answer's
       * source is `timeout`. Default: 10 seconds.
       */
      timeout?: HumanDuration | string;
      /**
       * Requests one caller (a user, or a calling service) may make per
       * window; more are answered 429 with `Retry-After`. Counted in memory
       * by each backend replica. Default: 30 requests a minute.
       */
      rateLimit?: {
        /** Requests per window. Default: 30. */
        requests?: number;
        /** The window, e.g. `{ minutes: 1 }`. Default: 1 minute. */
        window?: HumanDuration | string;
      };
    };
    /**
     * Bounds of every source read, so that no cluster, repository or file
     * can hold up a refresh or fill the backend's memory. See
     * docs/security.md.
     */
    sources?: {
      /**
       * How long one source's read may take, e.g. `{ seconds: 60 }`; past it
       * the source is `timeout` and its last good data is served, marked
       * `stale`. Default: 60 seconds. It runs from the start of that
       * source's read, not while the source waits for a slot (`concurrency`).
       */
      timeout?: HumanDuration | string;
      /**
       * How many sources (clusters, snapshots, GitOps repositories, Argo CD,
       * Prometheus) are read at once; the others wait for a slot. Sources
       * read at once share the backend's one event loop, so with many
       * clusters an unbounded read lets every cluster's read take longer
       * than its `timeout`. Default: 8.
       */
      concurrency?: number;
      /**
       * Largest file read from a GitOps folder or repository, in bytes; a
       * larger one is a problem on that source and the rest is read.
       * Default: 10485760 (10 MiB).
       */
      maxFileBytes?: number;
      /**
       * Most bytes read from one GitOps folder or repository, and the
       * largest snapshot file, which holds a whole cluster. Default:
       * 209715200 (200 MiB).
       */
      maxReadBytes?: number;
    };
    /** How catalog entities map to workloads. */
    mapping?: {
      /**
       * Refuse entities without `backstage.io/kubernetes-namespace`: their
       * label selector would otherwise match workloads in every namespace,
       * so one entity could claim another team's pods. Such entities show
       * `annotation-refused`. Default: false.
       */
      requireNamespace?: boolean;
    };
  };
}
