import { controllerKey, MeshIndex } from '../resources/meshIndex';
import {
  Container,
  KubernetesObject,
  Pod,
  PodController,
  PodSpec,
  Service,
} from '../resources/objects';
import { matchesLabels } from '../labels/labelSelector';
import { isActivePod } from './dataplane';
import { objectsInNamespace } from '../resources/objectsInNamespace';

/**
 * A workload: the controlling owner at the top of a pod's owner chain
 * (a Deployment via its ReplicaSet, a StatefulSet, ...), or a bare pod.
 *
 * @public
 */
export interface Workload {
  namespace: string;
  name: string;
  kind: string;
  /** Pod labels (the template's, else the first pod's). */
  labels: Record<string, string>;
  /** Labels of the workload object itself, when it is in the index. */
  objectLabels: Record<string, string>;
  serviceAccount: string;
  /** Active pods, sorted by name. */
  pods: Pod[];
  /** Workload ports: declared container ports and Service target ports. */
  ports: number[];
}

function controllingOwner(object: KubernetesObject) {
  return object.metadata.ownerReferences?.find(ref => ref.controller);
}

// Kinds that are only a step towards the workload people operate: a
// ReplicaSet belongs to its Deployment (or Argo Rollout), a Job to its
// CronJob. Owners above a workload kind (an operator's custom resource that
// owns a Deployment) are not workloads.
const INTERMEDIATE_KINDS = new Set(['Pod', 'ReplicaSet', 'Job']);

/** Climbs the controller chain from a pod to its workload. */
function topOwner(pod: Pod, index: MeshIndex) {
  const namespace = pod.metadata.namespace ?? '';
  let current: { kind: string; name: string; object?: PodController } = {
    kind: 'Pod',
    name: pod.metadata.name,
  };
  let ref = controllingOwner(pod);
  while (ref && INTERMEDIATE_KINDS.has(current.kind)) {
    const owner = index.controllers.get(
      controllerKey(ref.kind, namespace, ref.name),
    );
    current = { kind: ref.kind, name: ref.name, object: owner };
    ref = owner ? controllingOwner(owner) : undefined;
  }
  return current;
}

function appContainers(spec: PodSpec | undefined): Container[] {
  return (spec?.containers ?? []).filter(c => c.name !== 'istio-proxy');
}

/**
 * The Services that select a workload's pods: same namespace, a non-empty
 * selector that the pod labels satisfy. Sorted by name.
 *
 * @public
 */
export function servicesSelecting(
  workload: { namespace: string; labels: Record<string, string> },
  services: Service[],
): Service[] {
  return objectsInNamespace(services, workload.namespace)
    .filter(
      service =>
        Object.keys(service.spec.selector ?? {}).length > 0 &&
        matchesLabels(service.spec.selector, workload.labels),
    )
    .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
}

function servicePorts(
  namespace: string,
  labels: Record<string, string>,
  containers: Container[],
  services: Service[],
): number[] {
  const ports: number[] = [];
  for (const service of servicesSelecting({ namespace, labels }, services)) {
    for (const port of service.spec.ports ?? []) {
      const target = port.targetPort ?? port.port;
      if (typeof target === 'number') {
        ports.push(target);
        continue;
      }
      const named = containers
        .flatMap(c => c.ports ?? [])
        .find(p => p.name === target);
      if (named) ports.push(named.containerPort);
    }
  }
  return ports;
}

/**
 * Resolves every workload of the index: active pods grouped under their top
 * controlling owner, plus owner-less controllers that have no active pods
 * (e.g. a Deployment scaled to zero).
 *
 * @public
 */
export function resolveWorkloads(index: MeshIndex): Workload[] {
  const workloads = new Map<string, Workload>();

  const ensure = (
    kind: string,
    namespace: string,
    name: string,
    object: PodController | undefined,
    fallbackPod?: Pod,
  ): Workload => {
    const key = controllerKey(kind, namespace, name);
    let workload = workloads.get(key);
    if (!workload) {
      const template = object?.spec.template;
      const spec = template?.spec ?? fallbackPod?.spec;
      const labels =
        template?.metadata?.labels ?? fallbackPod?.metadata.labels ?? {};
      workload = {
        namespace,
        name,
        kind,
        labels,
        objectLabels:
          object?.metadata.labels ?? fallbackPod?.metadata.labels ?? {},
        serviceAccount: spec?.serviceAccountName ?? 'default',
        pods: [],
        ports: [],
      };
      workloads.set(key, workload);
    }
    return workload;
  };

  for (const pod of index.pods) {
    if (!isActivePod(pod)) continue;
    const namespace = pod.metadata.namespace ?? '';
    const owner = topOwner(pod, index);
    const workload = ensure(
      owner.kind,
      namespace,
      owner.name,
      owner.object,
      pod,
    );
    workload.pods.push(pod);
  }

  for (const [key, controller] of index.controllers) {
    if (INTERMEDIATE_KINDS.has(controller.kind) || workloads.has(key)) continue;
    const { namespace = '', name } = controller.metadata;
    ensure(controller.kind, namespace, name, controller);
  }

  for (const workload of workloads.values()) {
    workload.pods.sort((a, b) =>
      a.metadata.name.localeCompare(b.metadata.name),
    );
    const containers = appContainers(
      workload.pods[0]?.spec ??
        index.controllers.get(
          controllerKey(workload.kind, workload.namespace, workload.name),
        )?.spec.template?.spec,
    );
    const declared = containers.flatMap(c =>
      (c.ports ?? []).map(p => p.containerPort),
    );
    const fromServices = servicePorts(
      workload.namespace,
      workload.labels,
      containers,
      index.services,
    );
    workload.ports = [...new Set([...declared, ...fromServices])].sort(
      (a, b) => a - b,
    );
  }

  return [...workloads.values()].sort(
    (a, b) =>
      a.namespace.localeCompare(b.namespace) ||
      a.name.localeCompare(b.name) ||
      a.kind.localeCompare(b.kind),
  );
}
