import ipaddr from 'ipaddr.js';
import { applicablePolicies, PolicyTarget } from './policyTargeting';
import { matchesWildcard } from '../resources/wildcard';
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
 * Which proxy enforces authorization for a request: the workload's
 * `sidecar` (or a gateway's Envoy), the node's `ztunnel` (ambient, L4
 * only), the `waypoint` the workload's Service or namespace uses (ambient,
 * L7), or `none` (no proxy, or a port the proxy never sees).
 *
 * @public
 */
export type EnforcementPoint = 'sidecar' | 'ztunnel' | 'waypoint' | 'none';

/**
 * A request to decide on. A source principal implies mTLS and its namespace.
 *
 * @public
 */
export interface AuthorizationRequest {
  /**
   * Peer identity, `<trust-domain>/ns/<namespace>/sa/<service-account>`
   * (a `spiffe://` prefix is accepted). Absent: the caller has no mTLS
   * identity (plaintext), unless `sourceNamespace` is given.
   */
  sourcePrincipal?: string;
  /**
   * Without `sourcePrincipal`: an authenticated (mTLS) caller in this
   * namespace whose service account is not known. Ignored with a principal,
   * which carries its own namespace.
   */
  sourceNamespace?: string;
  sourceIp?: string;
  /** Original client IP (X-Forwarded-For); defaults to `sourceIp`. */
  remoteIp?: string;
  /** JWT identity, `<iss>/<sub>`. */
  requestPrincipal?: string;
  host?: string;
  method?: string;
  /** Request path; a query string or fragment is not part of what is matched. */
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
  /** The proxy whose policies decided; `none` when no proxy enforces any. */
  enforcedBy: EnforcementPoint;
}

/**
 * The mesh settings a decision depends on.
 *
 * @public
 */
export interface AuthorizationOptions {
  /**
   * meshConfig `trustDomain` followed by its `trustDomainAliases`; a
   * principal written with any of them, or with `cluster.local`, stands for
   * the same identity in each. Default `['cluster.local']`.
   */
  trustDomains?: readonly string[];
  /**
   * meshConfig `extensionProviders` names. A CUSTOM policy whose provider is
   * not among them denies what it matches. Undefined when not known: the
   * provider is then assumed to exist and to decide at run time.
   */
  extensionProviders?: readonly string[];
  /** The proxy that evaluates the policies given; default `sidecar`. */
  enforcedBy?: EnforcementPoint;
}

// `when` keys istiod knows (pilot/pkg/security/authz/model/model.go New);
// any other key makes its rule invalid, and istiod skips the rule.
const KNOWN_CONDITION_KEYS = new Set([
  'destination.ip',
  'destination.port',
  'connection.sni',
  'source.ip',
  'remote.ip',
  'source.namespace',
  'source.trustDomain',
  'source.serviceAccount',
  'source.principal',
  'request.auth.principal',
  'request.auth.audiences',
  'request.auth.presenter',
]);
const KNOWN_CONDITION_PREFIXES = [
  'experimental.envoy.filters.',
  'request.headers',
  'request.auth.claims',
];

/**
 * Whether istiod accepts a `when` key; an unknown key makes istiod skip
 * the whole rule ("skipped invalid rule").
 *
 * @public
 */
export function isKnownConditionKey(key: string): boolean {
  return (
    KNOWN_CONDITION_KEYS.has(key) ||
    KNOWN_CONDITION_PREFIXES.some(prefix => key.startsWith(prefix))
  );
}

// Go's strconv.ParseBool.
const PARSE_BOOL_TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];

/**
 * Whether a policy only shadows (annotation `istio.io/dry-run`, read as
 * Go's `strconv.ParseBool` reads it: `1`, `t`, `T`, `TRUE`, `true`,
 * `True`): evaluated and logged, never enforced. A value ParseBool rejects
 * leaves the policy enforced.
 *
 * @public
 */
export function isDryRun(policy: KubernetesObject): boolean {
  const value = policy.metadata.annotations?.['istio.io/dry-run'];
  return value !== undefined && PARSE_BOOL_TRUE.includes(value);
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

const escapeRegex = (text: string) =>
  text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// `*` anywhere stands for any characters (srcNamespaceGenerator).
function globMatch(pattern: string, value: string | undefined): boolean {
  return value !== undefined && matchesWildcard(pattern, value);
}

const PATH_TEMPLATE = /\{\*\*?\}/;

/**
 * The path Istio matches: without the query string and fragment
 * (Envoy's `url_path` and `removeQueryAndFragment`).
 */
function matchedPath(path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const end = path.search(/[?#]/);
  return end < 0 ? path : path.slice(0, end);
}

/**
 * A path pattern: a URI template when it holds `{*}` (exactly one
 * non-empty segment) or `{**}` (zero or more characters, `/` included, as
 * Envoy's uri_template `**`), else Istio's string match.
 */
function pathMatch(pattern: string, path: string | undefined): boolean {
  const value = matchedPath(path);
  if (!PATH_TEMPLATE.test(pattern)) return stringMatch(pattern, value);
  if (value === undefined) return false;
  const regex = pattern
    .split(/(\{\*\*\}|\{\*\})/)
    .map(part => {
      if (part === '{**}') return '.*';
      if (part === '{*}') return '[^/]+';
      return escapeRegex(part);
    })
    .join('');
  return new RegExp(`^${regex}$`).test(value);
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

/** Values of a field; an absent field and an empty list both constrain nothing. */
const present = <T>(values: T[] | undefined): values is T[] =>
  values !== undefined && values.length > 0;

/** Positive field: absent or empty matches anything; else one value must match. */
function field<T>(values: T[] | undefined, test: (value: T) => boolean) {
  return !present(values) || values.some(test);
}
/** Negative field: absent or empty matches anything; else no value may match. */
function notField<T>(values: T[] | undefined, test: (value: T) => boolean) {
  return !present(values) || !values.some(test);
}

/** What is known of the caller, read from the request. */
interface RequestFacts {
  /** `spiffe://<principal>` of an mTLS caller with a known principal. */
  uri?: string;
  principal?: string;
  namespace?: string;
  /** `namespace/name`. */
  serviceAccount?: string;
  trustDomain?: string;
  request: AuthorizationRequest;
  path?: string;
  /**
   * On TCP, how HTTP-only fields count: in ALLOW policies a rule using one
   * is dropped (`never`); in DENY, AUDIT and CUSTOM the field is dropped
   * (`always`). On HTTP they are evaluated (`evaluate`).
   */
  httpOnly: 'evaluate' | 'never' | 'always';
}

const PRINCIPAL = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/;

function facts(
  request: AuthorizationRequest,
  action: AuthorizationAction,
): RequestFacts {
  const principal = request.sourcePrincipal?.replace(/^spiffe:\/\//, '');
  const match = PRINCIPAL.exec(principal ?? '');
  let httpOnly: RequestFacts['httpOnly'] = 'evaluate';
  if (request.protocol === 'tcp') {
    httpOnly = action === 'ALLOW' ? 'never' : 'always';
  }
  return {
    ...(principal ? { uri: `spiffe://${principal}`, principal } : {}),
    // An authenticated caller whose service account is not known still has
    // its namespace; a caller without either has no identity at all.
    namespace: principal ? match?.[2] : request.sourceNamespace,
    serviceAccount: match ? `${match[2]}/${match[3]}` : undefined,
    trustDomain: match?.[1],
    request,
    path: request.path,
    httpOnly,
  };
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
  if (!present(values) || f.httpOnly === 'evaluate') return evaluate();
  return f.httpOnly === 'always';
}

/**
 * Principals of a policy with their trust domain replaced by the mesh's
 * and each alias (istio `trustdomain.Bundle.ReplaceTrustDomainAliases`): a
 * principal naming `cluster.local`, the trust domain or an alias stands for
 * the same identity in each of them; others are kept as written.
 */
function withTrustDomainAliases(
  principals: string[],
  trustDomains: readonly string[],
): string[] {
  const domainMatches = (pattern: string, domain: string) =>
    pattern.startsWith('*')
      ? domain.endsWith(pattern.slice(1))
      : pattern === domain;
  const result: string[] = [];
  const add = (principal: string) => {
    if (!result.includes(principal)) result.push(principal);
  };
  for (const principal of principals) {
    const parts = principal.split('/');
    if (parts.length !== 5 || parts[0] === '*') {
      add(principal);
      continue;
    }
    const domain = parts[0];
    const local =
      domain === 'cluster.local' ||
      trustDomains.some(td => domainMatches(td, domain));
    if (!local) {
      add(principal);
      continue;
    }
    for (const td of trustDomains) {
      add(
        domainMatches(domain, td)
          ? principal
          : [td, ...parts.slice(1)].join('/'),
      );
    }
  }
  return result;
}

/** Trust domains of a policy with each alias expanded to all of them. */
function withAliasDomains(values: string[], trustDomains: readonly string[]) {
  const result: string[] = [];
  for (const value of values) {
    for (const domain of trustDomains.includes(value)
      ? trustDomains
      : [value]) {
      if (!result.includes(domain)) result.push(domain);
    }
  }
  return result;
}

function trustDomainMatch(pattern: string, f: RequestFacts): boolean {
  if (!f.uri || !f.trustDomain) return false;
  if (pattern === '*') return true;
  if (!pattern.includes('*')) return f.trustDomain === pattern;
  const [before, after] = pattern.split('*', 2);
  return new RegExp(
    `^${escapeRegex(before)}[^/]*${escapeRegex(after ?? '')}$`,
  ).test(f.trustDomain);
}

// srcPrincipalGenerator: the pattern with `spiffe://` prepended, matched
// against the peer certificate's URI; only mTLS callers have one.
function principalMatch(pattern: string, f: RequestFacts): boolean {
  if (!f.uri) return false;
  return stringMatch(
    pattern === '*' ? '*' : `spiffe://${pattern}`.replace('spiffe://*', '*'),
    f.uri,
  );
}

// srcNamespaceGenerator: `/ns/<namespace>/` of the peer's identity.
function namespaceMatch(pattern: string, f: RequestFacts): boolean {
  return f.namespace !== undefined && globMatch(pattern, f.namespace);
}

// srcServiceAccountGenerator: `sa` or `ns/sa`, in the policy's namespace by default.
function serviceAccountMatch(
  entry: string,
  policyNamespace: string,
  f: RequestFacts,
): boolean {
  const qualified = entry.includes('/') ? entry : `${policyNamespace}/${entry}`;
  return f.serviceAccount === qualified;
}

interface PolicyContext {
  namespace: string;
  trustDomains: readonly string[];
}

function sourceMatches(
  source: AuthorizationSource,
  f: RequestFacts,
  policy: PolicyContext,
) {
  const { request } = f;
  const remote = request.remoteIp ?? request.sourceIp;
  const principals = (values: string[] | undefined) =>
    present(values)
      ? withTrustDomainAliases(values, policy.trustDomains)
      : undefined;
  const domains = (values: string[] | undefined) =>
    present(values) ? withAliasDomains(values, policy.trustDomains) : undefined;
  return (
    field(principals(source.principals), p => principalMatch(p, f)) &&
    notField(principals(source.notPrincipals), p => principalMatch(p, f)) &&
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
    field(domains(source.trustDomains), t => trustDomainMatch(t, f)) &&
    notField(domains(source.notTrustDomains), t => trustDomainMatch(t, f)) &&
    field(source.namespaces, n => namespaceMatch(n, f)) &&
    notField(source.notNamespaces, n => namespaceMatch(n, f)) &&
    field(source.serviceAccounts, s =>
      serviceAccountMatch(s, policy.namespace, f),
    ) &&
    notField(source.notServiceAccounts, s =>
      serviceAccountMatch(s, policy.namespace, f),
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
      field(operation.paths, p => pathMatch(p, f.path)),
    ) &&
    http(operation.notPaths, () =>
      notField(operation.notPaths, p => pathMatch(p, f.path)),
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
    case 'request.auth.principal':
      return request.requestPrincipal;
    case 'destination.port':
      return request.port === undefined ? undefined : String(request.port);
    default:
      return undefined;
  }
}

function conditionTest(
  key: string,
  f: RequestFacts,
  policy: PolicyContext,
): (value: string) => boolean {
  switch (key) {
    case 'source.principal':
      return v =>
        withTrustDomainAliases([v], policy.trustDomains).some(p =>
          principalMatch(p, f),
        );
    case 'source.namespace':
      return v => namespaceMatch(v, f);
    case 'source.serviceAccount':
      return v => serviceAccountMatch(v, policy.namespace, f);
    case 'source.trustDomain':
      return v =>
        withAliasDomains([v], policy.trustDomains).some(t =>
          trustDomainMatch(t, f),
        );
    case 'source.ip':
    case 'remote.ip':
    case 'destination.ip': {
      const value = conditionValue(key, f);
      return v => ipInBlock(v, value);
    }
    default: {
      const value = conditionValue(key, f);
      return v => stringMatch(v, value);
    }
  }
}

function conditionMatches(
  condition: AuthorizationCondition,
  f: RequestFacts,
  policy: PolicyContext,
): boolean {
  const evaluate = () => {
    const test = conditionTest(condition.key, f, policy);
    return field(condition.values, test) && notField(condition.notValues, test);
  };
  if (condition.key.startsWith('request.')) {
    return httpField(f, [condition.key], evaluate);
  }
  return evaluate();
}

/**
 * Whether istiod keeps a rule: every `when` key must be one it knows.
 *
 * @public
 */
export function isValidRule(rule: AuthorizationRule): boolean {
  return (rule.when ?? []).every(c => isKnownConditionKey(c.key));
}

function ruleMatches(
  rule: AuthorizationRule,
  f: RequestFacts,
  policy: PolicyContext,
) {
  if (!isValidRule(rule)) return false;
  return (
    (!present(rule.from) ||
      rule.from.some(
        entry => !entry.source || sourceMatches(entry.source, f, policy),
      )) &&
    (!present(rule.to) ||
      rule.to.some(
        entry => !entry.operation || operationMatches(entry.operation, f),
      )) &&
    (rule.when ?? []).every(condition => conditionMatches(condition, f, policy))
  );
}

/**
 * Whether a policy matches a request, as the sidecar's (or a waypoint's)
 * RBAC filter evaluates it: any of its valid rules matches; a policy
 * without rules matches nothing (so an ALLOW without rules allows nothing).
 *
 * @public
 */
export function policyMatches(
  policy: AuthorizationPolicy,
  request: AuthorizationRequest,
  options: AuthorizationOptions = {},
): boolean {
  const f = facts(request, policy.spec.action ?? 'ALLOW');
  const context: PolicyContext = {
    namespace: policy.metadata.namespace ?? '',
    trustDomains: options.trustDomains ?? ['cluster.local'],
  };
  return (policy.spec.rules ?? []).some(rule => ruleMatches(rule, f, context));
}

function describeCaller(request: AuthorizationRequest): string | undefined {
  if (request.sourcePrincipal) return undefined;
  if (request.sourceNamespace) {
    return `the caller is an mTLS peer in namespace ${request.sourceNamespace} with no service account given, so rules naming principals or service accounts do not match it`;
  }
  return 'the caller has no mTLS identity (plaintext), so rules naming principals, namespaces or service accounts do not match it';
}

/**
 * Decides a request against the policies that apply to the target workload,
 * as the Envoy proxy given by `options.enforcedBy` (a sidecar or a
 * waypoint) does, in Istio's order: CUSTOM (a provider missing from the
 * mesh's `extensionProviders` denies what the policy matches; a known one
 * decides at run time and is assumed to allow, which the reason says), then
 * DENY, then ALLOW (deny by default once any ALLOW policy applies). AUDIT
 * and dry-run policies never decide; rules with unknown `when` keys are
 * skipped, as istiod skips them.
 *
 * @public
 */
export function decideAuthorization(
  applicable: AuthorizationPolicy[],
  request: AuthorizationRequest,
  options: AuthorizationOptions = {},
): AuthorizationDecision {
  const enforcedBy = options.enforcedBy ?? 'sidecar';
  const enforced = applicable.filter(p => !isDryRun(p));
  const byAction = (action: AuthorizationAction) =>
    enforced.filter(p => (p.spec.action ?? 'ALLOW') === action);
  const matches = (p: AuthorizationPolicy) =>
    policyMatches(p, request, options);
  const notes: string[] = [];
  const caller = describeCaller(request);
  if (caller) notes.push(caller);

  const customMatches = byAction('CUSTOM').filter(matches);
  const missing = customMatches.find(
    p =>
      options.extensionProviders !== undefined &&
      !options.extensionProviders.includes(p.spec.provider?.name ?? ''),
  );
  if (missing) {
    return {
      decision: 'DENY',
      policy: objectKey(missing),
      action: 'CUSTOM',
      reason: `denied by CUSTOM policy ${objectKey(missing)}: its provider ${
        missing.spec.provider?.name ?? '(none)'
      } is not in the mesh's extensionProviders, so istiod denies what the policy matches${suffixOf(
        notes,
      )}`,
      enforcedBy,
    };
  }
  const [custom] = customMatches;
  if (custom) {
    notes.push(
      `CUSTOM policy ${objectKey(custom)} sends it to provider ${
        custom.spec.provider?.name ?? '(none)'
      }, which decides at run time`,
    );
  }
  const audit = byAction('AUDIT').filter(matches);
  if (audit.length) notes.push(`audited by ${audit.map(objectKey).join(', ')}`);
  const suffix = suffixOf(notes);

  const deny = byAction('DENY').find(matches);
  if (deny) {
    return {
      decision: 'DENY',
      policy: objectKey(deny),
      action: 'DENY',
      reason: `denied by DENY policy ${objectKey(deny)}${suffix}`,
      enforcedBy,
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
          enforcedBy,
        }
      : {
          decision: 'ALLOW',
          policy: null,
          action: null,
          reason: `no ALLOW policy applies, so Istio allows by default${suffix}`,
          enforcedBy,
        };
  }
  const allow = allowPolicies.find(matches);
  if (allow) {
    return {
      decision: 'ALLOW',
      policy: objectKey(allow),
      action: 'ALLOW',
      reason: `allowed by ALLOW policy ${objectKey(allow)}${suffix}`,
      enforcedBy,
    };
  }
  return {
    decision: 'DENY',
    policy: null,
    action: null,
    reason: `denied by default: ALLOW policies apply (${allowPolicies
      .map(objectKey)
      .join(', ')}) but none matches${suffix}`,
    enforcedBy,
  };
}

function suffixOf(notes: string[]): string {
  return notes.length ? `; ${notes.join('; ')}` : '';
}
