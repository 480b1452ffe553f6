import { KubernetesObject } from '../resources/objects';
import type { MeshConfigSummary } from '../meshConfig/meshConfiguration';
import { istiodRevisions, revisionTags } from './istiodRevisions';
import { sailIstios } from './sailIstio';
import { telemetryConfigs } from './telemetry';
import { ControlPlaneProblem, ControlPlaneSummary } from './types';

/**
 * Options of {@link summarizeControlPlane}.
 *
 * @public
 */
export interface ControlPlaneOptions {
  /** `meshConfig.rootNamespace`; defaults to `istio-system`. */
  rootNamespace?: string;
  /** The mesh configuration the cluster's workloads were evaluated under. */
  meshConfig?: MeshConfigSummary;
}

/**
 * The control plane of one cluster from its objects: one revision per
 * istiod Deployment with its version, readiness, tags and the namespaces it
 * injects; the Sail Operator `Istio` resources and their health; and the
 * Telemetry resources with their scope. Objects of these kinds whose read
 * fields are malformed are left out and listed in `problems`; kinds absent
 * from the input give empty lists.
 *
 * @public
 */
export function summarizeControlPlane(
  objects: KubernetesObject[],
  options: ControlPlaneOptions = {},
): ControlPlaneSummary {
  const rootNamespace = options.rootNamespace ?? 'istio-system';
  const problems: ControlPlaneProblem[] = [];
  const tags = revisionTags(objects);
  return {
    rootNamespace,
    revisions: istiodRevisions(objects, tags, problems),
    tags,
    sail: sailIstios(objects, problems),
    telemetry: telemetryConfigs(objects, rootNamespace, problems),
    ...(options.meshConfig ? { meshConfig: options.meshConfig } : {}),
    problems,
  };
}
