import { evaluateMesh, EvaluatedWorkload } from '../report/workloadReports';
import {
  AuthorizationPolicy,
  KubernetesObject,
  objectKey,
} from '../resources/objects';
import { AuthorizationRequest } from './authorization';
import { podDataplane, workloadDataplane } from './dataplane';
import {
  authorizationEnforcement,
  decideWorkloadAuthorization,
  forUnknownHttpRequests,
  WorkloadAuthorizationInput,
} from './workloadAuthorization';
import { Workload } from './workloads';

/**
 * A mesh identity that may call a workload today and would be denied once
 * an AuthorizationPolicy is added.
 *
 * @public
 */
export interface DeniedCaller {
  namespace: string;
  serviceAccount: string;
  /** Names of the workloads (in `namespace`) that run as this identity. */
  workloads: string[];
}

/**
 * What adding one AuthorizationPolicy does to the callers of the live mesh.
 *
 * @public
 */
export interface AuthorizationImpact {
  /** The added policy, as `namespace/name`. */
  policy: string;
  /** Workloads it applies to, as `namespace/name`, sorted. */
  targets: string[];
  /** Callers allowed before and denied after, sorted by namespace and service account. */
  deniedCallers: DeniedCaller[];
}

/**
 * Options of {@link authorizationImpact}.
 *
 * @public
 */
export interface AuthorizationImpactOptions {
  /** meshConfig `rootNamespace` set explicitly; default the live mesh's. */
  rootNamespace?: string;
  /** meshConfig `trustDomain` set explicitly; default the live mesh's. */
  trustDomain?: string;
}

interface CallerIdentity {
  namespace: string;
  serviceAccount: string;
  workloads: Workload[];
}

function isAuthorizationPolicy(
  object: KubernetesObject,
): object is AuthorizationPolicy {
  return (
    object.kind === 'AuthorizationPolicy' &&
    object.apiVersion.startsWith('security.istio.io/')
  );
}

function isInMesh(workload: Workload) {
  return workloadDataplane(workload.pods.map(podDataplane)) !== 'none';
}

function callerIdentities(workloads: Workload[]): CallerIdentity[] {
  const identities = new Map<string, CallerIdentity>();
  for (const workload of workloads.filter(isInMesh)) {
    const key = `${workload.namespace}/${workload.serviceAccount}`;
    const identity = identities.get(key) ?? {
      namespace: workload.namespace,
      serviceAccount: workload.serviceAccount,
      workloads: [],
    };
    identity.workloads.push(workload);
    identities.set(key, identity);
  }
  return [...identities.values()];
}

const workloadKey = (w: Workload) => `${w.namespace}/${w.name}`;

/**
 * The callers that adding AuthorizationPolicies to a live mesh would cut
 * off: for each added policy, the workloads it applies to and the in-mesh
 * identities that may call one of them today and no longer could.
 *
 * @remarks
 * Assumptions, since only configuration is known, not traffic:
 *
 * - Callers are the identities (namespace and service account) of the live
 *   workloads that are in the mesh (sidecar or ambient); only they present
 *   a principal. Workloads outside the mesh, and a target calling itself,
 *   are not considered.
 * - A call is a request from the caller's principal to one of the target's
 *   ports (container ports and Service target ports), decided where the
 *   target's authorization is enforced (its sidecar, ztunnel, or a
 *   waypoint and ztunnel), with no HTTP attributes known. Rules a sidecar
 *   or waypoint evaluates are read in the caller's favour: ALLOW rules
 *   match whatever their methods, paths, hosts, request principals and
 *   `request.*` conditions (some request could pass them), and DENY rules
 *   that depend on such attributes do not match. A caller is listed when
 *   it is allowed on some port today and denied on every port afterwards,
 *   so it is certain to lose all access.
 * - "Afterwards" is the live policies with every added policy in place; an
 *   added policy replaces a live one of the same namespace and name. Added
 *   objects must carry their namespace.
 * - Only targets in the mesh enforce policies, so a policy on a workload
 *   without a proxy lists its targets and no denied callers.
 *
 * Objects in `added` that are not AuthorizationPolicies are ignored.
 *
 * @param live - The objects of the live cluster (pods, controllers,
 *   Services, AuthorizationPolicies...).
 * @param added - The objects about to be applied.
 * @public
 */
export function authorizationImpact(
  live: KubernetesObject[],
  added: KubernetesObject[],
  options: AuthorizationImpactOptions = {},
): AuthorizationImpact[] {
  const evaluation = evaluateMesh(live, {
    meshSettings: {
      ...(options.rootNamespace
        ? {
            rootNamespace: {
              value: options.rootNamespace,
              setting: 'rootNamespace',
            },
          }
        : {}),
      ...(options.trustDomain
        ? {
            trustDomain: { value: options.trustDomain, setting: 'trustDomain' },
          }
        : {}),
    },
  });
  const workloads = evaluation.workloads;
  const callers = callerIdentities(workloads.map(w => w.workload));

  const addedPolicies = added.filter(isAuthorizationPolicy);
  const replaced = new Set(addedPolicies.map(objectKey));
  const livePolicies = workloads[0]?.authorization.index.authorizationPolicies;
  const before = livePolicies ?? [];
  const after = [
    ...before.filter(p => !replaced.has(objectKey(p))),
    ...addedPolicies,
  ];

  // The target's authorization with a set of policies in place: where it
  // is enforced, and the input to decide with.
  const withPolicies = (
    target: EvaluatedWorkload,
    policies: AuthorizationPolicy[],
  ) => {
    const input: WorkloadAuthorizationInput = {
      ...target.authorization,
      index: { ...target.authorization.index, authorizationPolicies: policies },
    };
    return { input, enforcement: authorizationEnforcement(input) };
  };

  const deniedOn = (target: EvaluatedWorkload) => {
    const beforeState = withPolicies(target, before);
    const afterState = withPolicies(target, after);
    const { workload, mesh } = target.authorization;
    const ports = workload.ports.length > 0 ? workload.ports : [undefined];
    return callers.flatMap(caller => {
      const workloadsCalling = caller.workloads.filter(w => w !== workload);
      if (workloadsCalling.length === 0) return [];
      const request = (port: number | undefined): AuthorizationRequest => ({
        sourcePrincipal: `${mesh.trustDomain}/ns/${caller.namespace}/sa/${caller.serviceAccount}`,
        ...(port === undefined ? {} : { port }),
      });
      const decide = (
        state: ReturnType<typeof withPolicies>,
        port: number | undefined,
      ) =>
        decideWorkloadAuthorization(
          state.input,
          request(port),
          forUnknownHttpRequests(state.enforcement),
        ).decision;
      const allowedBefore = ports.some(
        port => decide(beforeState, port) === 'ALLOW',
      );
      const deniedAfter = ports.every(
        port => decide(afterState, port) === 'DENY',
      );
      return allowedBefore && deniedAfter
        ? [{ ...caller, workloads: workloadsCalling }]
        : [];
    });
  };

  return addedPolicies.map(policy => {
    const targets = workloads.filter(target => {
      const { enforcement } = withPolicies(target, after);
      return (
        enforcement.selectorPolicies.includes(policy) ||
        enforcement.waypointPolicies.includes(policy)
      );
    });
    const denied = new Map<string, DeniedCaller>();
    for (const target of targets) {
      for (const caller of deniedOn(target)) {
        const key = `${caller.namespace}/${caller.serviceAccount}`;
        const entry = denied.get(key) ?? {
          namespace: caller.namespace,
          serviceAccount: caller.serviceAccount,
          workloads: [],
        };
        for (const workload of caller.workloads) {
          if (!entry.workloads.includes(workload.name)) {
            entry.workloads.push(workload.name);
          }
        }
        denied.set(key, entry);
      }
    }
    return {
      policy: objectKey(policy),
      targets: targets.map(t => workloadKey(t.workload)).sort(),
      deniedCallers: [...denied.values()]
        .map(caller => ({ ...caller, workloads: caller.workloads.sort() }))
        .sort(
          (a, b) =>
            a.namespace.localeCompare(b.namespace) ||
            a.serviceAccount.localeCompare(b.serviceAccount),
        ),
    };
  });
}
