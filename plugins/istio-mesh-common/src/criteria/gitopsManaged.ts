import { Criterion, CriterionStatus } from '../types/criteria';
import { ArgoApplication } from '../gitops/argoApplications';
import { GitopsCriteriaInput } from '../gitops/entityGitopsInput';
import { ResourceRef } from '../gitops/resourceRefs';
import {
  describeApplication,
  listVerdicts,
  ResourceVerdict,
  untrackedWhileArgoUnavailable,
  verdictEvidence,
  worstStatus,
} from '../gitops/resourceVerdicts';
import { EntityCriterionDefinition } from './criterionDefinition';

// Application states that call for attention, as opposed to `Unknown`,
// which only says Argo CD has not decided yet.
const UNSETTLED_SYNC = new Set(['OutOfSync']);
const UNSETTLED_HEALTH = new Set([
  'Progressing',
  'Degraded',
  'Suspended',
  'Missing',
]);

function applicationStatus(application: ArgoApplication): CriterionStatus {
  if (
    UNSETTLED_SYNC.has(application.syncStatus) ||
    UNSETTLED_HEALTH.has(application.healthStatus)
  ) {
    return 'warn';
  }
  if (
    application.syncStatus === 'Unknown' ||
    application.healthStatus === 'Unknown'
  ) {
    return 'unknown';
  }
  return 'pass';
}

const statuses = (application: ArgoApplication) =>
  `${application.syncStatus}, ${application.healthStatus}`;

function verdictOf(
  ref: ResourceRef,
  input: GitopsCriteriaInput,
): ResourceVerdict & { application?: ArgoApplication } {
  const [tracker] = input.tracking.trackersOf(ref);
  if (tracker) {
    const { application } = tracker;
    return {
      ref,
      application,
      status: applicationStatus(application),
      message: `tracked by ${describeApplication(
        application,
        ref.cluster,
      )} (${statuses(application)})`,
    };
  }
  const coverage = input.tracking.coverage(ref.cluster);
  if (!coverage.covered) {
    return { ref, status: 'unknown', message: coverage.reason };
  }
  const unread = untrackedWhileArgoUnavailable(ref, input.tracking.unavailable);
  if (unread) return unread;
  return {
    ref,
    status: 'fail',
    message: 'not tracked by any Argo CD Application',
  };
}

/**
 * `gitops-managed` for one entity: its workloads' controllers and the mesh
 * resources that apply to them are all in the `status.resources` of an
 * Argo CD Application (deploying to their cluster) that is Synced and
 * Healthy. A resource no Application tracks fails; one whose Application is
 * OutOfSync, Progressing, Degraded, Suspended or Missing warns. Without Argo
 * CD data for a cluster the verdict is `unknown` with the reason.
 *
 * @public
 */
export function evaluateGitopsManaged(input: GitopsCriteriaInput): Criterion {
  const verdicts = [...input.workloads, ...input.meshResources].map(ref =>
    verdictOf(ref, input),
  );
  const status = worstStatus(verdicts);
  const criterion = (summary: string): Criterion => ({
    id: 'gitops-managed',
    status,
    summary,
    evidence: verdictEvidence(verdicts),
  });
  if (verdicts.length === 0) {
    return criterion('No workloads or mesh resources of the entity are known');
  }

  const withStatus = verdicts.filter(v => v.status === status);
  // Each Application once, as `Application ns/name (Sync, Health)`.
  const applications = (of: typeof verdicts, withStatuses: boolean) =>
    [
      ...new Set(
        of.flatMap(({ application, ref }) =>
          application
            ? [
                `${describeApplication(application, ref.cluster)}${
                  withStatuses ? ` (${statuses(application)})` : ''
                }`,
              ]
            : [],
        ),
      ),
    ].join(', ');

  switch (status) {
    case 'fail':
      return criterion(
        `${withStatus.length} of ${
          verdicts.length
        } resources are not managed by Argo CD: ${listVerdicts(
          withStatus,
          false,
        )}`,
      );
    case 'warn':
      return criterion(
        `Managed by Argo CD, but not Synced and Healthy: ${applications(
          withStatus,
          true,
        )}`,
      );
    case 'unknown': {
      const notReported = withStatus.filter(v => v.application);
      const reasons = [
        ...new Set(withStatus.filter(v => !v.application).map(v => v.message)),
      ];
      if (notReported.length > 0) {
        reasons.push(
          `Argo CD has not reported sync and health of ${applications(
            notReported,
            true,
          )}`,
        );
      }
      return criterion(reasons.join('; '));
    }
    default:
      return criterion(
        `All ${
          verdicts.length
        } resources are managed by Argo CD, Synced and Healthy: ${applications(
          verdicts,
          false,
        )}`,
      );
  }
}

/**
 * `gitops-managed`: an Argo CD Application tracks the entity's workloads and
 * the mesh resources that govern them, synced and healthy.
 *
 * @public
 */
export const gitopsManagedCriterion: EntityCriterionDefinition<'gitops-managed'> =
  {
    id: 'gitops-managed',
    title: 'Managed by Argo CD',
    scope: 'entity',
    judgedFrom: 'configuration',
    fixTemplates: [],
    evaluate: input => evaluateGitopsManaged(input.gitops),
  };
