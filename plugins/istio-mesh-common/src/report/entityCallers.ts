import {
  AuthorizationPolicy,
  AuthorizationRule,
  objectKey,
} from '../resources/objects';
import {
  AuthorizationDecision,
  AuthorizationRequest,
  isDryRun,
  policyMatches,
} from '../resolution/authorization';
import {
  AuthorizationEnforcement,
  decideWorkloadAuthorization,
  forUnknownHttpRequests,
} from '../resolution/workloadAuthorization';
import { forUnknownHttpAttributes } from '../resolution/unknownHttpAttributes';
import {
  EntityCallers,
  EntityCalls,
  MeshCallee,
  MeshCaller,
} from '../types/entityTraffic';
import { EvaluatedWorkload } from './workloadReports';

interface Identity {
  namespace: string;
  serviceAccount: string;
  evaluated: EvaluatedWorkload[];
}

const identityKey = (i: { namespace: string; serviceAccount: string }) =>
  `${i.namespace}/${i.serviceAccount}`;

/** A cluster's in-mesh identities and workloads, by namespace. */
interface ClusterIndex {
  identities: Identity[];
  identitiesByNamespace: Map<string, Identity[]>;
  workloadsByNamespace: Map<string, EvaluatedWorkload[]>;
}

// A cluster's index is the same for every entity of one refresh.
const clusterIndexes = new WeakMap<
  readonly EvaluatedWorkload[],
  ClusterIndex
>();

/**
 * The identities that present a principal: in-mesh workloads (sidecar or
 * ambient), grouped by namespace and service account; and every workload
 * by namespace.
 */
function clusterIndexOf(workloads: readonly EvaluatedWorkload[]): ClusterIndex {
  const cached = clusterIndexes.get(workloads);
  if (cached) return cached;
  const byKey = new Map<string, Identity>();
  const workloadsByNamespace = new Map<string, EvaluatedWorkload[]>();
  for (const evaluated of workloads) {
    const { namespace, serviceAccount } = evaluated.workload;
    workloadsByNamespace.set(namespace, [
      ...(workloadsByNamespace.get(namespace) ?? []),
      evaluated,
    ]);
    if (evaluated.report.dataplane === 'none') continue;
    const key = identityKey({ namespace, serviceAccount });
    const identity = byKey.get(key) ?? {
      namespace,
      serviceAccount,
      evaluated: [],
    };
    identity.evaluated.push(evaluated);
    byKey.set(key, identity);
  }
  const identities = [...byKey.values()].sort((a, b) =>
    identityKey(a).localeCompare(identityKey(b)),
  );
  const identitiesByNamespace = new Map<string, Identity[]>();
  for (const identity of identities) {
    identitiesByNamespace.set(identity.namespace, [
      ...(identitiesByNamespace.get(identity.namespace) ?? []),
      identity,
    ]);
  }
  const index = { identities, identitiesByNamespace, workloadsByNamespace };
  clusterIndexes.set(workloads, index);
  return index;
}

function principalOf(
  target: EvaluatedWorkload,
  identity: { namespace: string; serviceAccount: string },
) {
  return `${target.authorization.mesh.trustDomain}/ns/${identity.namespace}/sa/${identity.serviceAccount}`;
}

/** Whether any policy is enforced on the target at all; else everyone may call. */
function enforcesPolicies(enforcement: AuthorizationEnforcement) {
  return (
    enforcement.enforcedBy !== 'none' &&
    [...enforcement.selectorPolicies, ...enforcement.waypointPolicies].some(
      p => !isDryRun(p),
    )
  );
}

/**
 * What a target's policies can tell callers apart by: every segment of
 * the values their sources and conditions hold (principals, namespaces,
 * `ns/sa` service accounts), a bare service account as one of the policy's
 * namespace, and whether any value is a wildcard pattern. A caller whose
 * namespace no value mentions, and whose service account no bare value
 * names, is decided exactly like a stranger (`stranger`): the same exact
 * comparisons fail, the same negations match.
 */
interface PolicyProfile {
  stranger: AuthorizationDecision[];
  segments: Set<string>;
  /** Bare service accounts, as `namespace/serviceAccount` of their policy. */
  bareServiceAccounts: Set<string>;
  wildcard: boolean;
}

const profiles = new WeakMap<EvaluatedWorkload, PolicyProfile>();

function profileOf(target: EvaluatedWorkload): PolicyProfile {
  const cached = profiles.get(target);
  if (cached) return cached;
  const segments = new Set<string>();
  const bareServiceAccounts = new Set<string>();
  let wildcard = false;
  const read = (values: unknown, policyNamespace: string) => {
    if (!Array.isArray(values)) return;
    for (const value of values) {
      if (typeof value !== 'string') continue;
      if (value !== '*' && value.includes('*')) wildcard = true;
      value.split('/').forEach(part => segments.add(part));
      if (!value.includes('/')) {
        bareServiceAccounts.add(`${policyNamespace}/${value}`);
      }
    }
  };
  const { selectorPolicies, waypointPolicies } = target.enforcement;
  for (const policy of [...selectorPolicies, ...waypointPolicies]) {
    const namespace = policy.metadata.namespace ?? '';
    for (const rule of policy.spec.rules ?? []) {
      for (const entry of rule.from ?? []) {
        Object.values(entry.source ?? {}).forEach(v => read(v, namespace));
      }
      for (const condition of rule.when ?? []) {
        read(condition.values, namespace);
        read(condition.notValues, namespace);
      }
    }
  }
  const profile = {
    // A principal no Kubernetes namespace can have (`-` is not a valid name).
    stranger: decisionsFor(target, {
      sourcePrincipal: principalOf(target, {
        namespace: '-',
        serviceAccount: '-',
      }),
    }),
    segments,
    bareServiceAccounts,
    wildcard,
  };
  profiles.set(target, profile);
  return profile;
}

/**
 * The identities the target's policies may name: all of them behind a
 * wildcard, else those of the namespaces their values mention.
 */
function candidates(profile: PolicyProfile, index: ClusterIndex): Identity[] {
  if (profile.wildcard) return index.identities;
  const namespaces = new Set<string>();
  for (const key of profile.bareServiceAccounts) {
    namespaces.add(key.slice(0, key.indexOf('/')));
  }
  for (const segment of profile.segments) {
    if (index.identitiesByNamespace.has(segment)) namespaces.add(segment);
  }
  return [...namespaces]
    .sort()
    .flatMap(namespace => index.identitiesByNamespace.get(namespace) ?? [])
    .filter(identity => named(profile, identity));
}

/** Whether the target's policies may decide for this identity unlike a stranger. */
function named(
  profile: PolicyProfile,
  identity: { namespace: string; serviceAccount: string },
) {
  return (
    profile.wildcard ||
    profile.segments.has(identity.namespace) ||
    profile.bareServiceAccounts.has(identityKey(identity))
  );
}

/** The decision on each of the target's ports (one request without a port when it has none). */
function decisionsFor(
  target: EvaluatedWorkload,
  request: AuthorizationRequest,
): AuthorizationDecision[] {
  const enforcement = forUnknownHttpRequests(target.enforcement);
  const ports =
    target.workload.ports.length > 0 ? target.workload.ports : [undefined];
  return ports.map(port =>
    decideWorkloadAuthorization(
      target.authorization,
      port === undefined ? request : { ...request, port },
      enforcement,
    ),
  );
}

/**
 * What the allowing policy's rules that match the caller let it do: their
 * ports, methods and paths; a dimension any matching rule leaves open is
 * absent.
 */
function allowedOperations(
  policy: AuthorizationPolicy,
  request: AuthorizationRequest,
  trustDomains: readonly string[],
): Pick<MeshCaller, 'ports' | 'methods' | 'paths'> {
  const matching = (policy.spec.rules ?? []).filter(rule =>
    policyMatches(
      forUnknownHttpAttributes({
        ...policy,
        spec: { ...policy.spec, rules: [{ ...rule, to: undefined }] },
      }),
      request,
      { trustDomains },
    ),
  );
  const union = (
    field: 'ports' | 'methods' | 'paths',
    rules: AuthorizationRule[],
  ): string[] | undefined => {
    const values = new Set<string>();
    for (const rule of rules) {
      const operations = (rule.to ?? []).map(entry => entry.operation);
      if (operations.length === 0) return undefined;
      for (const operation of operations) {
        const listed = operation?.[field];
        if (!listed || listed.length === 0) return undefined;
        listed.forEach(value => values.add(value));
      }
    }
    return rules.length > 0 ? [...values].sort() : undefined;
  };
  const ports = union('ports', matching);
  const methods = union('methods', matching);
  const paths = union('paths', matching);
  return {
    ...(ports ? { ports } : {}),
    ...(methods ? { methods } : {}),
    ...(paths ? { paths } : {}),
  };
}

function mergeValues(a?: string[], b?: string[]): string[] | undefined {
  if (!a || !b) return undefined;
  return [...new Set([...a, ...b])].sort();
}

function policyNamed(target: EvaluatedWorkload, key: string) {
  return [
    ...target.enforcement.selectorPolicies,
    ...target.enforcement.waypointPolicies,
  ].find(p => objectKey(p) === key);
}

const byIdentity = (a: MeshCaller, b: MeshCaller) =>
  identityKey(a).localeCompare(identityKey(b));

/**
 * Who may call an entity's workloads (`targets`): every in-mesh identity
 * of their cluster (`clusterWorkloads`) is decided on each target port by
 * {@link decideWorkloadAuthorization}, reading HTTP-only rules in the
 * caller's favour. A caller allowed on some port of some target is in
 * `allowed`, with the ports, methods and paths the allowing rules name;
 * one an explicit policy denies on every port is in `denied`. Callers the
 * policies do not name (by namespace, service account or a wildcard) are
 * decided like any stranger, so they are not listed: they get
 * `defaultDecision` (and `defaultPolicy`, an allow-all or deny-all policy
 * that decides it). This keeps the refresh near linear in the number of
 * workloads. A target calling itself is left out. Undefined without
 * targets.
 *
 * @public
 */
export function entityCallers(
  targets: readonly {
    target: EvaluatedWorkload;
    clusterWorkloads: readonly EvaluatedWorkload[];
  }[],
): EntityCallers | undefined {
  const [first] = targets;
  if (!first) return undefined;
  const allowed = new Map<string, MeshCaller>();
  const denied = new Map<string, MeshCaller>();
  const allowedSomewhere = new Set<string>();
  let defaultDecision: 'ALLOW' | 'DENY' = 'ALLOW';
  let defaultPolicy: string | undefined;

  for (const { target, clusterWorkloads } of targets) {
    if (!enforcesPolicies(target.enforcement)) continue;
    const profile = profileOf(target);
    const { stranger } = profile;
    const strangerAllowed = stranger.find(d => d.decision === 'ALLOW');
    if (!strangerAllowed) {
      defaultDecision = 'DENY';
    } else if (strangerAllowed.policy) {
      defaultPolicy = strangerAllowed.policy;
    }
    const strangerDenial = stranger.find(d => d.policy !== null);
    if (!strangerAllowed && strangerDenial) {
      defaultPolicy = strangerDenial.policy!;
    }

    for (const identity of candidates(
      profile,
      clusterIndexOf(clusterWorkloads),
    )) {
      const workloads = identity.evaluated
        .filter(e => e !== target)
        .map(e => e.workload.name);
      // Callers the policies do not name get the default: not listed.
      if (workloads.length === 0) continue;
      const key = identityKey(identity);
      const request = { sourcePrincipal: principalOf(target, identity) };
      const decisions = decisionsFor(target, request);
      const allowing = decisions.find(
        d => d.decision === 'ALLOW' && d.policy !== null,
      );
      if (allowing) {
        const policy = policyNamed(target, allowing.policy!);
        const operations =
          policy && allowing.action === 'ALLOW'
            ? allowedOperations(policy, request, [
                target.authorization.mesh.trustDomain,
                ...(target.authorization.mesh.trustDomainAliases ?? []),
              ])
            : {};
        const previous = allowed.get(key);
        allowed.set(
          key,
          previous
            ? {
                ...previous,
                ports: mergeValues(previous.ports, operations.ports),
                methods: mergeValues(previous.methods, operations.methods),
                paths: mergeValues(previous.paths, operations.paths),
              }
            : {
                namespace: identity.namespace,
                serviceAccount: identity.serviceAccount,
                workloads: [...new Set(workloads)].sort(),
                ...operations,
                policy: allowing.policy!,
              },
        );
        continue;
      }
      const explicit = decisions.find(
        d => d.decision === 'DENY' && d.policy !== null,
      );
      if (
        explicit &&
        decisions.every(d => d.decision === 'DENY') &&
        !allowedSomewhere.has(key)
      ) {
        denied.set(key, {
          namespace: identity.namespace,
          serviceAccount: identity.serviceAccount,
          workloads: [...new Set(workloads)].sort(),
          policy: explicit.policy!,
        });
      }
      if (decisions.some(d => d.decision === 'ALLOW')) {
        allowedSomewhere.add(key);
      }
    }
  }
  for (const key of [...allowed.keys(), ...allowedSomewhere]) {
    denied.delete(key);
  }
  const clean = (caller: MeshCaller): MeshCaller =>
    Object.fromEntries(
      Object.entries(caller).filter(([, value]) => value !== undefined),
    ) as unknown as MeshCaller;
  return {
    defaultDecision,
    ...(defaultPolicy ? { defaultPolicy } : {}),
    allowed: [...allowed.values()].map(clean).sort(byIdentity),
    denied: [...denied.values()].sort(byIdentity),
    enforcedBy: first.target.enforcement.enforcedBy,
  };
}

/**
 * What an entity's identities may call: every other workload in the
 * entity's namespaces, decided like {@link entityCallers} with the entity
 * as the caller. Workloads that enforce no policy are allowed by default
 * and not listed. Undefined without sources.
 *
 * @public
 */
export function entityCalls(
  sources: readonly {
    source: EvaluatedWorkload;
    clusterWorkloads: readonly EvaluatedWorkload[];
  }[],
): EntityCalls | undefined {
  if (sources.length === 0) return undefined;
  const namespaces = [
    ...new Set(sources.map(s => s.source.workload.namespace)),
  ].sort();
  const allowed = new Map<string, MeshCallee>();
  const denied = new Map<string, MeshCallee>();
  const own = new Set(sources.map(s => s.source));
  for (const { source, clusterWorkloads } of sources) {
    if (source.report.dataplane === 'none') continue;
    const inNamespace =
      clusterIndexOf(clusterWorkloads).workloadsByNamespace.get(
        source.workload.namespace,
      ) ?? [];
    for (const target of inNamespace) {
      if (own.has(target)) continue;
      if (!enforcesPolicies(target.enforcement)) continue;
      const key = `${target.workload.namespace}/${target.workload.name}`;
      const profile = profileOf(target);
      const decisions = named(profile, source.workload)
        ? decisionsFor(target, {
            sourcePrincipal: principalOf(target, source.workload),
          })
        : profile.stranger;
      const callee = (policy: string | null): MeshCallee => ({
        namespace: target.workload.namespace,
        workload: target.workload.name,
        services: target.report.services ?? [],
        ...(policy ? { policy } : {}),
      });
      const allowing = decisions.find(d => d.decision === 'ALLOW');
      if (allowing) {
        allowed.set(key, callee(allowing.policy));
        denied.delete(key);
      } else if (!allowed.has(key)) {
        denied.set(key, callee(decisions[0]?.policy ?? null));
      }
    }
  }
  const byKey = (a: MeshCallee, b: MeshCallee) =>
    `${a.namespace}/${a.workload}`.localeCompare(
      `${b.namespace}/${b.workload}`,
    );
  return {
    scope: 'namespace',
    namespaces,
    allowed: [...allowed.values()].sort(byKey),
    denied: [...denied.values()].sort(byKey),
  };
}
