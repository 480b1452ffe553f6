import { apiGroupOf } from '../resources/objects';
import {
  enrollmentNamespace,
  REVISION_LABEL,
  sidecarInjection,
} from '../resolution/enrollment';
import { KubernetesObject } from '../resources/objects';
import {
  istiodDeploymentSchema,
  readControlPlaneObject,
} from './controlPlaneSchemas';
import { istioVersionFromImage } from './istioVersionFromImage';
import { ControlPlaneProblem, IstiodRevision, RevisionTag } from './types';

/** Label of the revision-tag webhooks that `istioctl tag` and the charts create. */
const TAG_LABEL = 'istio.io/tag';
const DEFAULT_REVISION = 'default';
const DISCOVERY_CONTAINER = 'discovery';

const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T) =>
    key(a).localeCompare(key(b));

function isIstiodDeployment(object: KubernetesObject): boolean {
  return (
    object.kind === 'Deployment' &&
    apiGroupOf(object.apiVersion) === 'apps' &&
    object.metadata.labels?.app === 'istiod'
  );
}

/**
 * The revision tags among the objects: MutatingWebhookConfigurations
 * labelled `istio.io/tag`, pointing at the revision in `istio.io/rev`.
 * Sorted by tag.
 */
export function revisionTags(objects: KubernetesObject[]): RevisionTag[] {
  return objects
    .filter(
      o =>
        o.kind === 'MutatingWebhookConfiguration' &&
        apiGroupOf(o.apiVersion) === 'admissionregistration.k8s.io' &&
        o.metadata.labels?.[TAG_LABEL],
    )
    .map(webhook => {
      const labels = webhook.metadata.labels!;
      return {
        tag: labels[TAG_LABEL],
        ...(labels[REVISION_LABEL] ? { revision: labels[REVISION_LABEL] } : {}),
        webhook: webhook.metadata.name,
      };
    })
    .sort(byKey(t => `${t.tag}/${t.webhook}`));
}

/**
 * The revision whose injector receives the pods of each Namespace, after
 * following a tag to its revision; namespaces that no injector selects are
 * left out. Uses the injection webhooks' own namespace rules
 * ({@link sidecarInjection} for a pod without labels).
 */
function namespacesByRevision(
  objects: KubernetesObject[],
  tags: RevisionTag[],
): Map<string, string[]> {
  const tagTargets = new Map(tags.map(t => [t.tag, t.revision]));
  const result = new Map<string, string[]>();
  for (const namespace of objects) {
    if (namespace.kind !== 'Namespace' || namespace.apiVersion !== 'v1') {
      continue;
    }
    const decision = sidecarInjection({}, enrollmentNamespace(namespace));
    if (!decision.revision || decision.reason === 'ignored-namespace') continue;
    const revision = tagTargets.has(decision.revision)
      ? tagTargets.get(decision.revision)
      : decision.revision;
    if (!revision) continue;
    const names = result.get(revision);
    if (names) names.push(namespace.metadata.name);
    else result.set(revision, [namespace.metadata.name]);
  }
  return result;
}

/**
 * One {@link IstiodRevision} per istiod Deployment (label `app=istiod`, any
 * namespace), sorted by namespace and name. A Deployment whose read fields
 * are malformed is left out with a problem.
 */
export function istiodRevisions(
  objects: KubernetesObject[],
  tags: RevisionTag[],
  problems: ControlPlaneProblem[],
): IstiodRevision[] {
  const namespaces = namespacesByRevision(objects, tags);
  const revisions: IstiodRevision[] = [];
  for (const object of objects.filter(isIstiodDeployment)) {
    const deployment = readControlPlaneObject(
      istiodDeploymentSchema,
      object,
      problems,
    );
    if (!deployment) continue;
    const revision =
      deployment.metadata.labels?.[REVISION_LABEL] || DEFAULT_REVISION;
    const image = deployment.spec.template?.spec?.containers?.find(
      c => c.name === DISCOVERY_CONTAINER,
    )?.image;
    const version = istioVersionFromImage(image);
    revisions.push({
      revision,
      ...(version ? { version } : {}),
      ...(image ? { image } : {}),
      namespace: deployment.metadata.namespace,
      name: deployment.metadata.name,
      replicas: {
        ready: deployment.status?.readyReplicas ?? 0,
        // Kubernetes defaults spec.replicas to 1.
        desired: deployment.spec.replicas ?? 1,
      },
      tags: tags.filter(t => t.revision === revision).map(t => t.tag),
      namespaces: [...(namespaces.get(revision) ?? [])].sort(),
    });
  }
  return revisions.sort(byKey(r => `${r.namespace}/${r.name}`));
}
