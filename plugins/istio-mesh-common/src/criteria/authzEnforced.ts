import { Criterion, Evidence } from '../types/criteria';
import { Dataplane } from '../types/mesh';
import { controllerKey, MeshIndex } from '../resources/meshIndex';
import {
  AuthorizationOperation,
  AuthorizationPolicy,
  AuthorizationRule,
  AuthorizationSource,
  objectKey,
} from '../resources/objects';
import { Workload } from '../resolution/workloads';
import { isDryRun, isValidRule } from '../resolution/authorization';
import {
  AuthorizationEnforcement,
  authorizationEnforcement,
  AuthorizationMesh,
  declaredProtocol,
  decideWorkloadAuthorization,
  forUnknownHttpRequests,
} from '../resolution/workloadAuthorization';
import { convertForZtunnel } from '../resolution/ztunnelAuthorization';
import { servicesSelecting } from '../resolution/workloads';
import { FIX_TEMPLATES } from './fixTemplates';
import { WorkloadCriterionDefinition } from './criterionDefinition';

/**
 * What {@link evaluateAuthzEnforced} reads.
 *
 * @public
 */
export interface AuthzEnforcedInput {
  workload: Workload;
  /** The objects of the workload's cluster. */
  index: MeshIndex;
  /** ServiceAccounts of the cluster, as `namespace/name`. */
  serviceAccounts: ReadonlySet<string>;
  /** meshConfig `trustDomain`, e.g. `cluster.local`. */
  trustDomain: string;
  /** meshConfig `trustDomainAliases`. */
  trustDomainAliases?: readonly string[];
  /** meshConfig `extensionProviders`; undefined when not known. */
  extensionProviders?: readonly string[];
  /**
   * The workload's data plane; policies are enforced by its proxy, so
   * `none` means nothing is enforced whatever applies.
   */
  dataplane?: Dataplane;
  /** For a workload without pods, the data plane its template would get. */
  predictedDataplane?: 'sidecar' | 'ambient' | 'none';
  /** Ports that bypass the proxy, with their cause: no policy applies there. */
  uncaptured?: Readonly<Record<string, string>>;
  /** Where authorization is enforced; computed when absent. */
  enforcement?: AuthorizationEnforcement;
}

const actionOf = (policy: AuthorizationPolicy) => policy.spec.action ?? 'ALLOW';

// `when` keys that restrict who the caller is by its mesh identity.
const IDENTITY_CONDITIONS = new Set([
  'source.principal',
  'source.namespace',
  'source.serviceAccount',
]);

const explicit = (values: string[] | undefined) =>
  (values ?? []).some(value => value !== '*');

/** A source that names mesh identities: principals, namespaces or service accounts. */
function namesIdentities(source: AuthorizationSource | undefined): boolean {
  return (
    explicit(source?.principals) ||
    explicit(source?.namespaces) ||
    explicit(source?.serviceAccounts)
  );
}

const hasAny = (record: object | undefined) =>
  Object.values(record ?? {}).some(v => !Array.isArray(v) || v.length > 0);

/**
 * A rule that lets any caller through: `{}`, or one without `from` (or
 * with an empty source) and no `when` condition on who calls.
 */
function allowsAnyCaller(rule: AuthorizationRule): boolean {
  const callerConditions = (rule.when ?? []).some(
    c =>
      IDENTITY_CONDITIONS.has(c.key) ||
      c.key === 'request.auth.principal' ||
      c.key === 'source.ip' ||
      c.key === 'remote.ip',
  );
  if (callerConditions) return false;
  return (
    rule.from === undefined ||
    rule.from.length === 0 ||
    rule.from.some(entry => !hasAny(entry.source))
  );
}

/**
 * A rule that names the callers it admits by mesh identity: every `from`
 * entry names principals, namespaces or service accounts (not just `*`),
 * or a `when` condition lists identities.
 */
function identifiesCallers(rule: AuthorizationRule): boolean {
  const byCondition = (rule.when ?? []).some(
    c => IDENTITY_CONDITIONS.has(c.key) && explicit(c.values),
  );
  const fromEntries = rule.from ?? [];
  return (
    byCondition ||
    (fromEntries.length > 0 &&
      fromEntries.every(entry => namesIdentities(entry.source)))
  );
}

const list = (values: string[]) => values.join(', ');

function describeSource(
  source: AuthorizationSource | undefined,
  policyNamespace: string,
): string {
  if (!hasAny(source)) return 'any caller';
  const s = source!;
  const qualify = (sa: string) =>
    sa.includes('/') ? sa : `${policyNamespace}/${sa}`;
  const parts: string[] = [];
  const add = (values: string[] | undefined, text: (v: string[]) => string) => {
    if (values?.length) parts.push(text(values));
  };
  add(s.principals, v =>
    v.includes('*') && v.length === 1 ? 'any mTLS peer' : list(v),
  );
  add(s.namespaces, v => `workloads in namespace ${list(v)}`);
  add(s.serviceAccounts, v => `service account ${list(v.map(qualify))}`);
  add(s.requestPrincipals, v =>
    v.includes('*') && v.length === 1
      ? 'requests with a valid JWT'
      : `JWT ${list(v)}`,
  );
  add(s.ipBlocks, v => `IPs ${list(v)}`);
  add(s.remoteIpBlocks, v => `remote IPs ${list(v)}`);
  add(s.trustDomains, v => `trust domain ${list(v)}`);
  add(s.notPrincipals, v => `except ${list(v)}`);
  add(s.notNamespaces, v => `except namespace ${list(v)}`);
  add(
    s.notServiceAccounts,
    v => `except service account ${list(v.map(qualify))}`,
  );
  add(s.notRequestPrincipals, v => `except JWT ${list(v)}`);
  add(s.notIpBlocks, v => `except IPs ${list(v)}`);
  add(s.notRemoteIpBlocks, v => `except remote IPs ${list(v)}`);
  add(s.notTrustDomains, v => `except trust domain ${list(v)}`);
  return parts.join(' ');
}

function describeOperation(operation: AuthorizationOperation | undefined) {
  const o = operation ?? {};
  const parts: string[] = [];
  if (o.methods?.length) parts.push(o.methods.join('/'));
  if (o.paths?.length) parts.push(list(o.paths));
  if (o.hosts?.length) parts.push(`for host ${list(o.hosts)}`);
  if (o.ports?.length) {
    parts.push(`on port${o.ports.length > 1 ? 's' : ''} ${list(o.ports)}`);
  }
  if (o.notMethods?.length) parts.push(`except ${o.notMethods.join('/')}`);
  if (o.notPaths?.length) parts.push(`except paths ${list(o.notPaths)}`);
  if (o.notHosts?.length) parts.push(`except hosts ${list(o.notHosts)}`);
  if (o.notPorts?.length) parts.push(`except ports ${list(o.notPorts)}`);
  return parts.join(' ');
}

function describeRule(rule: AuthorizationRule, policyNamespace: string) {
  const who =
    rule.from && rule.from.length > 0
      ? rule.from
          .map(entry => describeSource(entry.source, policyNamespace))
          .join(' or ')
      : 'any caller';
  const what = (rule.to ?? [])
    .map(entry => describeOperation(entry.operation))
    .filter(Boolean)
    .join('; ');
  const when = (rule.when ?? [])
    .map(c =>
      [
        c.values?.length ? `${c.key} in ${list(c.values)}` : '',
        c.notValues?.length ? `${c.key} not in ${list(c.notValues)}` : '',
      ]
        .filter(Boolean)
        .join(' and '),
    )
    .filter(Boolean)
    .join(' and ');
  const details = [what, when ? `when ${when}` : ''].filter(Boolean).join(', ');
  return details ? `${who} (${details})` : who;
}

// What each action does with the requests it matches, as enforced and as a
// dry run would.
const VERBS = {
  ALLOW: ['allows', 'would allow'],
  DENY: ['denies', 'would deny'],
  AUDIT: ['audits', 'would audit'],
  CUSTOM: ['sends', 'would send'],
} as const;

/** Who may call, in plain language, as one policy decides it. */
function describePolicy(policy: AuthorizationPolicy): string {
  const action = actionOf(policy);
  const rules = policy.spec.rules ?? [];
  const namespace = policy.metadata.namespace ?? '';
  const dryRun = isDryRun(policy);
  const verb = VERBS[action][dryRun ? 1 : 0];
  const described = rules.map(rule => describeRule(rule, namespace)).join('; ');
  let message: string;
  if (rules.length === 0) {
    message =
      action === 'ALLOW'
        ? 'ALLOW without rules: allows nothing, so every request is denied'
        : `${action} without rules: matches nothing, no effect`;
  } else if (action === 'CUSTOM') {
    message = `${verb} ${described} to provider ${
      policy.spec.provider?.name ?? '(none)'
    }, which decides at run time`;
  } else {
    message = `${verb} ${described}`;
  }
  return dryRun
    ? `dry-run (istio.io/dry-run: "true"), not enforced: ${message}`
    : message;
}

/**
 * Principals and service accounts a policy names that no ServiceAccount
 * backs. Principals are checked when they have the exact form
 * `<trust domain>/ns/<namespace>/sa/<name>` with the mesh's trust domain,
 * an alias or `cluster.local`; wildcards and other trust domains cannot be
 * checked. Kubernetes creates a `default` ServiceAccount
 * in every namespace, so it always counts as existing.
 */
function unknownIdentities(
  policy: AuthorizationPolicy,
  serviceAccounts: ReadonlySet<string>,
  trustDomains: readonly string[],
): string[] {
  const namespace = policy.metadata.namespace ?? '';
  const exists = (account: string) =>
    account.endsWith('/default') || serviceAccounts.has(account);
  const pattern = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/;
  const unknown: string[] = [];
  for (const rule of policy.spec.rules ?? []) {
    for (const { source } of rule.from ?? []) {
      for (const principal of [
        ...(source?.principals ?? []),
        ...(source?.notPrincipals ?? []),
      ]) {
        const match = pattern.exec(principal);
        if (
          !match ||
          principal.includes('*') ||
          !trustDomains.includes(match[1])
        ) {
          continue;
        }
        if (!exists(`${match[2]}/${match[3]}`)) unknown.push(principal);
      }
      for (const account of [
        ...(source?.serviceAccounts ?? []),
        ...(source?.notServiceAccounts ?? []),
      ]) {
        if (account.includes('*')) continue;
        const qualified = account.includes('/')
          ? account
          : `${namespace}/${account}`;
        if (!exists(qualified)) unknown.push(qualified);
      }
    }
  }
  return [...new Set(unknown)];
}

/** What ztunnel makes of a policy, as a note for its evidence. */
function ztunnelNote(policy: AuthorizationPolicy): {
  note?: string;
  problem?: string;
  severity?: 'fail' | 'warn';
} {
  const converted = convertForZtunnel(policy);
  const key = objectKey(policy);
  if (converted.notEnforced) {
    if (isDryRun(policy))
      return { note: `not enforced: ${converted.notEnforced}` };
    return {
      note: `not enforced: ${converted.notEnforced}`,
      problem: `${key} is not enforced: ${converted.notEnforced}`,
      severity: 'fail',
    };
  }
  if (converted.httpAttributes.length === 0) return {};
  const attributes = converted.httpAttributes.join(', ');
  if (converted.action === 'ALLOW') {
    return {
      note: `ztunnel drops its rules that use HTTP attributes (${attributes})`,
      problem: `${key} cannot be enforced by ztunnel as written: its rules that use HTTP attributes (${attributes}) are dropped, so the callers they name are denied; a waypoint is needed`,
      severity: 'fail',
    };
  }
  if (converted.noEffect) {
    return {
      note: `has no effect at ztunnel: nothing is left once its HTTP attributes (${attributes}) are left out`,
      problem: `${key} has no effect at ztunnel: nothing is left once its HTTP attributes (${attributes}) are left out; a waypoint is needed`,
      severity: 'fail',
    };
  }
  return {
    note: `ztunnel leaves out its HTTP attributes (${attributes}) and denies more than written`,
    problem: `${key} denies more than written at ztunnel, which leaves out its HTTP attributes (${attributes})`,
    severity: 'warn',
  };
}

/**
 * `authz-enforced` for one workload: it passes only when the policies its
 * proxy actually enforces (sidecar, ztunnel, or waypoint and ztunnel)
 * refuse callers without an mTLS identity on every port, name the callers
 * they admit by mesh identity, and every ServiceAccount they name exists.
 * A workload without a proxy, a port that bypasses it, an allow-all rule, a
 * policy that only excludes callers ("everyone but X"), and a policy
 * ztunnel cannot enforce as written all fail it.
 *
 * @public
 */
export function evaluateAuthzEnforced(input: AuthzEnforcedInput): Criterion {
  const { workload, index, serviceAccounts, trustDomain } = input;
  const ref = `${workload.kind} ${workload.namespace}/${workload.name}`;
  const mesh: AuthorizationMesh = {
    rootNamespace: index.rootNamespace,
    trustDomain,
    trustDomainAliases: input.trustDomainAliases,
    extensionProviders: input.extensionProviders,
  };
  const authorizationInput = {
    workload,
    index,
    mesh,
    dataplane: input.dataplane ?? 'sidecar',
    predictedDataplane: input.predictedDataplane,
    uncaptured: input.uncaptured,
  };
  const enforcement =
    input.enforcement ?? authorizationEnforcement(authorizationInput);
  const ztunnelEnforces =
    enforcement.enforcedBy === 'ztunnel' ||
    enforcement.enforcedBy === 'waypoint';
  const applicable = [
    ...enforcement.selectorPolicies,
    ...enforcement.waypointPolicies,
  ];

  const evidence: Evidence[] = [];
  const policyEvidence = new Map<AuthorizationPolicy, Evidence>();
  const failures: string[] = [];
  const warnings: string[] = [];
  const notEnforcedByZtunnel = new Set<AuthorizationPolicy>();
  for (const policy of applicable) {
    const atZtunnel =
      ztunnelEnforces && enforcement.selectorPolicies.includes(policy);
    const ztunnel = atZtunnel ? ztunnelNote(policy) : {};
    const entry: Evidence = {
      kind: 'AuthorizationPolicy',
      namespace: policy.metadata.namespace ?? '',
      name: policy.metadata.name,
      message: ztunnel.note
        ? `${describePolicy(policy)}; ${ztunnel.note}`
        : describePolicy(policy),
    };
    if (ztunnel.problem) {
      (ztunnel.severity === 'fail' ? failures : warnings).push(ztunnel.problem);
    }
    if (atZtunnel && convertForZtunnel(policy).notEnforced) {
      notEnforcedByZtunnel.add(policy);
    }
    policyEvidence.set(policy, entry);
    evidence.push(entry);
  }
  const enforced = applicable.filter(
    policy => !isDryRun(policy) && !notEnforcedByZtunnel.has(policy),
  );
  const allow = enforced.filter(policy => actionOf(policy) === 'ALLOW');
  const failure = (summary: string): Criterion => ({
    id: 'authz-enforced',
    status: 'fail',
    summary,
    evidence,
    fixTemplate: FIX_TEMPLATES.serviceRbac,
  });

  if (enforcement.enforcedBy === 'none' && workload.pods.length > 0) {
    return {
      id: 'authz-enforced',
      status: 'fail',
      summary: `${ref} has pods without a proxy, which enforce no AuthorizationPolicy; any caller reaches them`,
      evidence,
    };
  }

  if (enforced.length === 0) {
    let why = 'no AuthorizationPolicy applies';
    if (applicable.length > 0) {
      why =
        notEnforcedByZtunnel.size > 0
          ? 'the AuthorizationPolicies that apply are not enforced by ztunnel'
          : 'only dry-run AuthorizationPolicies apply; none is enforced';
    }
    evidence.unshift({
      kind: workload.kind,
      namespace: workload.namespace,
      name: workload.name,
      message: why,
    });
    return failure(
      `No AuthorizationPolicy is enforced on ${ref}; any caller is allowed`,
    );
  }

  for (const [port, cause] of Object.entries(input.uncaptured ?? {})) {
    failures.push(
      `port ${port} bypasses the proxy (${cause}), so no policy applies there`,
    );
  }

  if (!ztunnelEnforces || enforcement.enforcedBy === 'waypoint') {
    const l7Allow =
      enforcement.enforcedBy === 'waypoint'
        ? allow.filter(p => enforcement.waypointPolicies.includes(p))
        : allow;
    const allowAll = l7Allow.filter(policy =>
      (policy.spec.rules ?? []).some(
        rule => isValidRule(rule) && allowsAnyCaller(rule),
      ),
    );
    if (allowAll.length > 0) {
      for (const policy of allowAll) {
        const entry = policyEvidence.get(policy)!;
        entry.message = `${entry.message}; allow-all: a rule without sources matches every caller`;
      }
      return failure(
        `${allowAll
          .map(objectKey)
          .join(', ')} on ${ref}: any caller is allowed`,
      );
    }
  }

  // A caller without an mTLS identity, with whatever HTTP attributes suit
  // it best, on each port the proxy sees.
  const containers =
    workload.pods[0]?.spec.containers ??
    index.controllers.get(
      controllerKey(workload.kind, workload.namespace, workload.name),
    )?.spec.template?.spec?.containers ??
    [];
  const services = servicesSelecting(workload, index.services);
  const captured = workload.ports.filter(
    port => !(String(port) in (input.uncaptured ?? {})),
  );
  const permissive = forUnknownHttpRequests(enforcement);
  for (const port of captured.length > 0 ? captured : [undefined]) {
    const protocol =
      port === undefined
        ? 'http'
        : declaredProtocol(services, containers, port) ?? 'http';
    const decision = decideWorkloadAuthorization(
      authorizationInput,
      { ...(port === undefined ? {} : { port }), protocol },
      permissive,
    );
    if (decision.decision === 'ALLOW') {
      const where = port === undefined ? '' : ` on port ${port}`;
      failures.push(
        decision.policy
          ? `a caller without an mTLS identity is allowed${where} by ${decision.policy}`
          : `a caller without an mTLS identity is allowed${where}, as no ALLOW policy is enforced there`,
      );
      break;
    }
  }

  for (const policy of allow) {
    const rules = (policy.spec.rules ?? []).filter(isValidRule);
    const unnamed = rules.filter(
      rule => !identifiesCallers(rule) && !allowsAnyCaller(rule),
    );
    if (unnamed.length === 0) continue;
    const entry = policyEvidence.get(policy)!;
    const described = unnamed
      .map(rule => describeRule(rule, policy.metadata.namespace ?? ''))
      .join('; ');
    entry.message = `${entry.message}; does not name the callers it admits: ${described}`;
    failures.push(
      `${objectKey(
        policy,
      )} admits callers without naming them by mesh identity (${described})`,
    );
  }

  const trustDomains = [
    trustDomain,
    ...(input.trustDomainAliases ?? []),
    'cluster.local',
  ];
  for (const policy of enforced) {
    const unknown = unknownIdentities(policy, serviceAccounts, trustDomains);
    if (unknown.length === 0) continue;
    const entry = policyEvidence.get(policy)!;
    entry.message = `${entry.message}; no ServiceAccount backs ${list(
      unknown,
    )}`;
    warnings.push(
      `${objectKey(policy)} names ${list(unknown)}, which do${
        unknown.length === 1 ? 'es' : ''
      } not exist`,
    );
  }
  if (
    allow.length > 0 &&
    allow.every(policy => (policy.spec.rules ?? []).length === 0)
  ) {
    warnings.unshift('ALLOW policies without rules deny every caller');
  }

  if (failures.length > 0) {
    return failure(
      `Authorization on ${ref} does not hold: ${failures.join('; ')}`,
    );
  }
  if (warnings.length > 0) {
    return {
      id: 'authz-enforced',
      status: 'warn',
      summary: `Authorization on ${ref} is weak: ${warnings.join('; ')}`,
      evidence,
      fixTemplate: FIX_TEMPLATES.serviceRbac,
    };
  }
  return {
    id: 'authz-enforced',
    status: 'pass',
    summary: `${ref} only accepts callers named by ${allow
      .map(objectKey)
      .join(', ')}`,
    evidence,
  };
}

/**
 * `authz-enforced`: an enforced AuthorizationPolicy refuses callers without
 * an identity and names the allowed callers.
 *
 * @public
 */
export const authzEnforcedCriterion: WorkloadCriterionDefinition<'authz-enforced'> =
  {
    id: 'authz-enforced',
    title: 'Authorization enforced',
    scope: 'workload',
    level: 'silver',
    fixTemplates: [FIX_TEMPLATES.serviceRbac],
    evaluate: input =>
      evaluateAuthzEnforced({
        workload: input.workload,
        index: input.index,
        serviceAccounts: input.index.serviceAccounts,
        trustDomain: input.mesh.trustDomain,
        trustDomainAliases: input.mesh.trustDomainAliases,
        extensionProviders: input.mesh.extensionProviders,
        dataplane: input.dataplane,
        predictedDataplane: input.predictedDataplane,
        uncaptured: input.uncaptured,
        enforcement: input.enforcement,
      }),
  };
