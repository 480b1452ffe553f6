import {
  buildMeshIndex,
  controllerKey,
  MeshIndex,
  MeshOptions,
} from '../resources/meshIndex';
import { resolveWorkloads, Workload } from '../resolution/workloads';
import {
  podDataplane,
  sidecarProxyVersion,
  workloadDataplane,
} from '../resolution/dataplane';
import {
  effectivePeerAuthentication,
  namespaceMtlsMode,
} from '../resolution/peerAuthentication';
import {
  AuthorizationEnforcement,
  authorizationEnforcement,
  AuthorizationMesh,
  WorkloadAuthorizationInput,
} from '../resolution/workloadAuthorization';
import { KubernetesObject, objectKey } from '../resources/objects';
import { ServiceTraffic, workloadTraffic } from '../resolution/workloadTraffic';
import { WorkloadContext } from '../criteria/workloadContext';
import { WORKLOAD_CRITERIA } from '../criteria/registry';
import { WorkloadReport } from '../types/mesh';
import {
  enrollmentNamespace,
  EnrollmentOptions,
  predictDataplane,
} from '../resolution/enrollment';
import { workloadUncapturedPorts } from '../resolution/inboundCapture';
import { workloadClientTls } from '../resolution/workloadClientTls';
import { destinationRuleIndexFor } from '../resolution/trafficBinding';
import {
  ExplicitMeshSettings,
  MeshConfiguration,
  MeshConfigSummary,
  resolveMeshConfiguration,
  ResolvedMeshConfig,
} from '../meshConfig/meshConfiguration';
import { workloadRevision } from '../meshConfig/workloadRevision';
import { revisionTags } from '../controlPlane/istiodRevisions';

/** The data plane a workload without pods would get, when that is knowable. */
function predictedDataplane(
  workload: Workload,
  index: MeshIndex,
  options: EnrollmentOptions,
) {
  const namespace = index.namespaces.get(workload.namespace);
  const template = podTemplate(workload, index);
  if (workload.pods.length > 0 || !namespace || !template) return undefined;
  return predictDataplane(template, enrollmentNamespace(namespace), options);
}

function podTemplate(workload: Workload, index: MeshIndex) {
  return index.controllers.get(
    controllerKey(workload.kind, workload.namespace, workload.name),
  )?.spec.template;
}

function proxyVersionOf(pod: Parameters<typeof sidecarProxyVersion>[0]) {
  const proxyVersion = sidecarProxyVersion(pod);
  return proxyVersion ? { proxyVersion } : {};
}

/**
 * A workload with its report and the resolved inputs behind it.
 *
 * @public
 */
export interface EvaluatedWorkload {
  workload: Workload;
  report: WorkloadReport;
  /**
   * What the workload's authorization decisions read, for deciding a
   * request to it ({@link decideWorkloadAuthorization}).
   */
  authorization: WorkloadAuthorizationInput;
  enforcement: AuthorizationEnforcement;
  /** The VirtualServices and DestinationRules of each of its Services. */
  traffic: ServiceTraffic[];
}

/**
 * The Services of the workload and the VirtualServices and DestinationRules
 * that govern traffic to them, as object keys for the report.
 */
function trafficResources(traffic: ServiceTraffic[]) {
  const keys = (objects: KubernetesObject[]) =>
    [...new Set(objects.map(objectKey))].sort();
  return {
    services: traffic.map(t => t.service.metadata.name).sort(),
    virtualServices: keys(traffic.flatMap(t => t.virtualServices)),
    destinationRules: keys(
      traffic.flatMap(t => t.destinationRules?.destinationRules ?? []),
    ),
  };
}

/**
 * Options for {@link evaluateWorkloads}.
 *
 * @public
 */
export interface EvaluateOptions extends MeshOptions {
  /** Cluster name stamped on every report. */
  cluster?: string;
  /**
   * Mesh configuration set explicitly; wins over the mesh configuration
   * found in the objects. `rootNamespace` above is a shorthand for
   * `meshSettings.rootNamespace`.
   */
  meshSettings?: ExplicitMeshSettings;
}

/**
 * Workloads evaluated together with the mesh configuration they were
 * evaluated under.
 *
 * @public
 */
export interface MeshEvaluation {
  workloads: EvaluatedWorkload[];
  /** The mesh configuration, where it came from and its disagreements. */
  meshConfig: MeshConfigSummary;
  configuration: MeshConfiguration;
}

function explicitSettings(options: EvaluateOptions): ExplicitMeshSettings {
  return {
    ...(options.rootNamespace !== undefined
      ? {
          rootNamespace: {
            value: options.rootNamespace,
            setting: 'rootNamespace',
          },
        }
      : {}),
    ...options.meshSettings,
  };
}

/**
 * Resolves every workload in a set of objects (one cluster or one folder of
 * manifests) and evaluates the per-workload criteria, each workload under
 * the mesh configuration of its control-plane revision as the objects hold
 * it (see {@link resolveMeshConfiguration}).
 *
 * @public
 */
export function evaluateMesh(
  objects: KubernetesObject[],
  options: EvaluateOptions = {},
): MeshEvaluation {
  const configuration = resolveMeshConfiguration(
    objects,
    explicitSettings(options),
  );
  const index = buildMeshIndex(objects, {
    rootNamespace: configuration.mesh.rootNamespace,
  });
  const tags = new Map(
    revisionTags(objects).flatMap(t =>
      t.revision ? [[t.tag, t.revision] as const] : [],
    ),
  );
  const enrollment: EnrollmentOptions = { injectors: configuration.injectors };

  const workloads = resolveWorkloads(index).map(workload => {
    const revision = workloadRevision(
      workload,
      workload.pods.map(pod => pod.metadata.annotations),
      index.namespaces.get(workload.namespace),
      tags,
    );
    const mesh = configuration.forRevision(revision);
    return evaluateWorkload(workload, index, mesh, {
      configuration,
      revision,
      enrollment,
      cluster: options.cluster,
    });
  });
  return { workloads, meshConfig: configuration.summary, configuration };
}

function evaluateWorkload(
  workload: Workload,
  index: MeshIndex,
  mesh: ResolvedMeshConfig,
  options: {
    configuration: MeshConfiguration;
    revision: string;
    enrollment: EnrollmentOptions;
    cluster?: string;
  },
): EvaluatedWorkload {
  const root = mesh.rootNamespace;
  const podDataplanes = workload.pods.map(podDataplane);
  const dataplane = workloadDataplane(podDataplanes);
  const predicted = predictedDataplane(workload, index, options.enrollment);
  const bindingOptions = {
    rootNamespace: root,
    defaultVirtualServiceExportTo: mesh.defaultVirtualServiceExportTo,
    defaultDestinationRuleExportTo: mesh.defaultDestinationRuleExportTo,
  };
  const traffic = workloadTraffic(workload, index, bindingOptions);
  const captured =
    workload.pods.length > 0
      ? workload.pods.map((pod, i) => ({
          annotations: pod.metadata.annotations,
          dataplane: podDataplanes[i],
        }))
      : [
          {
            annotations: podTemplate(workload, index)?.metadata?.annotations,
            dataplane: predicted ?? ('none' as const),
          },
        ];
  const uncaptured = workloadUncapturedPorts(captured, workload.ports, {
    ...options.configuration.captureDefaults(options.revision),
    interceptionMode: mesh.interceptionMode,
  });
  const ambient =
    dataplane === 'ambient' ||
    (workload.pods.length === 0 && predicted === 'ambient');
  const clientTls = ambient
    ? []
    : workloadClientTls({
        workload,
        services: traffic.map(t => t.service),
        pods: workload.pods,
        containers:
          workload.pods[0]?.spec.containers ??
          podTemplate(workload, index)?.spec?.containers,
        predictedSidecar:
          predicted === undefined ? undefined : predicted === 'sidecar',
        allPods: index.pods,
        destinationRules: destinationRuleIndexFor(
          index.destinationRules,
          bindingOptions,
        ),
        enableAutoMtls: mesh.enableAutoMtls,
        serverNamespaceMode: namespaceMtlsMode(
          workload.namespace,
          index.peerAuthentications,
          root,
        ),
      });
  const authorizationMesh: AuthorizationMesh = {
    rootNamespace: root,
    trustDomain: mesh.trustDomain,
    trustDomainAliases: mesh.trustDomainAliases,
    ...(mesh.extensionProvidersKnown
      ? { extensionProviders: mesh.extensionProviders }
      : {}),
  };
  const peerAuthentication = effectivePeerAuthentication(
    workload,
    index.peerAuthentications,
    root,
  );
  const authorization: WorkloadAuthorizationInput = {
    workload,
    index,
    mesh: authorizationMesh,
    dataplane,
    predictedDataplane: predicted,
    uncaptured,
    mtls: peerAuthentication.mtls,
  };
  const enforcement = authorizationEnforcement(authorization);
  const context: WorkloadContext = {
    workload,
    podDataplanes,
    dataplane,
    predictedDataplane: predicted,
    peerAuthentication,
    uncaptured,
    clientTls,
  };
  const report: WorkloadReport = {
    ...(options.cluster ? { cluster: options.cluster } : {}),
    namespace: workload.namespace,
    name: workload.name,
    kind: workload.kind,
    serviceAccount: workload.serviceAccount,
    dataplane,
    ...(predicted ? { predictedDataplane: predicted } : {}),
    pods: workload.pods.map((pod, i) => ({
      name: pod.metadata.name,
      phase: pod.status?.phase ?? 'Unknown',
      dataplane: podDataplanes[i],
      ...proxyVersionOf(pod),
    })),
    mtls: { ...peerAuthentication.mtls, uncaptured },
    authorization: {
      policies: [
        ...enforcement.selectorPolicies,
        ...enforcement.waypointPolicies,
      ].map(objectKey),
      enforcedBy: enforcement.enforcedBy,
      ...(enforcement.waypoint
        ? {
            waypoint: `${enforcement.waypoint.namespace}/${enforcement.waypoint.name}`,
          }
        : {}),
    },
    ...trafficResources(traffic),
    clientTls,
    criteria: WORKLOAD_CRITERIA.map(criterion =>
      criterion.evaluate({
        ...context,
        index,
        traffic,
        mesh: authorizationMesh,
        enforcement,
      }),
    ),
  };
  return { workload, report, authorization, enforcement, traffic };
}

/**
 * Resolves every workload in a set of objects and evaluates the
 * per-workload criteria; {@link evaluateMesh} without the mesh
 * configuration summary.
 *
 * @public
 */
export function evaluateWorkloads(
  objects: KubernetesObject[],
  options: EvaluateOptions = {},
): EvaluatedWorkload[] {
  return evaluateMesh(objects, options).workloads;
}
