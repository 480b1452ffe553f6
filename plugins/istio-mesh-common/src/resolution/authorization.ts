import ipaddr from 'ipaddr.js';
import { applicablePolicies, PolicyTarget } from './policyTargeting';
import {
  AuthorizationAction,
  AuthorizationCondition,
  AuthorizationOperation,
  AuthorizationPolicy,
  AuthorizationRule,
  AuthorizationSource,
  KubernetesObject,
  objectKey,
} from '../resources/objects';

/**
 * AuthorizationPolicies that apply to a workload, as istiod selects them:
 * from the workload's namespace and the root namespace (mesh-wide); by
 * selector (none = every workload in scope); policies with targetRef(s) only
 * for Gateway API gateways they name, never for sidecars.
 *
 * @public
 */
export function applicableAuthorizationPolicies(
  target: PolicyTarget,
  policies: AuthorizationPolicy[],
  rootNamespace: string,
): AuthorizationPolicy[] {
  return applicablePolicies(target, policies, rootNamespace);
}

/**
 * A request to decide on. A source principal implies mTLS and its namespace.
 *
 * @public
 */
export interface AuthorizationRequest {
  /** Peer identity, `<trust-domain>/ns/<namespace>/sa/<service-account>`. */
  sourcePrincipal?: string;
  sourceNamespace?: string;
  sourceIp?: string;
  /** Original client IP (X-Forwarded-For); defaults to `sourceIp`. */
  remoteIp?: string;
  /** JWT identity, `<iss>/<sub>`. */
  requestPrincipal?: string;
  host?: string;
  method?: string;
  path?: string;
  port?: number;
  headers?: Record<string, string>;
  /**
   * `tcp` for plain TCP traffic, where HTTP-only fields (hosts, methods,
   * paths, request principals, `request.*` conditions) cannot be checked.
   * Default `http`.
   */
  protocol?: 'http' | 'tcp';
}

/**
 * The outcome for a request, as the `authz` command prints it.
 *
 * @public
 */
export interface AuthorizationDecision {
  decision: 'ALLOW' | 'DENY';
  /** The policy that decided, `namespace/name`; null for a default. */
  policy: string | null;
  action: AuthorizationAction | null;
  reason: string;
}

// Istio's string match: exact, `prefix*`, `*suffix`, and `*` for "present".
function stringMatch(
  pattern: string,
  value: string | undefined,
  ignoreCase = false,
): boolean {
  if (value === undefined || value === '') return false;
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  if (p === '*') return true;
  if (p.endsWith('*')) return v.startsWith(p.slice(0, -1));
  if (p.startsWith('*')) return v.endsWith(p.slice(1));
  return p === v;
}

function ipInBlock(block: string, ip: string | undefined): boolean {
  if (!ip || !ipaddr.isValid(ip)) return false;
  try {
    const address = ipaddr.process(ip);
    const [range, bits] = block.includes('/')
      ? ipaddr.parseCIDR(block)
      : [
          ipaddr.process(block),
          ipaddr.process(block).kind() === 'ipv4' ? 32 : 128,
        ];
    return address.kind() === range.kind() && address.match(range, bits);
  } catch {
    return false;
  }
}

/**
 * An HTTP-only field on TCP traffic: absent matches; otherwise it either
 * matches (dropped from a DENY) or vetoes the rule (ALLOW).
 */
function httpField<T>(
  f: RequestFacts,
  values: T[] | undefined,
  evaluate: () => boolean,
): boolean {
  if (values === undefined || f.httpOnly === 'evaluate') return evaluate();
  return f.httpOnly === 'always';
}

/** Positive field: absent matches anything; present needs one value to match. */
function field<T>(
  values: T[] | undefined,
  test: (value: T) => boolean,
): boolean {
  return values === undefined || values.some(test);
}
/** Negative field: absent matches anything; present needs no value to match. */
function notField<T>(
  values: T[] | undefined,
  test: (value: T) => boolean,
): boolean {
  return values === undefined || !values.some(test);
}

interface RequestFacts {
  principal?: string;
  namespace?: string;
  serviceAccount?: string;
  trustDomain?: string;
  request: AuthorizationRequest;
  /**
   * On TCP, how HTTP-only fields count: in ALLOW policies a rule using one
   * is dropped (`never`); in DENY, AUDIT and CUSTOM the field is dropped
   * (`always`). On HTTP they are evaluated (`evaluate`).
   */
  httpOnly: 'evaluate' | 'never' | 'always';
}

function facts(
  request: AuthorizationRequest,
  action: AuthorizationAction,
): RequestFacts {
  const match = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(
    request.sourcePrincipal ?? '',
  );
  let httpOnly: RequestFacts['httpOnly'] = 'evaluate';
  if (request.protocol === 'tcp') {
    httpOnly = action === 'ALLOW' ? 'never' : 'always';
  }
  return {
    principal: request.sourcePrincipal,
    // Without a principal there is no mTLS identity, hence no namespace.
    namespace:
      match?.[2] ??
      (request.sourcePrincipal ? undefined : request.sourceNamespace),
    serviceAccount: match ? `${match[2]}/${match[3]}` : undefined,
    trustDomain: match?.[1],
    request,
    httpOnly,
  };
}

function serviceAccountMatches(
  entry: string,
  policyNamespace: string,
  actual?: string,
) {
  const qualified = entry.includes('/') ? entry : `${policyNamespace}/${entry}`;
  return actual === qualified;
}

function sourceMatches(
  source: AuthorizationSource,
  f: RequestFacts,
  policyNamespace: string,
) {
  const { request } = f;
  const remote = request.remoteIp ?? request.sourceIp;
  return (
    field(source.principals, p => stringMatch(p, f.principal)) &&
    notField(source.notPrincipals, p => stringMatch(p, f.principal)) &&
    httpField(f, source.requestPrincipals, () =>
      field(source.requestPrincipals, p =>
        stringMatch(p, request.requestPrincipal),
      ),
    ) &&
    httpField(f, source.notRequestPrincipals, () =>
      notField(source.notRequestPrincipals, p =>
        stringMatch(p, request.requestPrincipal),
      ),
    ) &&
    field(source.trustDomains, t => stringMatch(t, f.trustDomain)) &&
    notField(source.notTrustDomains, t => stringMatch(t, f.trustDomain)) &&
    field(source.namespaces, n => stringMatch(n, f.namespace)) &&
    notField(source.notNamespaces, n => stringMatch(n, f.namespace)) &&
    field(source.serviceAccounts, s =>
      serviceAccountMatches(s, policyNamespace, f.serviceAccount),
    ) &&
    notField(source.notServiceAccounts, s =>
      serviceAccountMatches(s, policyNamespace, f.serviceAccount),
    ) &&
    field(source.ipBlocks, b => ipInBlock(b, request.sourceIp)) &&
    notField(source.notIpBlocks, b => ipInBlock(b, request.sourceIp)) &&
    field(source.remoteIpBlocks, b => ipInBlock(b, remote)) &&
    notField(source.notRemoteIpBlocks, b => ipInBlock(b, remote))
  );
}

function operationMatches(operation: AuthorizationOperation, f: RequestFacts) {
  const { request } = f;
  const port = request.port === undefined ? undefined : String(request.port);
  const http = (values: string[] | undefined, test: () => boolean) =>
    httpField(f, values, test);
  return (
    http(operation.hosts, () =>
      field(operation.hosts, h => stringMatch(h, request.host, true)),
    ) &&
    http(operation.notHosts, () =>
      notField(operation.notHosts, h => stringMatch(h, request.host, true)),
    ) &&
    field(operation.ports, p => p === port) &&
    notField(operation.notPorts, p => p === port) &&
    http(operation.methods, () =>
      field(operation.methods, m => stringMatch(m, request.method)),
    ) &&
    http(operation.notMethods, () =>
      notField(operation.notMethods, m => stringMatch(m, request.method)),
    ) &&
    http(operation.paths, () =>
      field(operation.paths, p => stringMatch(p, request.path)),
    ) &&
    http(operation.notPaths, () =>
      notField(operation.notPaths, p => stringMatch(p, request.path)),
    )
  );
}

function conditionValue(key: string, f: RequestFacts): string | undefined {
  const { request } = f;
  const header = /^request\.headers\[(.+)\]$/.exec(key);
  if (header) {
    const name = header[1].toLowerCase();
    const entry = Object.entries(request.headers ?? {}).find(
      ([k]) => k.toLowerCase() === name,
    );
    return entry?.[1];
  }
  switch (key) {
    case 'source.ip':
      return request.sourceIp;
    case 'remote.ip':
      return request.remoteIp ?? request.sourceIp;
    case 'source.namespace':
      return f.namespace;
    case 'source.principal':
      return f.principal;
    case 'source.serviceAccount':
      return f.serviceAccount;
    case 'source.trustDomain':
      return f.trustDomain;
    case 'request.auth.principal':
      return request.requestPrincipal;
    case 'destination.port':
      return request.port === undefined ? undefined : String(request.port);
    default:
      return undefined;
  }
}

function conditionMatches(
  condition: AuthorizationCondition,
  f: RequestFacts,
): boolean {
  if (condition.key.startsWith('request.')) {
    return httpField(f, [condition.key], () =>
      plainConditionMatches(condition, f),
    );
  }
  return plainConditionMatches(condition, f);
}

function plainConditionMatches(
  condition: AuthorizationCondition,
  f: RequestFacts,
) {
  const value = conditionValue(condition.key, f);
  const isIp =
    condition.key === 'source.ip' ||
    condition.key === 'remote.ip' ||
    condition.key === 'destination.ip';
  const test = (v: string) =>
    isIp ? ipInBlock(v, value) : stringMatch(v, value);
  return field(condition.values, test) && notField(condition.notValues, test);
}

function ruleMatches(
  rule: AuthorizationRule,
  f: RequestFacts,
  policyNamespace: string,
) {
  return (
    (rule.from === undefined ||
      rule.from.some(
        entry =>
          !entry.source || sourceMatches(entry.source, f, policyNamespace),
      )) &&
    (rule.to === undefined ||
      rule.to.some(
        entry => !entry.operation || operationMatches(entry.operation, f),
      )) &&
    (rule.when ?? []).every(condition => conditionMatches(condition, f))
  );
}

/**
 * Whether a policy matches a request: any of its rules matches; a policy
 * without rules matches nothing (so an ALLOW without rules allows nothing).
 *
 * @public
 */
export function policyMatches(
  policy: AuthorizationPolicy,
  request: AuthorizationRequest,
): boolean {
  const f = facts(request, policy.spec.action ?? 'ALLOW');
  return (policy.spec.rules ?? []).some(rule =>
    ruleMatches(rule, f, policy.metadata.namespace ?? ''),
  );
}

/**
 * Whether a policy only shadows (annotation `istio.io/dry-run: "true"`):
 * evaluated and logged, never enforced.
 *
 * @public
 */
export function isDryRun(policy: KubernetesObject): boolean {
  return policy.metadata.annotations?.['istio.io/dry-run'] === 'true';
}

/**
 * Decides a request against the policies that apply to the target workload,
 * in Istio's order: CUSTOM (decided at run time by its provider; assumed to
 * allow here, and said so), then DENY, then ALLOW (deny by default once any
 * ALLOW policy applies). AUDIT and dry-run policies never decide.
 *
 * @public
 */
export function decideAuthorization(
  applicable: AuthorizationPolicy[],
  request: AuthorizationRequest,
): AuthorizationDecision {
  const enforced = applicable.filter(p => !isDryRun(p));
  const byAction = (action: AuthorizationAction) =>
    enforced.filter(p => (p.spec.action ?? 'ALLOW') === action);
  const notes: string[] = [];

  const custom = byAction('CUSTOM').find(p => policyMatches(p, request));
  if (custom) {
    notes.push(
      `CUSTOM policy ${objectKey(custom)} sends it to provider ${
        custom.spec.provider?.name ?? '(none)'
      }, which decides at run time`,
    );
  }
  const audit = byAction('AUDIT').filter(p => policyMatches(p, request));
  if (audit.length) notes.push(`audited by ${audit.map(objectKey).join(', ')}`);
  const suffix = notes.length ? `; ${notes.join('; ')}` : '';

  const deny = byAction('DENY').find(p => policyMatches(p, request));
  if (deny) {
    return {
      decision: 'DENY',
      policy: objectKey(deny),
      action: 'DENY',
      reason: `denied by DENY policy ${objectKey(deny)}${suffix}`,
    };
  }
  const allowPolicies = byAction('ALLOW');
  if (allowPolicies.length === 0) {
    return custom
      ? {
          decision: 'ALLOW',
          policy: objectKey(custom),
          action: 'CUSTOM',
          reason: `no ALLOW policy applies${suffix}`,
        }
      : {
          decision: 'ALLOW',
          policy: null,
          action: null,
          reason: `no ALLOW policy applies, so Istio allows by default${suffix}`,
        };
  }
  const allow = allowPolicies.find(p => policyMatches(p, request));
  if (allow) {
    return {
      decision: 'ALLOW',
      policy: objectKey(allow),
      action: 'ALLOW',
      reason: `allowed by ALLOW policy ${objectKey(allow)}${suffix}`,
    };
  }
  return {
    decision: 'DENY',
    policy: null,
    action: null,
    reason: `denied by default: ALLOW policies apply (${allowPolicies
      .map(objectKey)
      .join(', ')}) but none matches${suffix}`,
  };
}
