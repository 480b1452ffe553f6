import { Criterion } from '../types/criteria';
import { GitopsCriteriaInput } from '../gitops/entityGitopsInput';
import { ResourceRef } from '../gitops/resourceRefs';
import {
  compareWithDesired,
  DesiredObject,
  desiredObjectsFor,
} from '../gitops/desiredState';
import {
  describeApplication,
  listVerdicts,
  ResourceVerdict,
  untrackedWhileArgoUnavailable,
  verdictEvidence,
  worstStatus,
} from '../gitops/resourceVerdicts';
import { EntityCriterionDefinition } from './criterionDefinition';

// How a verdict was reached: Argo CD's comparison, or ours against the
// GitOps sources' manifests.
type Judged = ResourceVerdict & { by?: 'argo' | 'diff' };

const MAX_DIFFERENCES = 3;

const where = (desired: DesiredObject) =>
  `${desired.file} in ${desired.source}`;

const desiredFor = (cluster: string, desired: DesiredObject[]) =>
  desired.filter(d => d.cluster === undefined || d.cluster === cluster);

/** Argo CD's verdict, preferred whenever Argo CD reports on the cluster. */
function argoVerdict(ref: ResourceRef, input: GitopsCriteriaInput): Judged {
  const [tracker] = input.tracking.trackersOf(ref);
  if (!tracker) {
    const unread = untrackedWhileArgoUnavailable(
      ref,
      input.tracking.unavailable,
    );
    if (unread) return unread;
    const declared = desiredObjectsFor(ref, input.desired)[0];
    return {
      ref,
      by: 'argo',
      status: 'fail',
      message: `not tracked by any Argo CD Application: applied by hand?${
        declared ? ` (${where(declared)} declares it)` : ''
      }`,
    };
  }
  const application = describeApplication(tracker.application, ref.cluster);
  if (tracker.resourceStatus === 'Synced') {
    return {
      ref,
      by: 'argo',
      status: 'pass',
      message: `tracked by ${application}, Synced with Git`,
    };
  }
  if (tracker.resourceStatus === 'OutOfSync') {
    return {
      ref,
      by: 'argo',
      status: 'fail',
      message: tracker.requiresPruning
        ? `no longer in Git: ${application} reports it OutOfSync and would prune it`
        : `differs from Git according to Argo CD (${application} reports it OutOfSync)`,
    };
  }
  return {
    ref,
    status: 'unknown',
    message: `${application} has not compared it with Git (sync status Unknown)`,
  };
}

/** Our own comparison with the GitOps sources, when Argo CD is not there. */
function diffVerdict(ref: ResourceRef, input: GitopsCriteriaInput): Judged {
  const live = input.liveObject(ref);
  if (!live) {
    const declared = desiredObjectsFor(ref, input.desired)[0];
    return declared
      ? {
          ref,
          status: 'unknown',
          message: `declared in ${where(
            declared,
          )}; the live object was not read, so it cannot be compared`,
        }
      : { ref, by: 'diff', status: 'fail', message: 'not in Git' };
  }
  const comparison = compareWithDesired(live, ref, input.desired);
  switch (comparison.status) {
    case 'equal':
      return {
        ref,
        by: 'diff',
        status: 'pass',
        message: `matches ${where(comparison.desired)}`,
      };
    case 'missing':
      return {
        ref,
        by: 'diff',
        status: 'fail',
        message: 'not in Git: no GitOps source declares it (applied by hand?)',
      };
    default: {
      const { differences } = comparison;
      const more =
        differences.length > MAX_DIFFERENCES
          ? ` and ${differences.length - MAX_DIFFERENCES} more`
          : '';
      return {
        ref,
        by: 'diff',
        status: 'fail',
        message: `differs from ${where(comparison.desired)}: ${differences
          .slice(0, MAX_DIFFERENCES)
          .join('; ')}${more}`,
      };
    }
  }
}

/** Why neither Argo CD nor a GitOps source can judge a cluster. */
function noSource(cluster: string, input: GitopsCriteriaInput): string {
  const coverage = input.tracking.coverage(cluster);
  const argoReason = coverage.covered ? undefined : coverage.reason;
  return argoReason && argoReason !== `no Argo CD source for cluster ${cluster}`
    ? `${argoReason}; no GitOps source for cluster ${cluster}`
    : `no Argo CD or GitOps source for cluster ${cluster}`;
}

function verdictOf(ref: ResourceRef, input: GitopsCriteriaInput): Judged {
  if (input.tracking.coverage(ref.cluster).covered) {
    return argoVerdict(ref, input);
  }
  if (desiredFor(ref.cluster, input.desired).length > 0) {
    return diffVerdict(ref, input);
  }
  return { ref, status: 'unknown', message: noSource(ref.cluster, input) };
}

/**
 * `everything-in-git` for one entity: every mesh resource that applies to
 * its workloads is tracked by Argo CD and Synced with Git. Argo CD's verdict
 * is preferred: a resource no Application tracks is drift (applied by
 * hand?), one its Application reports OutOfSync differs from Git. For a
 * cluster Argo CD does not report on, the live resource is compared with
 * the GitOps sources' manifests instead (see `configurationDifferences`).
 * With neither, the verdict is `unknown`. An entity without mesh resources
 * passes when a source could have shown drift: there is nothing outside Git.
 *
 * @public
 */
export function evaluateEverythingInGit(input: GitopsCriteriaInput): Criterion {
  const verdicts = input.meshResources.map(ref => verdictOf(ref, input));
  const status = worstStatus(verdicts);
  const criterion = (summary: string, overall = status): Criterion => ({
    id: 'everything-in-git',
    status: overall,
    summary,
    evidence: verdictEvidence(verdicts),
  });

  if (verdicts.length === 0) {
    const judged = input.clusters.some(
      cluster =>
        input.tracking.coverage(cluster).covered ||
        desiredFor(cluster, input.desired).length > 0,
    );
    return judged
      ? criterion(
          'No mesh resources affect this entity; nothing outside Git',
          'pass',
        )
      : criterion(
          input.clusters.map(cluster => noSource(cluster, input)).join('; ') ||
            'No cluster runs the entity',
          'unknown',
        );
  }

  const withStatus = verdicts.filter(v => v.status === status);
  switch (status) {
    case 'fail':
      return criterion(
        `${withStatus.length} of ${
          verdicts.length
        } mesh resources drift from Git: ${listVerdicts(withStatus, true)}`,
      );
    case 'unknown':
      return criterion([...new Set(withStatus.map(v => v.message))].join('; '));
    default: {
      const by = new Set(verdicts.map(v => v.by));
      let how = 'match Git';
      if (by.size === 1) {
        how = by.has('argo')
          ? 'are tracked by Argo CD and Synced with Git'
          : 'match their manifests in Git';
      }
      return criterion(`All ${verdicts.length} mesh resources ${how}`);
    }
  }
}

/**
 * `everything-in-git`: the mesh resources that govern the entity are in a
 * GitOps source and the cluster holds what Git says.
 *
 * @public
 */
export const everythingInGitCriterion: EntityCriterionDefinition<'everything-in-git'> =
  {
    id: 'everything-in-git',
    title: 'Everything in Git',
    scope: 'entity',
    judgedFrom: 'configuration',
    level: 'gold',
    fixTemplates: [],
    evaluate: input => evaluateEverythingInGit(input.gitops),
  };
