import { KubernetesObject } from '../resources/objects';
import { isRecord } from '../resources/specFields';
import { apiGroupOf } from '../resources/objects';
import { ResourceRef } from './resourceRefs';

/**
 * An object as a GitOps source declares it (desired state).
 *
 * @public
 */
export interface DesiredObject {
  object: KubernetesObject;
  /** Path of the manifest inside the repository, e.g. `apps/base/x/istio/vs.yaml`. */
  file: string;
  /** Id of the GitOps source, e.g. `gitops:homelab`. */
  source: string;
  /** Cluster whose desired state this is; undefined for every cluster. */
  cluster?: string;
}

/**
 * How a live object compares with Git: `equal` and `different` name the
 * manifest compared with; `missing` means no GitOps source declares it.
 *
 * @public
 */
export type DesiredComparison =
  | { status: 'equal'; desired: DesiredObject }
  | { status: 'different'; desired: DesiredObject; differences: string[] }
  | { status: 'missing' };

// Everything outside these is configuration, for kinds without `spec`
// (ConfigMap `data`, RBAC `rules`...).
const NOT_CONFIGURATION = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/**
 * The part of an object that GitOps declares: `{ spec }`, or for kinds
 * without a spec every top-level field but apiVersion, kind, metadata and
 * status.
 *
 * @public
 */
export function configurationOf(
  object: KubernetesObject,
): Record<string, unknown> {
  if (object.spec !== undefined) return { spec: object.spec };
  return Object.fromEntries(
    Object.entries(object).filter(([key]) => !NOT_CONFIGURATION.has(key)),
  );
}

const isAbsent = (value: unknown) => value === undefined || value === null;

function show(value: unknown): string {
  if (isAbsent(value)) return 'absent';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function childPath(path: string, key: string | number) {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

/**
 * Where `live` differs from `desired`. With `exact`, a field set only in
 * the cluster is a difference; without, it is taken for a default the API
 * server filled in.
 */
function differences(
  desired: unknown,
  live: unknown,
  path: string,
  exact: boolean,
): string[] {
  if (isAbsent(desired)) {
    return exact && !isAbsent(live)
      ? [`${path}: set in the cluster to ${show(live)}, not in Git`]
      : [];
  }
  if (Array.isArray(desired) && Array.isArray(live)) {
    if (desired.length !== live.length) {
      return [
        `${path}: ${live.length} item(s) in the cluster, ${desired.length} in Git`,
      ];
    }
    return desired.flatMap((item, i) =>
      differences(item, live[i], childPath(path, i), exact),
    );
  }
  if (isRecord(desired) && isRecord(live)) {
    const keys = exact
      ? [...new Set([...Object.keys(desired), ...Object.keys(live)])]
      : Object.keys(desired);
    return keys
      .sort()
      .flatMap(key =>
        differences(desired[key], live[key], childPath(path, key), exact),
      );
  }
  if (
    (Array.isArray(desired) || isRecord(desired)) &&
    !(Array.isArray(live) || isRecord(live))
  ) {
    return [`${path}: ${show(live)} in the cluster, set in Git`];
  }
  if (desired === live) return [];
  return [`${path}: ${show(live)} in the cluster, ${show(desired)} in Git`];
}

/**
 * Whether the API server may fill in defaults in objects of this API
 * group. Istio's CRDs declare no defaults, so every field of an Istio
 * resource is either from Git or set by hand; other groups (Gateway API,
 * core) are compared leniently.
 */
const hasServerDefaults = (apiVersion: string) =>
  !apiGroupOf(apiVersion).endsWith('istio.io');

/**
 * The fields of a live object that differ from its manifest in Git, as
 * `path: value in the cluster, value in Git`; empty when they match. Only
 * the configuration is compared (see {@link configurationOf}): metadata and
 * status are the server's. Fields the API server sets itself are ignored:
 * Istio resources get none, so they are compared exactly; for other kinds a
 * field that Git leaves out is taken for a server default.
 *
 * @public
 */
export function configurationDifferences(
  live: KubernetesObject,
  desired: KubernetesObject,
): string[] {
  return differences(
    configurationOf(desired),
    configurationOf(live),
    '',
    !hasServerDefaults(desired.apiVersion),
  );
}

/**
 * The desired objects with a resource's identity (API group, kind,
 * namespace, name) meant for its cluster.
 *
 * @public
 */
export function desiredObjectsFor(
  ref: ResourceRef,
  desired: DesiredObject[],
): DesiredObject[] {
  const key = [ref.group, ref.kind, ref.namespace, ref.name].join('|');
  return (desiredIndex(desired).get(key) ?? []).filter(
    d => d.cluster === undefined || d.cluster === ref.cluster,
  );
}

// Every entity of a refresh looks its resources up in the same desired
// objects: index them once by group, kind, namespace and name.
const desiredIndexes = new WeakMap<
  DesiredObject[],
  Map<string, DesiredObject[]>
>();

function desiredIndex(desired: DesiredObject[]) {
  let index = desiredIndexes.get(desired);
  if (!index) {
    index = new Map();
    for (const d of desired) {
      const { namespace = '', name } = d.object.metadata;
      const key = [
        apiGroupOf(d.object.apiVersion),
        d.object.kind,
        namespace,
        name,
      ].join('|');
      const entries = index.get(key);
      if (entries) entries.push(d);
      else index.set(key, [d]);
    }
    desiredIndexes.set(desired, index);
  }
  return index;
}

/**
 * Compares a live object with the manifests that declare it. Several
 * manifests can (two sources, or two overlays): it is `equal` when any of
 * them matches, otherwise `different` from the first.
 *
 * @public
 */
export function compareWithDesired(
  live: KubernetesObject,
  ref: ResourceRef,
  desired: DesiredObject[],
): DesiredComparison {
  const candidates = desiredObjectsFor(ref, desired);
  if (candidates.length === 0) return { status: 'missing' };
  const compared = candidates.map(candidate => ({
    candidate,
    differences: configurationDifferences(live, candidate.object),
  }));
  const equal = compared.find(c => c.differences.length === 0);
  if (equal) return { status: 'equal', desired: equal.candidate };
  return {
    status: 'different',
    desired: compared[0].candidate,
    differences: compared[0].differences,
  };
}
