import {
  buildMeshIndex,
  controllerKey,
  MeshIndex,
  MeshOptions,
} from '../resources/meshIndex';
import { resolveWorkloads, Workload } from '../resolution/workloads';
import { podDataplane, workloadDataplane } from '../resolution/dataplane';
import { effectivePeerAuthentication } from '../resolution/peerAuthentication';
import { applicableAuthorizationPolicies } from '../resolution/authorization';
import { KubernetesObject, objectKey } from '../resources/objects';
import { ServiceTraffic, workloadTraffic } from '../resolution/workloadTraffic';
import { WorkloadContext } from '../criteria/workloadContext';
import { evaluateSidecarInjected } from '../criteria/sidecarInjected';
import { evaluateMtlsStrict } from '../criteria/mtlsStrict';
import { evaluateTrafficPolicy } from '../criteria/trafficPolicy';
import { evaluateAuthzEnforced } from '../criteria/authzEnforced';
import { WorkloadReport } from '../types/mesh';
import {
  enrollmentNamespace,
  predictDataplane,
} from '../resolution/enrollment';

/** The data plane a workload without pods would get, when that is knowable. */
function predictedDataplane(workload: Workload, index: MeshIndex) {
  const namespace = index.namespaces.get(workload.namespace);
  const template = index.controllers.get(
    controllerKey(workload.kind, workload.namespace, workload.name),
  )?.spec.template;
  if (workload.pods.length > 0 || !namespace || !template) return undefined;
  return predictDataplane(template, enrollmentNamespace(namespace));
}

/**
 * A workload with its report and the resolved inputs behind it.
 *
 * @public
 */
export interface EvaluatedWorkload {
  workload: Workload;
  report: WorkloadReport;
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
  /** meshConfig `trustDomain`; default `cluster.local`. */
  trustDomain?: string;
}

/**
 * Resolves every workload in a set of objects (one cluster or one folder of
 * manifests) and evaluates the per-workload criteria.
 *
 * @public
 */
export function evaluateWorkloads(
  objects: KubernetesObject[],
  options: EvaluateOptions = {},
): EvaluatedWorkload[] {
  const index = buildMeshIndex(objects, options);
  return resolveWorkloads(index).map(workload => {
    const podDataplanes = workload.pods.map(podDataplane);
    const traffic = workloadTraffic(workload, index);
    const context: WorkloadContext = {
      workload,
      podDataplanes,
      dataplane: workloadDataplane(podDataplanes),
      predictedDataplane: predictedDataplane(workload, index),
      peerAuthentication: effectivePeerAuthentication(
        workload,
        index.peerAuthentications,
        index.rootNamespace,
      ),
    };
    const report: WorkloadReport = {
      ...(options.cluster ? { cluster: options.cluster } : {}),
      namespace: workload.namespace,
      name: workload.name,
      kind: workload.kind,
      serviceAccount: workload.serviceAccount,
      dataplane: context.dataplane,
      pods: workload.pods.map((pod, i) => ({
        name: pod.metadata.name,
        phase: pod.status?.phase ?? 'Unknown',
        dataplane: podDataplanes[i],
      })),
      mtls: context.peerAuthentication.mtls,
      authorization: {
        policies: applicableAuthorizationPolicies(
          workload,
          index.authorizationPolicies,
          index.rootNamespace,
        ).map(objectKey),
      },
      ...trafficResources(traffic),
      criteria: [
        evaluateSidecarInjected(context),
        evaluateMtlsStrict(context),
        evaluateTrafficPolicy({ workload, index, traffic }),
        evaluateAuthzEnforced({
          workload,
          index,
          serviceAccounts: index.serviceAccounts,
          trustDomain: options.trustDomain ?? 'cluster.local',
          dataplane: context.dataplane,
        }),
      ],
    };
    return { workload, report };
  });
}
