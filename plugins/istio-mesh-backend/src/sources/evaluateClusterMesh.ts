import {
  ClusterEvaluation,
  evaluateMesh,
  KubernetesObject,
  summarizeControlPlane,
} from '@istio-mesh/plugin-istio-mesh-common';

/**
 * The workloads and control plane of one cluster's objects, evaluated under
 * the mesh configuration the cluster holds; `rootNamespace` is
 * `istioMesh.rootNamespace` when set, which then wins over the cluster's
 * and is reported where they disagree.
 */
export function evaluateClusterMesh(
  objects: KubernetesObject[],
  options: { cluster: string; rootNamespace?: string },
): Pick<ClusterEvaluation, 'workloads' | 'controlPlane'> {
  const evaluation = evaluateMesh(objects, {
    cluster: options.cluster,
    meshSettings: options.rootNamespace
      ? {
          rootNamespace: {
            value: options.rootNamespace,
            setting: 'istioMesh.rootNamespace',
          },
        }
      : {},
  });
  return {
    workloads: evaluation.workloads,
    controlPlane: summarizeControlPlane(objects, {
      rootNamespace: evaluation.configuration.mesh.rootNamespace,
      meshConfig: evaluation.meshConfig,
    }),
  };
}
