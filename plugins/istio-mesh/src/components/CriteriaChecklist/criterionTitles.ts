import { CriterionId } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * Titles shown for each success criterion. A `Record` over every id, so a new
 * criterion in the common package fails to compile until it has a title.
 *
 * @internal
 */
export const CRITERION_TITLES: Record<CriterionId, string> = {
  'gitops-managed': 'Managed by Argo CD',
  'sidecar-injected': 'Sidecars injected',
  'mtls-strict': 'mTLS STRICT',
  'traffic-policy': 'Traffic policy',
  'authz-enforced': 'Authorization enforced',
  'service-graph': 'Service graph',
  tracing: 'Tracing',
  metrics: 'Metrics',
  'everything-in-git': 'Everything in Git',
};

/**
 * The title of a criterion; an id the frontend does not know yet shows as is.
 *
 * @internal
 */
export function criterionTitle(id: string): string {
  return CRITERION_TITLES[id as CriterionId] ?? id;
}
