import { WorkloadReport } from '../types/mesh';
import { telemetryForNamespace, NamespaceTelemetry } from './telemetry';
import { ControlPlaneSummary, IstiodRevision, SailIstio } from './types';
import type { MeshConfigSummary } from '../meshConfig/meshConfiguration';

/**
 * The control plane of one cluster as it concerns one entity: the cluster's
 * istiod revisions and Sail Operator status, and the Telemetry that applies
 * in each namespace the entity's workloads run in.
 *
 * @public
 */
export interface EntityControlPlane {
  cluster: string;
  revisions: IstiodRevision[];
  sail: SailIstio[];
  /** The cluster's mesh configuration, where it came from and its disagreements. */
  meshConfig?: MeshConfigSummary;
  /** The namespaces the entity's workloads run in, with their Telemetry. */
  namespaces: Array<{ name: string; telemetry: NamespaceTelemetry }>;
}

/**
 * The control planes of the clusters an entity's workloads run in, in the
 * order of the clusters given.
 *
 * @public
 */
export function entityControlPlanes(
  clusters: Array<{ cluster: string; controlPlane?: ControlPlaneSummary }>,
  workloads: WorkloadReport[],
): EntityControlPlane[] {
  return clusters.flatMap(({ cluster, controlPlane }) => {
    const namespaces = [
      ...new Set(
        workloads.filter(w => w.cluster === cluster).map(w => w.namespace),
      ),
    ].sort();
    if (!controlPlane || namespaces.length === 0) return [];
    return [
      {
        cluster,
        revisions: controlPlane.revisions,
        sail: controlPlane.sail,
        ...(controlPlane.meshConfig
          ? { meshConfig: controlPlane.meshConfig }
          : {}),
        namespaces: namespaces.map(name => ({
          name,
          telemetry: telemetryForNamespace(controlPlane, name),
        })),
      },
    ];
  });
}
