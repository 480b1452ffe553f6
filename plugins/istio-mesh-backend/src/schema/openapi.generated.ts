// Generated from openapi.yaml by scripts/generate-openapi.js; do not edit.

/** The plugin's OpenAPI spec. */
export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'istio-mesh',
    version: '1',
    description:
      'Mesh state of catalog entities: whether their workloads are in the Istio mesh, on STRICT mTLS, authorized, governed by traffic policy, observed, and managed from Git. Every route but /health needs an authenticated caller; entity state and compliance rows are served only for entities the caller may read in the catalog.',
    license: {
      name: 'Apache-2.0',
    },
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/health': {
      get: {
        operationId: 'GetHealth',
        description: 'Liveness of the plugin; open to unauthenticated callers.',
        security: [],
        responses: {
          '200': {
            description: 'The plugin is up.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['status'],
                  properties: {
                    status: {
                      type: 'string',
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
    '/v1/entities/{kind}/{namespace}/{name}': {
      get: {
        operationId: 'GetEntityMeshState',
        description:
          'The complete mesh state of one entity, from the store the scheduled refresh fills. 404 when the entity does not exist or the caller may not read it.',
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
        ],
        responses: {
          '200': {
            description: "The entity's mesh state.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityMeshState',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/entities/{kind}/{namespace}/{name}/traces': {
      get: {
        operationId: 'GetEntityTraces',
        description:
          "Recent traces of one entity, asked of the first Jaeger covering its clusters when called (cached per entity, lookback and limit for 30 seconds). The service name is the entity's jaegertracing.io/service annotation, else Istio's default <app>.<namespace>. A Jaeger that fails or is not configured is reported in source, never as an error status. 404 when the entity does not exist or the caller may not read it; 429 when the caller made more requests than the shared per-caller limit allows on this replica.",
        parameters: [
          {
            $ref: '#/components/parameters/kind',
          },
          {
            $ref: '#/components/parameters/namespace',
          },
          {
            $ref: '#/components/parameters/name',
          },
          {
            name: 'lookback',
            in: 'query',
            description:
              "How far back to search, as a duration (30m, 1h, 24h; at most 24h). Default: the Jaeger source's lookback (1h unless configured).",
            schema: {
              type: 'string',
              pattern: '^[0-9]+(ms|s|m|h)$',
            },
          },
          {
            name: 'limit',
            in: 'query',
            description: 'Traces at most (default 20).',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 100,
            },
          },
        ],
        responses: {
          '200': {
            description: "The entity's recent traces, newest first.",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/EntityTraces',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '404': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '429': {
            description:
              'The caller made more requests than the per-caller limit allows on this replica.',
            headers: {
              'Retry-After': {
                description:
                  'Seconds until the caller may send another request.',
                schema: {
                  type: 'integer',
                },
              },
            },
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/v1/compliance': {
      get: {
        operationId: 'GetCompliance',
        description:
          'One row per entity the caller may read, filtered, sorted and paged.',
        parameters: [
          {
            $ref: '#/components/parameters/owner',
          },
          {
            $ref: '#/components/parameters/system',
          },
          {
            $ref: '#/components/parameters/meshNamespace',
          },
          {
            $ref: '#/components/parameters/cluster',
          },
          {
            $ref: '#/components/parameters/level',
          },
          {
            $ref: '#/components/parameters/criterion',
          },
          {
            $ref: '#/components/parameters/status',
          },
          {
            $ref: '#/components/parameters/q',
          },
          {
            name: 'limit',
            in: 'query',
            description: 'Rows per page (default 50).',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
            },
          },
          {
            name: 'offset',
            in: 'query',
            description: 'Rows skipped before the page (default 0).',
            schema: {
              type: 'integer',
              minimum: 0,
            },
          },
          {
            $ref: '#/components/parameters/orderBy',
          },
          {
            $ref: '#/components/parameters/order',
          },
        ],
        responses: {
          '200': {
            description: 'A page of compliance rows.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/CompliancePage',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/compliance.csv': {
      get: {
        operationId: 'GetComplianceCsv',
        description:
          'Every compliance row the list would page through for the same filters and order, as CSV with a header row: entityRef, title, owner, system, level, one column per criterion id (its status; unknown without a verdict) and updatedAt. Only entities the caller may read, as in the list. Cells a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) are prefixed with an apostrophe.',
        parameters: [
          {
            $ref: '#/components/parameters/owner',
          },
          {
            $ref: '#/components/parameters/system',
          },
          {
            $ref: '#/components/parameters/meshNamespace',
          },
          {
            $ref: '#/components/parameters/cluster',
          },
          {
            $ref: '#/components/parameters/level',
          },
          {
            $ref: '#/components/parameters/criterion',
          },
          {
            $ref: '#/components/parameters/status',
          },
          {
            $ref: '#/components/parameters/q',
          },
          {
            $ref: '#/components/parameters/orderBy',
          },
          {
            $ref: '#/components/parameters/order',
          },
        ],
        responses: {
          '200': {
            description: 'The matching rows, as an attachment.',
            headers: {
              'Content-Disposition': {
                description: 'attachment; filename="istio-mesh-compliance.csv"',
                schema: {
                  type: 'string',
                },
              },
            },
            content: {
              'text/csv': {
                schema: {
                  type: 'string',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/compliance/summary': {
      get: {
        operationId: 'GetComplianceSummary',
        description:
          'Counts per level and per criterion status over the entities the caller may read, today and for each day of history.',
        parameters: [
          {
            $ref: '#/components/parameters/owner',
          },
          {
            $ref: '#/components/parameters/system',
          },
          {
            $ref: '#/components/parameters/meshNamespace',
          },
          {
            $ref: '#/components/parameters/cluster',
          },
          {
            $ref: '#/components/parameters/level',
          },
          {
            $ref: '#/components/parameters/criterion',
          },
          {
            $ref: '#/components/parameters/status',
          },
          {
            $ref: '#/components/parameters/q',
          },
          {
            name: 'days',
            in: 'query',
            description: 'Days of history (default 30).',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 366,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Counts and history.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ComplianceSummary',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
    '/v1/analyze': {
      post: {
        operationId: 'Analyze',
        description:
          "Analyzes manifests together with a cluster's live mesh (the sent objects replace live ones of the same kind, namespace and name) and returns the analyzer's messages about the sent objects, and the callers that added AuthorizationPolicies would deny. Needs the istio-mesh.analyze permission. The live mesh is narrowed to the namespaces of the entities the caller may read in the catalog (and the root namespace's mesh-wide policies); references into other namespaces are listed in notChecked instead of being checked. Bounded by istioMesh.analyze: body size and object count (413), requests per caller (429) and a deadline (503).",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/AnalyzeRequest',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Messages about the sent objects.',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AnalyzeResponse',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '413': {
            description:
              'The body is larger than istioMesh.analyze.maxBodyBytes, or holds more objects than istioMesh.analyze.maxObjects (the message names the count).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '429': {
            description:
              'The caller made more requests than istioMesh.analyze.rateLimit allows on this replica.',
            headers: {
              'Retry-After': {
                description:
                  'Seconds until the caller may send another request.',
                schema: {
                  type: 'integer',
                },
              },
            },
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '503': {
            description:
              'The analysis did not finish within istioMesh.analyze.timeout (the message names the deadline).',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/v1/refresh': {
      post: {
        operationId: 'Refresh',
        description:
          'Starts the scheduled refresh now, on whichever replica takes it. Needs the istio-mesh.refresh permission.',
        responses: {
          '202': {
            description: 'The refresh was started.',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['status'],
                  properties: {
                    status: {
                      type: 'string',
                    },
                  },
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/ErrorResponse',
          },
          '403': {
            $ref: '#/components/responses/ErrorResponse',
          },
        },
      },
    },
  },
  components: {
    parameters: {
      kind: {
        name: 'kind',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
      namespace: {
        name: 'namespace',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
      name: {
        name: 'name',
        in: 'path',
        required: true,
        schema: {
          type: 'string',
        },
      },
      owner: {
        name: 'owner',
        in: 'query',
        description:
          'Owner entity ref, e.g. group:default/boutique-team or boutique-team.',
        schema: {
          type: 'string',
        },
      },
      system: {
        name: 'system',
        in: 'query',
        description: 'System entity ref, e.g. online-boutique.',
        schema: {
          type: 'string',
        },
      },
      meshNamespace: {
        name: 'namespace',
        in: 'query',
        description:
          "Kubernetes namespace one of the entity's workloads runs in.",
        schema: {
          type: 'string',
        },
      },
      cluster: {
        name: 'cluster',
        in: 'query',
        description: "Cluster one of the entity's workloads runs in.",
        schema: {
          type: 'string',
        },
      },
      level: {
        name: 'level',
        in: 'query',
        schema: {
          $ref: '#/components/schemas/MeshLevelName',
        },
      },
      criterion: {
        name: 'criterion',
        in: 'query',
        description: 'Only entities where this criterion has the given status.',
        schema: {
          $ref: '#/components/schemas/CriterionId',
        },
      },
      status: {
        name: 'status',
        in: 'query',
        description: 'With criterion, the status to match (default fail).',
        schema: {
          $ref: '#/components/schemas/CriterionStatus',
        },
      },
      q: {
        name: 'q',
        in: 'query',
        description:
          'Only entities whose name or title contains this text, ignoring case.',
        schema: {
          type: 'string',
          minLength: 1,
          maxLength: 200,
        },
      },
      orderBy: {
        name: 'orderBy',
        in: 'query',
        description:
          "Sort key (default entityRef): the entity ref, the owner ref, the level (none to gold), the refresh time, or a criterion id to sort by that criterion's status (fail, warn, unknown, pass). Ties are ordered by entity ref.",
        schema: {
          type: 'string',
          enum: [
            'entityRef',
            'owner',
            'level',
            'updatedAt',
            'gitops-managed',
            'sidecar-injected',
            'mtls-strict',
            'traffic-policy',
            'authz-enforced',
            'service-graph',
            'tracing',
            'metrics',
            'everything-in-git',
          ],
        },
      },
      order: {
        name: 'order',
        in: 'query',
        description: 'Sort direction (default asc).',
        schema: {
          type: 'string',
          enum: ['asc', 'desc'],
        },
      },
    },
    responses: {
      ErrorResponse: {
        description: "An error, in Backstage's error format.",
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
          },
          request: {
            type: 'object',
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
          },
          response: {
            type: 'object',
            properties: {
              statusCode: {
                type: 'integer',
              },
            },
          },
        },
      },
      CriterionId: {
        type: 'string',
        enum: [
          'gitops-managed',
          'sidecar-injected',
          'mtls-strict',
          'traffic-policy',
          'authz-enforced',
          'service-graph',
          'tracing',
          'metrics',
          'everything-in-git',
        ],
      },
      CriterionStatus: {
        type: 'string',
        enum: ['pass', 'fail', 'warn', 'unknown'],
      },
      MeshLevelName: {
        type: 'string',
        enum: ['none', 'bronze', 'silver', 'gold'],
      },
      Evidence: {
        type: 'object',
        required: ['kind', 'namespace', 'name', 'message'],
        properties: {
          kind: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
        },
      },
      Criterion: {
        type: 'object',
        required: ['id', 'status', 'summary', 'evidence'],
        properties: {
          id: {
            $ref: '#/components/schemas/CriterionId',
          },
          status: {
            $ref: '#/components/schemas/CriterionStatus',
          },
          summary: {
            type: 'string',
          },
          evidence: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Evidence',
            },
          },
          fixTemplate: {
            type: 'string',
          },
        },
      },
      SourceState: {
        type: 'object',
        required: ['id', 'type', 'status'],
        properties: {
          id: {
            type: 'string',
          },
          type: {
            type: 'string',
            enum: [
              'cluster-snapshot',
              'kubernetes',
              'gitops',
              'argocd',
              'prometheus',
              'jaeger',
              'grafana',
            ],
          },
          status: {
            type: 'string',
            enum: [
              'ok',
              'partial',
              'error',
              'timeout',
              'unauthorized',
              'not-configured',
              'stale',
            ],
          },
          message: {
            type: 'string',
            description:
              'Why the source is not ok. Names files, repository and API server URLs only for callers allowed istio-mesh.refresh; others get a plain reason for the status.',
          },
          ageSeconds: {
            type: 'number',
          },
        },
      },
      MtlsMode: {
        type: 'string',
        enum: ['STRICT', 'PERMISSIVE', 'DISABLE'],
      },
      Dataplane: {
        type: 'string',
        enum: ['sidecar', 'sidecar-not-ready', 'ambient', 'none'],
      },
      WorkloadReport: {
        type: 'object',
        required: [
          'namespace',
          'name',
          'kind',
          'serviceAccount',
          'dataplane',
          'pods',
          'mtls',
          'authorization',
          'virtualServices',
          'destinationRules',
          'clientTls',
          'criteria',
        ],
        properties: {
          cluster: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          serviceAccount: {
            type: 'string',
          },
          dataplane: {
            $ref: '#/components/schemas/Dataplane',
          },
          predictedDataplane: {
            type: 'string',
            enum: ['sidecar', 'ambient', 'none'],
            description:
              'For a workload without pods, the data plane its pod template would get.',
          },
          pods: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'phase', 'dataplane'],
              properties: {
                name: {
                  type: 'string',
                },
                phase: {
                  type: 'string',
                },
                dataplane: {
                  $ref: '#/components/schemas/Dataplane',
                },
                proxyVersion: {
                  type: 'string',
                  description:
                    "Istio proxy version from the sidecar's image tag.",
                },
              },
            },
          },
          mtls: {
            type: 'object',
            required: ['mode', 'ports', 'policies', 'uncaptured'],
            properties: {
              mode: {
                $ref: '#/components/schemas/MtlsMode',
              },
              ports: {
                type: 'object',
                description:
                  'PeerAuthentication mode per workload (container) port.',
                additionalProperties: {
                  $ref: '#/components/schemas/MtlsMode',
                },
              },
              policies: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              uncaptured: {
                type: 'object',
                description:
                  'Ports whose inbound traffic bypasses the proxy, with the annotation (or injector default) that causes it. They accept plaintext whatever `ports` says.',
                additionalProperties: {
                  type: 'string',
                },
              },
            },
          },
          authorization: {
            type: 'object',
            required: ['policies', 'enforcedBy'],
            properties: {
              policies: {
                type: 'array',
                items: {
                  type: 'string',
                },
              },
              enforcedBy: {
                type: 'string',
                enum: ['sidecar', 'ztunnel', 'waypoint', 'none'],
                description:
                  "Which proxy enforces the policies: the workload's sidecar, ztunnel (ambient, L4 only), a waypoint (with ztunnel at L4), or none.",
              },
              waypoint: {
                type: 'string',
                description:
                  'The waypoint, `namespace/name`, when one enforces.',
              },
            },
          },
          services: {
            type: 'array',
            description:
              "Services in the workload's namespace that select its pods.",
            items: {
              type: 'string',
            },
          },
          virtualServices: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          destinationRules: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          clientTls: {
            type: 'array',
            description:
              "What clients send to each port of the workload's Services, per client namespace (`*` for every namespace without a rule of its own).",
            items: {
              $ref: '#/components/schemas/WorkloadClientTls',
            },
          },
          criteria: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Criterion',
            },
          },
        },
      },
      WorkloadClientTls: {
        type: 'object',
        required: ['service', 'port', 'clientNamespace', 'mode', 'reason'],
        properties: {
          service: {
            type: 'string',
          },
          port: {
            type: 'integer',
          },
          targetPort: {
            type: 'integer',
          },
          clientNamespace: {
            type: 'string',
          },
          clientSelector: {
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
          },
          subset: {
            type: 'string',
          },
          mode: {
            type: 'string',
            enum: ['ISTIO_MUTUAL', 'MUTUAL', 'SIMPLE', 'DISABLE', 'AUTO'],
          },
          destinationRule: {
            type: 'string',
          },
          reason: {
            type: 'string',
          },
          path: {
            type: 'string',
          },
        },
      },
      EntityMeshState: {
        type: 'object',
        required: [
          'entityRef',
          'mapping',
          'workloads',
          'criteria',
          'level',
          'sources',
          'generatedAt',
        ],
        properties: {
          entityRef: {
            type: 'string',
          },
          mapping: {
            type: 'object',
            required: ['status', 'message'],
            properties: {
              status: {
                type: 'string',
                enum: [
                  'mapped',
                  'no-workloads',
                  'annotation-missing',
                  'annotation-invalid',
                  'annotation-refused',
                ],
              },
              labelSelector: {
                type: 'string',
              },
              namespace: {
                type: 'string',
              },
              cluster: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
          },
          workloads: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/WorkloadReport',
            },
          },
          criteria: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/Criterion',
            },
          },
          level: {
            type: 'object',
            required: ['level'],
            properties: {
              level: {
                $ref: '#/components/schemas/MeshLevelName',
              },
              next: {
                type: 'object',
                required: ['level', 'missing'],
                properties: {
                  level: {
                    type: 'string',
                    enum: ['bronze', 'silver', 'gold'],
                  },
                  missing: {
                    type: 'array',
                    items: {
                      $ref: '#/components/schemas/CriterionId',
                    },
                  },
                },
              },
            },
          },
          controlPlanes: {
            type: 'array',
            description: 'Control plane of each cluster the entity may run in.',
            items: {
              $ref: '#/components/schemas/EntityControlPlane',
            },
          },
          sources: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SourceState',
            },
          },
          generatedAt: {
            type: 'string',
            format: 'date-time',
          },
          callers: {
            $ref: '#/components/schemas/EntityCallers',
          },
          calls: {
            $ref: '#/components/schemas/EntityCalls',
          },
          routes: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EntityRoute',
            },
          },
          destinationPolicies: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DestinationPolicy',
            },
          },
          findings: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/EntityFinding',
            },
          },
          runtime: {
            $ref: '#/components/schemas/EntityRuntime',
          },
          links: {
            type: 'array',
            description:
              'Deep links into Kiali, Grafana and Jaeger for the entity, from istioMesh.links; absent when none is configured.',
            items: {
              $ref: '#/components/schemas/EntityLink',
            },
          },
          traceServices: {
            type: 'array',
            description:
              "The entity's service names in Jaeger: its jaegertracing.io/service annotation, else <app>.<namespace> of each workload.",
            items: {
              type: 'string',
            },
          },
        },
      },
      EntityControlPlane: {
        type: 'object',
        description:
          "The control plane of one cluster the entity's workloads run in: istiod revisions, Sail Operator Istio resources, the mesh configuration, and the Telemetry of the entity's namespaces.",
        required: ['cluster', 'revisions', 'sail', 'namespaces'],
        properties: {
          cluster: {
            type: 'string',
          },
          revisions: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/IstiodRevision',
            },
          },
          sail: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SailIstio',
            },
          },
          meshConfig: {
            $ref: '#/components/schemas/MeshConfigSummary',
          },
          namespaces: {
            type: 'array',
            items: {
              type: 'object',
              required: ['name', 'telemetry'],
              properties: {
                name: {
                  type: 'string',
                },
                telemetry: {
                  $ref: '#/components/schemas/NamespaceTelemetry',
                },
              },
            },
          },
        },
      },
      IstiodRevision: {
        type: 'object',
        required: [
          'revision',
          'namespace',
          'name',
          'replicas',
          'tags',
          'namespaces',
        ],
        properties: {
          revision: {
            type: 'string',
            description:
              'Label istio.io/rev of the Deployment; default when absent.',
          },
          version: {
            type: 'string',
            description:
              "Istio version from the discovery container's image tag; absent for an image pinned by digest only.",
          },
          image: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          replicas: {
            type: 'object',
            required: ['ready', 'desired'],
            properties: {
              ready: {
                type: 'integer',
              },
              desired: {
                type: 'integer',
              },
            },
          },
          tags: {
            type: 'array',
            description: 'Revision tags that point at this revision.',
            items: {
              type: 'string',
            },
          },
          namespaces: {
            type: 'array',
            description: 'Namespaces whose pods this revision injects.',
            items: {
              type: 'string',
            },
          },
        },
      },
      SailIstio: {
        type: 'object',
        description:
          'A Sail Operator Istio resource and what the operator reports.',
        required: ['name', 'conditions', 'healthy'],
        properties: {
          name: {
            type: 'string',
          },
          version: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          updateStrategy: {
            type: 'string',
          },
          state: {
            type: 'string',
          },
          activeRevisionName: {
            type: 'string',
          },
          revisions: {
            type: 'object',
            required: ['total', 'ready', 'inUse'],
            properties: {
              total: {
                type: 'integer',
              },
              ready: {
                type: 'integer',
              },
              inUse: {
                type: 'integer',
              },
            },
          },
          conditions: {
            type: 'array',
            items: {
              type: 'object',
              required: ['type', 'status'],
              properties: {
                type: {
                  type: 'string',
                },
                status: {
                  type: 'string',
                },
                reason: {
                  type: 'string',
                },
                message: {
                  type: 'string',
                },
              },
            },
          },
          healthy: {
            type: 'boolean',
          },
          message: {
            type: 'string',
          },
        },
      },
      MeshConfigSummary: {
        type: 'object',
        description:
          'The mesh configuration of the default revision, where each value came from, and every disagreement.',
        required: [
          'rootNamespace',
          'trustDomain',
          'trustDomainAliases',
          'enableAutoMtls',
          'extensionProviders',
          'source',
          'explicit',
          'revisions',
          'conflicts',
          'problems',
        ],
        properties: {
          rootNamespace: {
            type: 'string',
          },
          trustDomain: {
            type: 'string',
          },
          trustDomainAliases: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          enableAutoMtls: {
            type: 'boolean',
          },
          extensionProviders: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          source: {
            type: 'string',
          },
          explicit: {
            type: 'object',
            description:
              'Values set explicitly, by field, with the setting that set them.',
            additionalProperties: {
              type: 'string',
            },
          },
          revisions: {
            type: 'object',
            description:
              'Revisions with a MeshConfig document of their own, with its source.',
            additionalProperties: {
              type: 'string',
            },
          },
          conflicts: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          problems: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      NamespaceTelemetry: {
        type: 'object',
        description:
          "The Telemetry that configure a namespace's workloads: mesh-wide, namespace-wide, and those of some workloads only.",
        required: ['workloads'],
        properties: {
          mesh: {
            $ref: '#/components/schemas/TelemetryConfig',
          },
          namespace: {
            $ref: '#/components/schemas/TelemetryConfig',
          },
          workloads: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TelemetryConfig',
            },
          },
        },
      },
      TelemetryWorkloadMode: {
        type: 'string',
        enum: ['CLIENT', 'SERVER', 'CLIENT_AND_SERVER'],
      },
      TelemetryConfig: {
        type: 'object',
        description: 'What one Telemetry resource configures.',
        required: [
          'namespace',
          'name',
          'scope',
          'tracing',
          'metrics',
          'accessLogging',
        ],
        properties: {
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          scope: {
            type: 'string',
            enum: ['mesh', 'namespace', 'selector', 'targetRefs'],
          },
          selector: {
            type: 'object',
            additionalProperties: {
              type: 'string',
            },
          },
          targetRefs: {
            type: 'array',
            items: {
              type: 'object',
              required: ['kind', 'name'],
              properties: {
                group: {
                  type: 'string',
                },
                kind: {
                  type: 'string',
                },
                name: {
                  type: 'string',
                },
                namespace: {
                  type: 'string',
                },
              },
            },
          },
          tracing: {
            type: 'array',
            items: {
              type: 'object',
              required: ['providers', 'mode'],
              properties: {
                providers: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
                randomSamplingPercentage: {
                  type: 'number',
                },
                disableSpanReporting: {
                  type: 'boolean',
                },
                mode: {
                  $ref: '#/components/schemas/TelemetryWorkloadMode',
                },
              },
            },
          },
          metrics: {
            type: 'array',
            items: {
              type: 'object',
              required: ['providers', 'disabled'],
              properties: {
                providers: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
                disabled: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['metric', 'mode'],
                    properties: {
                      metric: {
                        type: 'string',
                      },
                      mode: {
                        $ref: '#/components/schemas/TelemetryWorkloadMode',
                      },
                    },
                  },
                },
              },
            },
          },
          accessLogging: {
            type: 'array',
            items: {
              type: 'object',
              required: ['providers', 'mode'],
              properties: {
                providers: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
                disabled: {
                  type: 'boolean',
                },
                mode: {
                  $ref: '#/components/schemas/TelemetryWorkloadMode',
                },
                filter: {
                  type: 'string',
                },
              },
            },
          },
          shadowedBy: {
            type: 'string',
            description:
              'namespace/name of the Telemetry Istio uses instead (only the oldest mesh-wide one, and the oldest of each namespace, apply).',
          },
        },
      },
      MeshCaller: {
        type: 'object',
        description:
          'A mesh identity (namespace and service account) and the in-mesh workloads running as it; two workloads with one service account are one caller.',
        required: ['namespace', 'serviceAccount', 'workloads', 'policy'],
        properties: {
          namespace: {
            type: 'string',
          },
          serviceAccount: {
            type: 'string',
          },
          workloads: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          ports: {
            type: 'array',
            description: 'Ports the allowing rules name; absent for any port.',
            items: {
              type: 'string',
            },
          },
          methods: {
            type: 'array',
            description:
              'HTTP methods the allowing rules name; absent for any.',
            items: {
              type: 'string',
            },
          },
          paths: {
            type: 'array',
            description: 'Paths the allowing rules name; absent for any.',
            items: {
              type: 'string',
            },
          },
          policy: {
            type: 'string',
            description:
              'The AuthorizationPolicy that decided, namespace/name.',
          },
        },
      },
      EntityCallers: {
        type: 'object',
        description: "Who may call the entity's workloads.",
        required: ['defaultDecision', 'allowed', 'denied', 'enforcedBy'],
        properties: {
          defaultDecision: {
            type: 'string',
            enum: ['ALLOW', 'DENY'],
            description: 'What happens to a caller no policy names.',
          },
          defaultPolicy: {
            type: 'string',
            description: 'The policy that allows such a caller, when one does.',
          },
          allowed: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MeshCaller',
            },
          },
          denied: {
            type: 'array',
            description: 'Callers an explicit DENY or CUSTOM policy denies.',
            items: {
              $ref: '#/components/schemas/MeshCaller',
            },
          },
          enforcedBy: {
            type: 'string',
            enum: ['sidecar', 'ztunnel', 'waypoint', 'none'],
          },
        },
      },
      MeshCallee: {
        type: 'object',
        required: ['namespace', 'workload', 'services'],
        properties: {
          namespace: {
            type: 'string',
          },
          workload: {
            type: 'string',
          },
          services: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          policy: {
            type: 'string',
            description: "The policy that decided; absent for Istio's default.",
          },
        },
      },
      EntityCalls: {
        type: 'object',
        description:
          "What the entity may call. scope `namespace`: only the workloads of the entity's own namespaces are checked.",
        required: ['scope', 'namespaces', 'allowed', 'denied'],
        properties: {
          scope: {
            type: 'string',
            enum: ['namespace'],
          },
          namespaces: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          allowed: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MeshCallee',
            },
          },
          denied: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/MeshCallee',
            },
          },
        },
      },
      EntityRoute: {
        type: 'object',
        description: 'One HTTP route of a VirtualService governing the entity.',
        required: ['virtualService', 'gateways', 'match', 'destinations'],
        properties: {
          virtualService: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          gateways: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          match: {
            type: 'array',
            description: 'Each match in words; empty for every request.',
            items: {
              type: 'string',
            },
          },
          destinations: {
            type: 'array',
            items: {
              type: 'object',
              required: ['host', 'weight', 'podsRunning'],
              properties: {
                host: {
                  type: 'string',
                },
                subset: {
                  type: 'string',
                },
                port: {
                  type: 'integer',
                },
                weight: {
                  type: 'number',
                },
                podsRunning: {
                  type: 'integer',
                },
                subsetDefined: {
                  type: 'boolean',
                },
              },
            },
          },
          retries: {
            type: 'object',
            required: ['attempts'],
            properties: {
              attempts: {
                type: 'integer',
              },
              perTryTimeout: {
                type: 'string',
              },
              retryOn: {
                type: 'string',
              },
            },
          },
          timeout: {
            type: 'string',
          },
          fault: {
            type: 'object',
            properties: {
              delay: {
                type: 'string',
              },
              abort: {
                type: 'string',
              },
            },
          },
        },
      },
      DestinationPolicy: {
        type: 'object',
        description: "A host's merged DestinationRule traffic policy.",
        required: ['destinationRules', 'host', 'subsets'],
        properties: {
          destinationRules: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          host: {
            type: 'string',
          },
          loadBalancer: {
            type: 'string',
          },
          connectionPool: {
            type: 'object',
            properties: {
              maxConnections: {
                type: 'integer',
              },
              connectTimeout: {
                type: 'string',
              },
              http1MaxPendingRequests: {
                type: 'integer',
              },
              http2MaxRequests: {
                type: 'integer',
              },
              maxRequestsPerConnection: {
                type: 'integer',
              },
              maxRetries: {
                type: 'integer',
              },
            },
          },
          outlierDetection: {
            type: 'object',
            properties: {
              consecutive5xxErrors: {
                type: 'integer',
              },
              consecutiveGatewayErrors: {
                type: 'integer',
              },
              interval: {
                type: 'string',
              },
              baseEjectionTime: {
                type: 'string',
              },
              maxEjectionPercent: {
                type: 'number',
              },
            },
          },
          subsets: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
        },
      },
      EntityFinding: {
        type: 'object',
        required: ['code', 'level', 'message', 'resource', 'documentationUrl'],
        properties: {
          code: {
            type: 'string',
          },
          level: {
            type: 'string',
            enum: ['Error', 'Warning', 'Info'],
          },
          message: {
            type: 'string',
          },
          resource: {
            type: 'string',
          },
          path: {
            type: 'string',
          },
          documentationUrl: {
            type: 'string',
          },
        },
      },
      CriterionStatuses: {
        type: 'object',
        description: 'Status per criterion id.',
        additionalProperties: {
          $ref: '#/components/schemas/CriterionStatus',
        },
      },
      ComplianceRow: {
        type: 'object',
        required: ['entityRef', 'level', 'criteria', 'updatedAt'],
        properties: {
          entityRef: {
            type: 'string',
          },
          title: {
            type: 'string',
            description: "The entity's metadata.title, where it has one.",
          },
          owner: {
            type: 'string',
            description: "The entity's owner as a full entity ref.",
          },
          system: {
            type: 'string',
            description: "The entity's system as a full entity ref.",
          },
          level: {
            $ref: '#/components/schemas/MeshLevelName',
          },
          criteria: {
            $ref: '#/components/schemas/CriterionStatuses',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      CompliancePage: {
        type: 'object',
        required: ['items', 'totalItems', 'offset', 'limit'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/ComplianceRow',
            },
          },
          totalItems: {
            type: 'integer',
          },
          offset: {
            type: 'integer',
          },
          limit: {
            type: 'integer',
          },
          staleAfterSeconds: {
            type: 'number',
            description:
              'A row whose updatedAt is older than this missed two scheduled refreshes: its data is stale. Absent when the refresh only runs when triggered.',
          },
        },
      },
      StatusCounts: {
        type: 'object',
        required: ['pass', 'fail', 'warn', 'unknown'],
        properties: {
          pass: {
            type: 'integer',
          },
          fail: {
            type: 'integer',
          },
          warn: {
            type: 'integer',
          },
          unknown: {
            type: 'integer',
          },
        },
      },
      ComplianceCounts: {
        type: 'object',
        required: ['entities', 'levels', 'criteria'],
        properties: {
          entities: {
            type: 'integer',
          },
          levels: {
            type: 'object',
            required: ['none', 'bronze', 'silver', 'gold'],
            properties: {
              none: {
                type: 'integer',
              },
              bronze: {
                type: 'integer',
              },
              silver: {
                type: 'integer',
              },
              gold: {
                type: 'integer',
              },
            },
          },
          criteria: {
            type: 'object',
            additionalProperties: {
              $ref: '#/components/schemas/StatusCounts',
            },
          },
        },
      },
      ComplianceSummary: {
        allOf: [
          {
            $ref: '#/components/schemas/ComplianceCounts',
          },
          {
            type: 'object',
            required: ['history'],
            properties: {
              history: {
                type: 'array',
                items: {
                  allOf: [
                    {
                      $ref: '#/components/schemas/ComplianceCounts',
                    },
                    {
                      type: 'object',
                      required: ['day'],
                      properties: {
                        day: {
                          type: 'string',
                          format: 'date',
                        },
                      },
                    },
                  ],
                },
              },
            },
          },
        ],
      },
      AnalyzeRequest: {
        type: 'object',
        required: ['files'],
        additionalProperties: false,
        properties: {
          files: {
            type: 'array',
            minItems: 1,
            maxItems: 500,
            items: {
              type: 'object',
              required: ['path', 'content'],
              additionalProperties: false,
              properties: {
                path: {
                  type: 'string',
                  minLength: 1,
                },
                content: {
                  type: 'string',
                },
              },
            },
          },
          cluster: {
            type: 'string',
          },
        },
      },
      AnalyzerMessage: {
        type: 'object',
        required: [
          'code',
          'level',
          'kind',
          'namespace',
          'name',
          'message',
          'path',
          'analyzer',
          'documentationUrl',
        ],
        properties: {
          code: {
            type: 'string',
          },
          level: {
            type: 'string',
            enum: ['Error', 'Warning', 'Info'],
          },
          kind: {
            type: 'string',
          },
          namespace: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          message: {
            type: 'string',
          },
          path: {
            type: 'string',
          },
          analyzer: {
            type: 'string',
          },
          documentationUrl: {
            type: 'string',
          },
          location: {
            type: 'object',
            required: ['file'],
            properties: {
              file: {
                type: 'string',
              },
              line: {
                type: 'integer',
              },
            },
          },
        },
      },
      AnalyzeResponse: {
        type: 'object',
        required: ['messages', 'problems', 'authorizationImpact', 'sources'],
        properties: {
          cluster: {
            type: 'string',
          },
          messages: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AnalyzerMessage',
            },
          },
          problems: {
            type: 'array',
            items: {
              type: 'object',
              required: ['file', 'message'],
              properties: {
                file: {
                  type: 'string',
                },
                line: {
                  type: 'integer',
                },
                kind: {
                  type: 'string',
                },
                namespace: {
                  type: 'string',
                },
                name: {
                  type: 'string',
                },
                field: {
                  type: 'string',
                },
                message: {
                  type: 'string',
                },
              },
            },
          },
          authorizationImpact: {
            type: 'array',
            items: {
              type: 'object',
              required: ['policy', 'targets', 'deniedCallers'],
              properties: {
                policy: {
                  type: 'string',
                },
                targets: {
                  type: 'array',
                  items: {
                    type: 'string',
                  },
                },
                deniedCallers: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['namespace', 'serviceAccount', 'workloads'],
                    properties: {
                      namespace: {
                        type: 'string',
                      },
                      serviceAccount: {
                        type: 'string',
                      },
                      workloads: {
                        type: 'array',
                        items: {
                          type: 'string',
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          sources: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/SourceState',
            },
          },
          notChecked: {
            type: 'array',
            description:
              'References of sent objects into namespaces the caller may not read: not checked, whatever the live mesh holds there.',
            items: {
              type: 'object',
              required: ['kind', 'namespace', 'name', 'path', 'reason'],
              properties: {
                kind: {
                  type: 'string',
                },
                namespace: {
                  type: 'string',
                },
                name: {
                  type: 'string',
                },
                path: {
                  type: 'string',
                },
                reason: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      EntityRuntime: {
        type: 'object',
        description:
          "The entity's observed traffic over the window, from the first Prometheus covering its clusters. Absent when none served data.",
        required: [
          'window',
          'source',
          'evaluatedAt',
          'mtlsShare',
          'edges',
          'observedSplit',
          'splitTolerance',
        ],
        properties: {
          window: {
            type: 'string',
            description: 'The rate window, e.g. 5m.',
          },
          source: {
            type: 'string',
            description: 'Source id, e.g. prometheus:homelab.',
          },
          evaluatedAt: {
            type: 'string',
            format: 'date-time',
          },
          mtlsShare: {
            type: 'object',
            required: ['inbound'],
            properties: {
              inbound: {
                type: 'number',
                nullable: true,
                description:
                  'Share (0 to 1) of inbound requests and connections over mTLS; null without inbound traffic.',
              },
            },
          },
          edges: {
            type: 'array',
            items: {
              type: 'object',
              required: [
                'direction',
                'workload',
                'protocol',
                'peer',
                'requestsPerSecond',
                'successRate',
                'mtls',
              ],
              properties: {
                direction: {
                  type: 'string',
                  enum: ['inbound', 'outbound'],
                },
                workload: {
                  type: 'string',
                  description: "The entity's workload at this end of the edge.",
                },
                protocol: {
                  type: 'string',
                  enum: ['http', 'tcp'],
                },
                peer: {
                  type: 'object',
                  required: ['cluster', 'namespace', 'workload'],
                  properties: {
                    cluster: {
                      type: 'string',
                    },
                    namespace: {
                      type: 'string',
                    },
                    workload: {
                      type: 'string',
                    },
                  },
                },
                requestsPerSecond: {
                  type: 'number',
                  description: 'Requests, or TCP connections, per second.',
                },
                successRate: {
                  type: 'number',
                  nullable: true,
                  description: 'Share of requests without a 5xx; null for TCP.',
                },
                mtls: {
                  type: 'string',
                  enum: ['all', 'partial', 'none'],
                },
              },
            },
          },
          observedSplit: {
            type: 'array',
            items: {
              type: 'object',
              required: [
                'host',
                'subset',
                'version',
                'virtualService',
                'configuredWeight',
                'observedShare',
              ],
              properties: {
                host: {
                  type: 'string',
                },
                subset: {
                  type: 'string',
                },
                version: {
                  type: 'string',
                },
                virtualService: {
                  type: 'string',
                },
                configuredWeight: {
                  type: 'number',
                  description: 'Percent, 0 to 100.',
                },
                observedShare: {
                  type: 'number',
                  description: 'Percent, 0 to 100.',
                },
              },
            },
          },
          outlierEjections: {
            type: 'number',
            description:
              "Envoy outlier ejections towards the entity's Services over the window; absent when the counters are not exported (Istio's default).",
          },
          splitTolerance: {
            type: 'number',
          },
        },
      },
      EntityLink: {
        type: 'object',
        required: ['kind', 'title', 'url'],
        properties: {
          kind: {
            type: 'string',
            enum: ['kiali', 'grafana', 'jaeger'],
          },
          title: {
            type: 'string',
          },
          url: {
            type: 'string',
          },
        },
      },
      TraceSummary: {
        type: 'object',
        required: [
          'traceId',
          'rootService',
          'rootOperation',
          'startTime',
          'durationMs',
          'spanCount',
          'services',
          'errorCount',
        ],
        properties: {
          traceId: {
            type: 'string',
          },
          rootService: {
            type: 'string',
          },
          rootOperation: {
            type: 'string',
          },
          startTime: {
            type: 'string',
            format: 'date-time',
          },
          durationMs: {
            type: 'number',
          },
          spanCount: {
            type: 'integer',
          },
          services: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          errorCount: {
            type: 'integer',
          },
        },
      },
      EntityTraces: {
        type: 'object',
        required: ['items', 'source', 'lookback'],
        properties: {
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TraceSummary',
            },
          },
          source: {
            $ref: '#/components/schemas/SourceState',
          },
          jaegerUrl: {
            type: 'string',
            description:
              "Browser-facing Jaeger UI base URL; a trace's page is {jaegerUrl}/trace/{traceId}.",
          },
          lookback: {
            type: 'string',
            description: 'The lookback searched, e.g. 1h.',
          },
        },
      },
    },
  },
} as const;
