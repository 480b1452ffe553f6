/*
 * Generates the clusters and catalog of the scale benchmark: for a profile
 * (clusters × namespaces × services), every cluster's objects as its API
 * server would list them, and one catalog Component per service. The same
 * profile gives the same objects and entities, byte for byte.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { Entity } from '@backstage/catalog-model';
import { KubernetesObject } from '@istio-mesh/plugin-istio-mesh-common';

/** The size of a generated mesh. */
export interface ScaleProfile {
  name: string;
  clusters: number;
  namespacesPerCluster: number;
  servicesPerNamespace: number;
}

/** The profiles of issue 17; small ones are made up by tests. */
export const SCALE_PROFILES: Record<'S' | 'M' | 'L', ScaleProfile> = {
  S: {
    name: 'S',
    clusters: 3,
    namespacesPerCluster: 50,
    servicesPerNamespace: 4,
  },
  M: {
    name: 'M',
    clusters: 10,
    namespacesPerCluster: 200,
    servicesPerNamespace: 5,
  },
  L: {
    name: 'L',
    clusters: 20,
    namespacesPerCluster: 400,
    servicesPerNamespace: 5,
  },
};

/** One generated cluster: its name and every object its API server serves. */
export interface GeneratedCluster {
  name: string;
  objects: KubernetesObject[];
}

/** What {@link generateMesh} returns. */
export interface GeneratedMesh {
  clusters: GeneratedCluster[];
  /** One Component per service, mapped by `backstage.io/kubernetes-id`. */
  entities: Entity[];
}

const ISTIO_REVISION = 'default-v1-26-4';
const PROXY_IMAGE = 'docker.io/istio/proxyv2:1.26.4';
const SIDECAR_STATUS = JSON.stringify({
  initContainers: ['istio-init'],
  containers: ['istio-proxy'],
  volumes: ['workload-socket', 'istio-envoy', 'istio-data', 'istio-token'],
  imagePullSecrets: null,
  revision: ISTIO_REVISION,
});
const CREATED = '2026-11-01T08:00:00Z';
// Every fifth service runs a canary: two versions, weighted 90/10.
const CANARY_EVERY = 5;
const PODS_PER_SERVICE = 2;

/** A stable uid from an object's identity. */
function uidOf(...parts: string[]): string {
  const hex = createHash('sha1').update(parts.join('/')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(
    12,
    16,
  )}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A stable 10-character hash, as ReplicaSets and pods carry. */
function shortHash(...parts: string[]): string {
  return createHash('sha1')
    .update(parts.join('/'))
    .digest('hex')
    .slice(0, 10)
    .replace(/[0-9]/g, d => 'bcdfghjklm'[Number(d)]);
}

function metadata(
  cluster: string,
  kind: string,
  namespace: string | undefined,
  name: string,
  extra: Record<string, unknown> = {},
) {
  return {
    name,
    ...(namespace ? { namespace } : {}),
    uid: uidOf(cluster, kind, namespace ?? '', name),
    resourceVersion: '1000',
    creationTimestamp: CREATED,
    ...extra,
  };
}

/** The Argo CD application of a namespace: `<cluster>-<namespace>`. */
function applicationName(cluster: string, namespace: string) {
  return `${cluster}-${namespace}`;
}

function trackingId(
  application: string,
  group: string,
  kind: string,
  namespace: string,
  name: string,
) {
  return `${application}:${group}/${kind}:${namespace}/${name}`;
}

function namespaceObjects(
  cluster: string,
  namespace: string,
  services: number,
): KubernetesObject[] {
  const application = applicationName(cluster, namespace);
  const tracked = (group: string, kind: string, name: string) => ({
    annotations: {
      'argocd.argoproj.io/tracking-id': trackingId(
        application,
        group,
        kind,
        namespace,
        name,
      ),
    },
  });
  const objects: KubernetesObject[] = [
    {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: metadata(cluster, 'Namespace', undefined, namespace, {
        labels: {
          'istio.io/rev': ISTIO_REVISION,
          'kubernetes.io/metadata.name': namespace,
        },
      }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    },
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: metadata(
        cluster,
        'PeerAuthentication',
        namespace,
        'default',
        tracked('security.istio.io', 'PeerAuthentication', 'default'),
      ),
      spec: { mtls: { mode: 'STRICT' } },
    },
  ];
  const resources: Array<Record<string, unknown>> = [
    {
      group: 'security.istio.io',
      version: 'v1',
      kind: 'PeerAuthentication',
      namespace,
      name: 'default',
      status: 'Synced',
    },
  ];

  for (let s = 0; s < services; s++) {
    const app = `svc-${s}`;
    const id = `${cluster}-${namespace}-${app}`;
    const host = `${app}.${namespace}.svc.cluster.local`;
    const canary = s % CANARY_EVERY === CANARY_EVERY - 1;
    const versions = canary ? ['v1', 'v2'] : ['v1'];
    const common = { app, 'backstage.io/kubernetes-id': id };

    objects.push(
      {
        apiVersion: 'v1',
        kind: 'ServiceAccount',
        metadata: metadata(cluster, 'ServiceAccount', namespace, app, {
          labels: common,
        }),
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: metadata(cluster, 'Service', namespace, app, {
          labels: common,
        }),
        spec: {
          type: 'ClusterIP',
          selector: { app },
          ports: [
            { name: 'http', port: 8080, protocol: 'TCP', targetPort: 8080 },
          ],
        },
      },
    );

    versions.forEach((version, v) => {
      const deployment = canary ? `${app}-${version}` : app;
      const hash = shortHash(cluster, namespace, deployment);
      const replicaSet = `${deployment}-${hash}`;
      const podLabels = {
        ...common,
        version,
        'pod-template-hash': hash,
        'security.istio.io/tlsMode': 'istio',
        'service.istio.io/canonical-name': app,
        'service.istio.io/canonical-revision': version,
      };
      const template = {
        metadata: { labels: { ...common, version } },
        spec: {
          serviceAccountName: app,
          containers: [
            {
              name: 'server',
              image: `registry.example.com/${namespace}/${app}:1.${v}.0`,
              ports: [{ containerPort: 8080, protocol: 'TCP' }],
            },
          ],
        },
      };
      const replicas = canary ? 1 : PODS_PER_SERVICE;
      const deploymentMeta = metadata(
        cluster,
        'Deployment',
        namespace,
        deployment,
        { labels: common, ...tracked('apps', 'Deployment', deployment) },
      );
      const replicaSetMeta = metadata(
        cluster,
        'ReplicaSet',
        namespace,
        replicaSet,
        {
          labels: { ...common, version, 'pod-template-hash': hash },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              name: deployment,
              uid: deploymentMeta.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
      );
      objects.push(
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: deploymentMeta,
          spec: {
            replicas,
            selector: { matchLabels: { app, version } },
            template,
          },
          status: {
            replicas,
            readyReplicas: replicas,
            availableReplicas: replicas,
          },
        },
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          metadata: replicaSetMeta,
          spec: {
            replicas,
            selector: {
              matchLabels: { app, version, 'pod-template-hash': hash },
            },
            template,
          },
          status: { replicas, readyReplicas: replicas },
        },
      );
      resources.push({
        group: 'apps',
        version: 'v1',
        kind: 'Deployment',
        namespace,
        name: deployment,
        status: 'Synced',
        health: { status: 'Healthy' },
      });
      for (let p = 0; p < replicas; p++) {
        const pod = `${replicaSet}-${shortHash(replicaSet, String(p)).slice(
          0,
          5,
        )}`;
        objects.push({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: metadata(cluster, 'Pod', namespace, pod, {
            labels: podLabels,
            annotations: {
              'istio.io/rev': ISTIO_REVISION,
              'kubectl.kubernetes.io/default-container': 'server',
              'prometheus.io/path': '/stats/prometheus',
              'prometheus.io/port': '15020',
              'prometheus.io/scrape': 'true',
              'sidecar.istio.io/status': SIDECAR_STATUS,
            },
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: replicaSet,
                uid: replicaSetMeta.uid,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          }),
          spec: {
            serviceAccountName: app,
            initContainers: [{ name: 'istio-init', image: PROXY_IMAGE }],
            containers: [
              ...template.spec.containers,
              {
                name: 'istio-proxy',
                image: PROXY_IMAGE,
                ports: [
                  {
                    containerPort: 15090,
                    name: 'http-envoy-prom',
                    protocol: 'TCP',
                  },
                ],
              },
            ],
          },
          status: {
            phase: 'Running',
            podIP: `10.${s % 250}.${p}.${v + 1}`,
            containerStatuses: ['server', 'istio-proxy'].map(name => ({
              name,
              ready: true,
              restartCount: 0,
              started: true,
              state: { running: { startedAt: CREATED } },
            })),
          },
        });
      }
    });

    // Callers: every service but the first is called by the first.
    const caller = `cluster.local/ns/${namespace}/sa/svc-0`;
    const istio: KubernetesObject[] = [
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: metadata(cluster, 'AuthorizationPolicy', namespace, app, {
          labels: common,
          ...tracked('security.istio.io', 'AuthorizationPolicy', app),
        }),
        spec: {
          action: 'ALLOW',
          selector: { matchLabels: { app } },
          rules:
            s === 0
              ? [{ from: [{ source: { namespaces: ['istio-ingress'] } }] }]
              : [{ from: [{ source: { principals: [caller] } }] }],
        },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: metadata(cluster, 'DestinationRule', namespace, app, {
          labels: common,
          ...tracked('networking.istio.io', 'DestinationRule', app),
        }),
        spec: {
          host,
          trafficPolicy: {
            connectionPool: { tcp: { maxConnections: 100 } },
            outlierDetection: {
              consecutive5xxErrors: 5,
              interval: '30s',
              baseEjectionTime: '30s',
              maxEjectionPercent: 50,
            },
          },
          ...(canary
            ? {
                subsets: versions.map(version => ({
                  name: version,
                  labels: { version },
                })),
              }
            : {}),
        },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: metadata(cluster, 'VirtualService', namespace, app, {
          labels: common,
          ...tracked('networking.istio.io', 'VirtualService', app),
        }),
        spec: {
          hosts: [host],
          http: [
            {
              timeout: '10s',
              retries: {
                attempts: 3,
                perTryTimeout: '2s',
                retryOn: '5xx,connect-failure',
              },
              route: canary
                ? [
                    {
                      destination: { host, subset: 'v1' },
                      weight: 90,
                    },
                    {
                      destination: { host, subset: 'v2' },
                      weight: 10,
                    },
                  ]
                : [{ destination: { host, port: { number: 8080 } } }],
            },
          ],
        },
      },
    ];
    objects.push(...istio);
    for (const object of istio) {
      resources.push({
        group: object.apiVersion.split('/')[0],
        version: 'v1',
        kind: object.kind,
        namespace,
        name: object.metadata.name,
        status: 'Synced',
      });
    }
  }

  objects.push({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: metadata(cluster, 'Application', 'argocd', application),
    spec: {
      project: 'default',
      destination: {
        namespace,
        server: 'https://kubernetes.default.svc',
      },
      source: {
        repoURL: 'https://git.example.com/platform/gitops.git',
        path: `clusters/${cluster}/${namespace}`,
        targetRevision: 'main',
      },
    },
    status: {
      health: { status: 'Healthy' },
      sync: { status: 'Synced', revision: shortHash(application).repeat(4) },
      resources,
    },
  });
  return objects;
}

function controlPlane(cluster: string): KubernetesObject[] {
  const application = applicationName(cluster, 'istio-system');
  return [
    ...['istio-system', 'argocd'].map(name => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: metadata(cluster, 'Namespace', undefined, name, {
        labels: { 'kubernetes.io/metadata.name': name },
      }),
      status: { phase: 'Active' },
    })),
    {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: metadata(
        cluster,
        'PeerAuthentication',
        'istio-system',
        'default',
        {
          annotations: {
            'argocd.argoproj.io/tracking-id': trackingId(
              application,
              'security.istio.io',
              'PeerAuthentication',
              'istio-system',
              'default',
            ),
          },
        },
      ),
      spec: { mtls: { mode: 'STRICT' } },
    },
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: metadata(cluster, 'Application', 'argocd', application),
      spec: {
        project: 'default',
        destination: {
          namespace: 'istio-system',
          server: 'https://kubernetes.default.svc',
        },
        source: {
          repoURL: 'https://git.example.com/platform/gitops.git',
          path: `clusters/${cluster}/istio-system`,
          targetRevision: 'main',
        },
      },
      status: {
        health: { status: 'Healthy' },
        sync: { status: 'Synced', revision: shortHash(application).repeat(4) },
        resources: [
          {
            group: 'security.istio.io',
            version: 'v1',
            kind: 'PeerAuthentication',
            namespace: 'istio-system',
            name: 'default',
            status: 'Synced',
          },
        ],
      },
    },
  ];
}

/** The entity of one service; its name is the service's kubernetes-id. */
function serviceEntity(
  cluster: string,
  namespace: string,
  app: string,
): Entity {
  const id = `${cluster}-${namespace}-${app}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: id,
      annotations: {
        'backstage.io/kubernetes-id': id,
        'backstage.io/kubernetes-namespace': namespace,
        'backstage.io/kubernetes-cluster': cluster,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: namespace },
  };
}

/** Every cluster's objects and the catalog entities of a profile. */
export function generateMesh(profile: ScaleProfile): GeneratedMesh {
  const clusters: GeneratedCluster[] = [];
  const entities: Entity[] = [];
  for (let c = 0; c < profile.clusters; c++) {
    const cluster = `cluster-${c}`;
    const objects = controlPlane(cluster);
    for (let n = 0; n < profile.namespacesPerCluster; n++) {
      const namespace = `team-${n}`;
      objects.push(
        ...namespaceObjects(cluster, namespace, profile.servicesPerNamespace),
      );
      for (let s = 0; s < profile.servicesPerNamespace; s++) {
        entities.push(serviceEntity(cluster, namespace, `svc-${s}`));
      }
    }
    clusters.push({ name: cluster, objects });
  }
  return { clusters, entities };
}

/** The entities as one multi-document YAML file, for a catalog file location. */
export function renderCatalogYaml(entities: Entity[]): string {
  return entities.map(entity => `---\n${stringify(entity)}`).join('');
}
