import { Criterion, Evidence } from '../types/criteria';
import { Dataplane } from '../types/mesh';
import { MeshIndex } from '../resources/meshIndex';
import {
  AuthorizationOperation,
  AuthorizationPolicy,
  AuthorizationRule,
  AuthorizationSource,
  objectKey,
} from '../resources/objects';
import { Workload } from '../resolution/workloads';
import {
  applicableAuthorizationPolicies,
  isDryRun,
} from '../resolution/authorization';
import { FIX_TEMPLATES } from './fixTemplates';

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
  /**
   * The workload's data plane; policies are enforced by its proxy, so
   * `none` means nothing is enforced whatever applies.
   */
  dataplane?: Dataplane;
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

function identifiesCallers(rule: AuthorizationRule): boolean {
  return (
    (rule.from ?? []).some(entry => namesIdentities(entry.source)) ||
    (rule.when ?? []).some(c => IDENTITY_CONDITIONS.has(c.key))
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
 * `<trustDomain>/ns/<namespace>/sa/<name>`; wildcards and other trust
 * domains cannot be checked. Kubernetes creates a `default` ServiceAccount
 * in every namespace, so it always counts as existing.
 */
function unknownIdentities(
  policy: AuthorizationPolicy,
  serviceAccounts: ReadonlySet<string>,
  trustDomain: string,
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
        if (!match || principal.includes('*') || match[1] !== trustDomain) {
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

/**
 * `authz-enforced` for one workload: an enforced ALLOW AuthorizationPolicy
 * applies and names its callers (principals, namespaces or service
 * accounts), no applicable ALLOW rule lets any caller through, and every
 * ServiceAccount a policy names exists.
 *
 * @public
 */
export function evaluateAuthzEnforced(input: AuthzEnforcedInput): Criterion {
  const { workload, index, serviceAccounts, trustDomain } = input;
  const ref = `${workload.kind} ${workload.namespace}/${workload.name}`;
  const applicable = applicableAuthorizationPolicies(
    workload,
    index.authorizationPolicies,
    index.rootNamespace,
  );
  const evidence: Evidence[] = [];
  const policyEvidence = new Map<AuthorizationPolicy, Evidence>();
  for (const policy of applicable) {
    const entry: Evidence = {
      kind: 'AuthorizationPolicy',
      namespace: policy.metadata.namespace ?? '',
      name: policy.metadata.name,
      message: describePolicy(policy),
    };
    policyEvidence.set(policy, entry);
    evidence.push(entry);
  }
  const enforced = applicable.filter(policy => !isDryRun(policy));
  const allow = enforced.filter(policy => actionOf(policy) === 'ALLOW');
  const failure = (summary: string): Criterion => ({
    id: 'authz-enforced',
    status: 'fail',
    summary,
    evidence,
    fixTemplate: FIX_TEMPLATES.serviceRbac,
  });

  if (input.dataplane === 'none' && workload.pods.length > 0) {
    return {
      id: 'authz-enforced',
      status: 'fail',
      summary: `${ref} has pods without a proxy, which enforce no AuthorizationPolicy; any caller reaches them`,
      evidence,
    };
  }

  if (enforced.length === 0) {
    evidence.unshift({
      kind: workload.kind,
      namespace: workload.namespace,
      name: workload.name,
      message:
        applicable.length > 0
          ? 'only dry-run AuthorizationPolicies apply; none is enforced'
          : 'no AuthorizationPolicy applies',
    });
    return failure(
      `No AuthorizationPolicy is enforced on ${ref}; any caller is allowed`,
    );
  }

  const allowAll = allow.filter(policy =>
    (policy.spec.rules ?? []).some(allowsAnyCaller),
  );
  if (allowAll.length > 0) {
    for (const policy of allowAll) {
      const entry = policyEvidence.get(policy)!;
      entry.message = `${entry.message}; allow-all: a rule without sources matches every caller`;
    }
    return failure(
      `${allowAll.map(objectKey).join(', ')} on ${ref}: any caller is allowed`,
    );
  }

  const problems: string[] = [];
  for (const policy of enforced) {
    const unknown = unknownIdentities(policy, serviceAccounts, trustDomain);
    if (unknown.length === 0) continue;
    const entry = policyEvidence.get(policy)!;
    entry.message = `${entry.message}; no ServiceAccount backs ${list(
      unknown,
    )}`;
    problems.push(
      `${objectKey(policy)} names ${list(unknown)}, which do${
        unknown.length === 1 ? 'es' : ''
      } not exist`,
    );
  }
  if (allow.length === 0) {
    problems.unshift(
      `only ${[...new Set(enforced.map(actionOf))].join(
        '/',
      )} policies apply, so every caller they do not deny is allowed`,
    );
  } else {
    const identified = allow.some(policy =>
      (policy.spec.rules ?? []).some(identifiesCallers),
    );
    if (!identified) {
      problems.unshift(
        allow.every(policy => (policy.spec.rules ?? []).length === 0)
          ? 'ALLOW policies without rules deny every caller'
          : 'ALLOW policies restrict callers by JWT or IP, not by mesh identity',
      );
    }
  }
  if (problems.length > 0) {
    return {
      id: 'authz-enforced',
      status: 'warn',
      summary: `Authorization on ${ref} is weak: ${problems.join('; ')}`,
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
