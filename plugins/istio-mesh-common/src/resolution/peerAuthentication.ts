import { MtlsMode, WorkloadMtls } from '../types/mesh';
import { matchesLabels } from '../labels/labelSelector';
import {
  objectKey,
  PeerAuthentication,
  PeerAuthenticationMode,
} from '../resources/objects';

/**
 * The workload a PeerAuthentication is resolved for.
 *
 * @public
 */
export interface PeerAuthenticationTarget {
  namespace: string;
  /** Pod labels of the workload. */
  labels: Record<string, string>;
  /** Workload (container) ports to report a mode for. */
  ports: number[];
}

/**
 * A PeerAuthentication that matched the workload but does not count, and why.
 *
 * @public
 */
export interface IgnoredPeerAuthentication {
  policy: string;
  reason: string;
}

/**
 * Effective inbound mTLS plus the policies that were passed over.
 *
 * @public
 */
export interface PeerAuthenticationResolution {
  /** The modes PeerAuthentications give; whether ports are captured is not part of it. */
  mtls: Omit<WorkloadMtls, 'uncaptured'>;
  ignored: IgnoredPeerAuthentication[];
}

type Scope = 'mesh' | 'namespace' | 'workload';

function hasSelector(policy: PeerAuthentication): boolean {
  return Object.keys(policy.spec.selector?.matchLabels ?? {}).length > 0;
}

// Istio keeps the oldest policy of a scope (creation time, then name).
function byAge(a: PeerAuthentication, b: PeerAuthentication): number {
  const at = a.metadata.creationTimestamp ?? '';
  const bt = b.metadata.creationTimestamp ?? '';
  if (at !== bt) return at < bt ? -1 : 1;
  return objectKey(a).localeCompare(objectKey(b));
}

function apply(
  current: MtlsMode,
  mode: PeerAuthenticationMode | undefined,
): MtlsMode {
  return !mode || mode === 'UNSET' ? current : mode;
}

/**
 * Effective inbound mTLS mode of a workload, per port, following istiod:
 * PERMISSIVE by default, then the mesh-wide (root namespace, no selector),
 * namespace-wide and workload (selector) policies in turn, `UNSET`
 * inheriting; port-level modes come only from the workload policy. A policy
 * with a selector in the root namespace is ignored.
 *
 * @public
 */
export function effectivePeerAuthentication(
  target: PeerAuthenticationTarget,
  policies: PeerAuthentication[],
  rootNamespace: string,
): PeerAuthenticationResolution {
  const ignored: IgnoredPeerAuthentication[] = [];
  const byScope: Record<Scope, PeerAuthentication[]> = {
    mesh: [],
    namespace: [],
    workload: [],
  };

  for (const policy of policies) {
    const namespace = policy.metadata.namespace ?? '';
    const inRoot = namespace === rootNamespace;
    if (namespace !== target.namespace && !inRoot) continue;
    const selected = hasSelector(policy);
    if (!matchesLabels(policy.spec.selector?.matchLabels, target.labels)) {
      continue;
    }
    if (inRoot && selected) {
      ignored.push({
        policy: objectKey(policy),
        reason: `has a selector in the root namespace ${rootNamespace}, which Istio ignores`,
      });
      continue;
    }
    let scope: Scope = 'workload';
    if (!selected) scope = inRoot ? 'mesh' : 'namespace';
    byScope[scope].push(policy);
  }

  const chosen: Partial<Record<Scope, PeerAuthentication>> = {};
  for (const scope of ['mesh', 'namespace', 'workload'] as Scope[]) {
    const [winner, ...others] = [...byScope[scope]].sort(byAge);
    if (!winner) continue;
    chosen[scope] = winner;
    for (const other of others) {
      ignored.push({
        policy: objectKey(other),
        reason: `another ${scope}-level PeerAuthentication, ${objectKey(
          winner,
        )}, is older and wins`,
      });
    }
  }

  let mode: MtlsMode = 'PERMISSIVE';
  const applied: string[] = [];
  for (const scope of ['mesh', 'namespace', 'workload'] as Scope[]) {
    const policy = chosen[scope];
    if (!policy) continue;
    applied.push(objectKey(policy));
    mode = apply(mode, policy.spec.mtls?.mode);
  }

  const portModes = chosen.workload?.spec.portLevelMtls ?? {};
  const ports: Record<string, MtlsMode> = {};
  const allPorts = new Set([
    ...target.ports,
    ...Object.keys(portModes).map(Number),
  ]);
  for (const port of [...allPorts].sort((a, b) => a - b)) {
    ports[String(port)] = apply(mode, portModes[String(port)]?.mode);
  }

  return { mtls: { mode, ports, policies: applied }, ignored };
}

/**
 * The namespace-level mTLS mode of a namespace, as clients infer it for
 * auto mTLS (istio `AuthenticationPolicies.GetNamespaceMutualTLSMode`):
 * the oldest selector-less PeerAuthentication of the namespace (UNSET
 * inheriting the mesh mode, or PERMISSIVE), else the oldest selector-less
 * one of the root namespace (UNSET meaning PERMISSIVE), else undefined
 * (no policy: Istio infers PERMISSIVE). Workload-level policies are not
 * part of it.
 *
 * @public
 */
export function namespaceMtlsMode(
  namespace: string,
  policies: PeerAuthentication[],
  rootNamespace: string,
): MtlsMode | undefined {
  const oldest = (ns: string) =>
    policies
      .filter(p => (p.metadata.namespace ?? '') === ns && !hasSelector(p))
      .sort(byAge)[0];
  const mesh = oldest(rootNamespace);
  const meshMode = mesh ? apply('PERMISSIVE', mesh.spec.mtls?.mode) : undefined;
  if (namespace === rootNamespace) return meshMode;
  const own = oldest(namespace);
  if (!own) return meshMode;
  return apply(meshMode ?? 'PERMISSIVE', own.spec.mtls?.mode);
}
