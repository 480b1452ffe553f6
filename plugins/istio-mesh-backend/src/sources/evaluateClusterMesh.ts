import {
  ALL_ANALYZERS,
  ClusterEvaluation,
  evaluateMesh,
  KubernetesObject,
  runAnalyzers,
  summarizeControlPlane,
} from '@istio-mesh/plugin-istio-mesh-common';

/**
 * The workloads and control plane of one cluster's objects, evaluated under
 * the mesh configuration the cluster holds; `rootNamespace` is
 * `istioMesh.rootNamespace` when set, which then wins over the cluster's
 * and is reported where they disagree. The analyzers run once over the
 * whole cluster, so that each entity's findings are a lookup.
 */
export function evaluateClusterMesh(
  objects: KubernetesObject[],
  options: { cluster: string; rootNamespace?: string },
): Pick<ClusterEvaluation, 'workloads' | 'controlPlane' | 'analysis'> {
  const meshSettings = options.rootNamespace
    ? {
        rootNamespace: {
          value: options.rootNamespace,
          setting: 'istioMesh.rootNamespace',
        },
      }
    : {};
  const evaluation = evaluateMesh(objects, {
    cluster: options.cluster,
    meshSettings,
  });
  return {
    workloads: evaluation.workloads,
    controlPlane: summarizeControlPlane(objects, {
      rootNamespace: evaluation.configuration.mesh.rootNamespace,
      meshConfig: evaluation.meshConfig,
    }),
    analysis: runAnalyzers(
      objects.map(object => ({ object })),
      {
        analyzers: ALL_ANALYZERS,
        meshConfig: evaluation.configuration.mesh,
        meshSettings,
      },
    ),
  };
}
