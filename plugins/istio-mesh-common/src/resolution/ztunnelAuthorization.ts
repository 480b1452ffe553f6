import ipaddr from 'ipaddr.js';
import {
  AuthorizationPolicy,
  AuthorizationRule,
  objectKey,
} from '../resources/objects';
import {
  AuthorizationDecision,
  AuthorizationRequest,
  isDryRun,
} from './authorization';

/**
 * One L4 match as ztunnel receives it: every non-empty field must match,
 * `not*` fields must not. A match with no field at all is skipped by
 * ztunnel: it matches nothing.
 *
 * @public
 */
export interface ZtunnelMatch {
  namespaces?: string[];
  notNamespaces?: string[];
  /** `namespace/name`. */
  serviceAccounts?: string[];
  notServiceAccounts?: string[];
  principals?: string[];
  notPrincipals?: string[];
  sourceIps?: string[];
  notSourceIps?: string[];
  destinationIps?: string[];
  notDestinationIps?: string[];
  destinationPorts?: number[];
  notDestinationPorts?: number[];
}

/**
 * An AuthorizationPolicy as istiod hands it to ztunnel (istio
 * `pilot/pkg/serviceregistry/ambient/authorization.go`
 * convertAuthorizationPolicy): one group per kept rule; a group's clauses
 * (its `to`, its `from`, one per `when`) must all match, and a clause
 * matches when any of its non-empty matches does.
 *
 * @public
 */
export interface ZtunnelPolicy {
  policy: AuthorizationPolicy;
  /** `ALLOW` or `DENY`; absent when ztunnel does not enforce the policy. */
  action?: 'ALLOW' | 'DENY';
  groups: ZtunnelMatch[][][];
  /** Why ztunnel does not enforce the policy at all, when it does not. */
  notEnforced?: string;
  /** The HTTP attributes istiod left out, when it kept the policy. */
  httpAttributes: string[];
  /** A DENY that lost every enforceable rule to its HTTP attributes. */
  noEffect: boolean;
}

const present = <T>(values: T[] | undefined): values is T[] =>
  values !== undefined && values.length > 0;

const L4_CONDITIONS = new Set([
  'source.ip',
  'source.namespace',
  'source.principal',
  'destination.ip',
  'destination.port',
]);

function ports(values: string[] | undefined): number[] | undefined {
  if (!present(values)) return undefined;
  const result = values
    .map(v => (/^\d+$/.test(v) ? Number(v) : NaN))
    .filter(p => Number.isInteger(p) && p <= 65535);
  return result;
}

function qualify(accounts: string[] | undefined, namespace: string) {
  if (!present(accounts)) return undefined;
  return accounts.map(a => (a.includes('/') ? a : `${namespace}/${a}`));
}

function withoutEmpty(match: ZtunnelMatch): ZtunnelMatch {
  return Object.fromEntries(
    Object.entries(match).filter(([, v]) => Array.isArray(v) && v.length > 0),
  ) as ZtunnelMatch;
}

const isEmptyMatch = (match: ZtunnelMatch) => Object.keys(match).length === 0;

/** One rule: its clauses and the HTTP attributes it used. */
function convertRule(
  rule: AuthorizationRule,
  namespace: string,
): { clauses: ZtunnelMatch[][]; http: string[] } {
  const http: string[] = [];
  const note = (name: string, values: unknown[] | undefined) => {
    if (present(values) && !http.includes(name)) http.push(name);
  };
  const clauses: ZtunnelMatch[][] = [];
  const to = (rule.to ?? []).map(({ operation: op = {} }) => {
    note('hosts', op.hosts);
    note('notHosts', op.notHosts);
    note('methods', op.methods);
    note('notMethods', op.notMethods);
    note('paths', op.paths);
    note('notPaths', op.notPaths);
    return withoutEmpty({
      destinationPorts: ports(op.ports),
      notDestinationPorts: ports(op.notPorts),
    });
  });
  const from = (rule.from ?? []).map(({ source: s = {} }) => {
    note('remoteIpBlocks', s.remoteIpBlocks);
    note('notRemoteIpBlocks', s.notRemoteIpBlocks);
    note('requestPrincipals', s.requestPrincipals);
    note('notRequestPrincipals', s.notRequestPrincipals);
    // trustDomains has no ztunnel field and is left out without notice.
    return withoutEmpty({
      sourceIps: s.ipBlocks,
      notSourceIps: s.notIpBlocks,
      namespaces: s.namespaces,
      notNamespaces: s.notNamespaces,
      serviceAccounts: qualify(s.serviceAccounts, namespace),
      notServiceAccounts: qualify(s.notServiceAccounts, namespace),
      principals: s.principals,
      notPrincipals: s.notPrincipals,
    });
  });
  if (to.length > 0) clauses.push(to);
  if (from.length > 0) clauses.push(from);
  for (const when of rule.when ?? []) {
    if (!L4_CONDITIONS.has(when.key)) {
      if (!http.includes(when.key)) http.push(when.key);
    }
    const of = (key: string, values: string[] | undefined) =>
      when.key === key ? values : undefined;
    clauses.push([
      withoutEmpty({
        namespaces: of('source.namespace', when.values),
        notNamespaces: of('source.namespace', when.notValues),
        principals: of('source.principal', when.values),
        notPrincipals: of('source.principal', when.notValues),
        sourceIps: of('source.ip', when.values),
        notSourceIps: of('source.ip', when.notValues),
        destinationPorts: ports(of('destination.port', when.values)),
        notDestinationPorts: ports(of('destination.port', when.notValues)),
        destinationIps: of('destination.ip', when.values),
        notDestinationIps: of('destination.ip', when.notValues),
      }),
    ]);
  }
  return { clauses, http };
}

// A group fires only if each clause has a match ztunnel does not skip.
function groupCanMatch(group: ZtunnelMatch[][]): boolean {
  return group.every(clause => clause.some(m => !isEmptyMatch(m)));
}

/**
 * Converts a policy as istiod does for ztunnel: targetRef policies are
 * left to waypoints; CUSTOM, AUDIT and dry-run policies are not enforced;
 * an ALLOW rule that uses HTTP attributes is dropped; a DENY rule keeps
 * only its L4 parts, and has no effect when none is left.
 *
 * @public
 */
export function convertForZtunnel(policy: AuthorizationPolicy): ZtunnelPolicy {
  const base = { policy, groups: [], httpAttributes: [], noEffect: false };
  const action = policy.spec.action ?? 'ALLOW';
  if (isDryRun(policy)) {
    return {
      ...base,
      notEnforced:
        'ztunnel does not apply dry-run policies (istio.io/dry-run) unless support for them is turned on',
    };
  }
  if (action !== 'ALLOW' && action !== 'DENY') {
    return {
      ...base,
      notEnforced: `ztunnel does not support the ${action} action; a waypoint is needed`,
    };
  }
  const namespace = policy.metadata.namespace ?? '';
  const groups: ZtunnelMatch[][][] = [];
  const httpAttributes: string[] = [];
  for (const rule of policy.spec.rules ?? []) {
    const { clauses, http } = convertRule(rule, namespace);
    for (const name of http) {
      if (!httpAttributes.includes(name)) httpAttributes.push(name);
    }
    // L7 rules never match in an ALLOW policy.
    if (action === 'ALLOW' && http.length > 0) continue;
    groups.push(clauses);
  }
  return {
    ...base,
    action,
    groups,
    httpAttributes,
    noEffect:
      action === 'DENY' &&
      httpAttributes.length > 0 &&
      !groups.some(groupCanMatch),
  };
}

function ipIn(blocks: string[], ip: string | undefined): boolean {
  if (!ip || !ipaddr.isValid(ip)) return false;
  const address = ipaddr.process(ip);
  return blocks.some(block => {
    try {
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
  });
}

// ztunnel's StringMatch: exact, `prefix*`, `*suffix`, `*` for non-empty.
function stringMatch(pattern: string, value: string): boolean {
  if (pattern === '*') return value !== '';
  if (pattern.startsWith('*')) return value.endsWith(pattern.slice(1));
  if (pattern.endsWith('*')) return value.startsWith(pattern.slice(0, -1));
  return pattern === value;
}

interface Connection {
  /** `<td>/ns/<ns>/sa/<sa>` of an HBONE (mTLS) peer; empty without. */
  principal: string;
  namespace: string;
  /** `namespace/name`. */
  serviceAccount?: string;
  sourceIp?: string;
  port?: number;
}

function connectionOf(request: AuthorizationRequest): Connection {
  const principal = request.sourcePrincipal?.replace(/^spiffe:\/\//, '') ?? '';
  const match = /^([^/]+)\/ns\/([^/]+)\/sa\/([^/]+)$/.exec(principal);
  return {
    principal,
    namespace: principal ? match?.[2] ?? '' : request.sourceNamespace ?? '',
    serviceAccount: match ? `${match[2]}/${match[3]}` : undefined,
    sourceIp: request.sourceIp,
    port: request.port,
  };
}

function matchesAll<T>(
  positive: T[] | undefined,
  negative: T[] | undefined,
  test: (value: T) => boolean,
): boolean {
  return (
    (!present(positive) || positive.some(test)) &&
    (!present(negative) || !negative.some(test))
  );
}

function matchFires(match: ZtunnelMatch, conn: Connection): boolean {
  return (
    matchesAll(
      match.destinationPorts,
      match.notDestinationPorts,
      p => conn.port === p,
    ) &&
    matchesAll(match.sourceIps, match.notSourceIps, block =>
      ipIn([block], conn.sourceIp),
    ) &&
    matchesAll(
      match.serviceAccounts,
      match.notServiceAccounts,
      a => conn.serviceAccount === a,
    ) &&
    matchesAll(
      match.principals,
      match.notPrincipals,
      p => conn.principal !== '' && stringMatch(p, conn.principal),
    ) &&
    matchesAll(match.namespaces, match.notNamespaces, n =>
      stringMatch(n, conn.namespace),
    )
  );
}

/**
 * Whether a converted policy matches a connection, as ztunnel's rbac.rs does.
 *
 * @public
 */
export function ztunnelPolicyMatches(
  converted: ZtunnelPolicy,
  request: AuthorizationRequest,
): boolean {
  const conn = connectionOf(request);
  return converted.groups.some(group =>
    group.every(
      clause =>
        clause.length === 0 ||
        clause.some(match => !isEmptyMatch(match) && matchFires(match, conn)),
    ),
  );
}

/**
 * Decides a connection against the policies that apply to an ambient
 * workload without a waypoint, as ztunnel enforces them: only L4
 * attributes (SEMANTICS §1.3), DENY before ALLOW, deny by default once an
 * ALLOW policy it enforces applies. HTTP attributes of the request are not
 * seen.
 *
 * @public
 */
export function decideAtZtunnel(
  applicable: AuthorizationPolicy[],
  request: AuthorizationRequest,
): AuthorizationDecision {
  const converted = applicable.map(convertForZtunnel);
  const notes = converted
    .filter(c => c.notEnforced)
    .map(c => `${objectKey(c.policy)} is not enforced: ${c.notEnforced}`);
  const suffix = notes.length ? `; ${notes.join('; ')}` : '';
  const deny = converted.find(
    c => c.action === 'DENY' && ztunnelPolicyMatches(c, request),
  );
  if (deny) {
    const key = objectKey(deny.policy);
    const dropped = deny.httpAttributes.length
      ? ` (its HTTP attributes ${deny.httpAttributes.join(
          ', ',
        )} are left out, so it denies more than written)`
      : '';
    return {
      decision: 'DENY',
      policy: key,
      action: 'DENY',
      reason: `ztunnel denies it by DENY policy ${key}${dropped}${suffix}`,
      enforcedBy: 'ztunnel',
    };
  }
  const allows = converted.filter(c => c.action === 'ALLOW');
  if (allows.length === 0) {
    return {
      decision: 'ALLOW',
      policy: null,
      action: null,
      reason: `no ALLOW policy is enforced by ztunnel, so it allows by default${suffix}`,
      enforcedBy: 'ztunnel',
    };
  }
  const allow = allows.find(c => ztunnelPolicyMatches(c, request));
  if (allow) {
    return {
      decision: 'ALLOW',
      policy: objectKey(allow.policy),
      action: 'ALLOW',
      reason: `ztunnel allows it by ALLOW policy ${objectKey(
        allow.policy,
      )}${suffix}`,
      enforcedBy: 'ztunnel',
    };
  }
  const dropped = allows.filter(c => c.httpAttributes.length > 0);
  const why = dropped.length
    ? `; ztunnel dropped the rules of ${dropped
        .map(c => objectKey(c.policy))
        .join(', ')} that use HTTP attributes`
    : '';
  return {
    decision: 'DENY',
    policy: null,
    action: null,
    reason: `ztunnel denies it by default: ALLOW policies apply (${allows
      .map(c => objectKey(c.policy))
      .join(', ')}) but none matches${why}${suffix}`,
    enforcedBy: 'ztunnel',
  };
}
