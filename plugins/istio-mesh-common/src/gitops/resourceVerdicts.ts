// Shared by the two GitOps criteria: each decides per resource, then the
// entity's verdict is the worst one.
import { CriterionStatus, Evidence } from '../types/criteria';
import { ArgoApplication, applicationRef } from './argoApplications';
import { describeResourceRef, ResourceRef } from './resourceRefs';

/**
 * The verdict of a GitOps criterion on one resource.
 */
export interface ResourceVerdict {
  ref: ResourceRef;
  status: CriterionStatus;
  message: string;
}

const SEVERITY: Record<CriterionStatus, number> = {
  pass: 0,
  unknown: 1,
  warn: 2,
  fail: 3,
};

/**
 * The worst status among the verdicts; `pass` when there are none.
 */
export function worstStatus(verdicts: ResourceVerdict[]): CriterionStatus {
  return verdicts.reduce<CriterionStatus>(
    (worst, v) => (SEVERITY[v.status] > SEVERITY[worst] ? v.status : worst),
    'pass',
  );
}

/**
 * One evidence item per verdict.
 */
export function verdictEvidence(verdicts: ResourceVerdict[]): Evidence[] {
  return verdicts.map(({ ref, message }) => ({
    kind: ref.kind,
    namespace: ref.namespace,
    name: ref.name,
    message,
  }));
}

const MAX_LISTED = 3;

/**
 * The first three verdicts as `Kind namespace/name` (with `: message`),
 * and how many more.
 */
export function listVerdicts(
  verdicts: ResourceVerdict[],
  withMessages: boolean,
): string {
  const listed = verdicts
    .slice(0, MAX_LISTED)
    .map(v =>
      withMessages
        ? `${describeResourceRef(v.ref)}: ${v.message}`
        : describeResourceRef(v.ref),
    );
  const more =
    verdicts.length > MAX_LISTED
      ? ` and ${verdicts.length - MAX_LISTED} more`
      : '';
  return `${listed.join(withMessages ? '; ' : ', ')}${more}`;
}

/**
 * `Application argocd/name`, with the cluster it lives in when that is not
 * the resource's own.
 */
export function describeApplication(
  application: ArgoApplication,
  resourceCluster: string,
): string {
  const where =
    application.cluster === resourceCluster
      ? ''
      : ` in cluster ${application.cluster}`;
  return `Application ${applicationRef(application)}${where}`;
}

/**
 * The verdict on a resource no Argo CD Application read tracks while some
 * Argo CD could not be read: an unread Application might track it, so it is
 * `unknown`. Undefined when every Argo CD was read.
 */
export function untrackedWhileArgoUnavailable(
  ref: ResourceRef,
  unavailable: string[],
): ResourceVerdict | undefined {
  if (unavailable.length === 0) return undefined;
  return {
    ref,
    status: 'unknown',
    message: `not tracked by any Argo CD Application read; ${unavailable.join(
      '; ',
    )}`,
  };
}
