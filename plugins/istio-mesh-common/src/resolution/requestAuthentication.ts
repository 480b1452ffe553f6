import {
  AuthorizationPolicy,
  KubernetesObject,
  objectKey,
} from '../resources/objects';
import { isRecord } from '../resources/specFields';
import {
  applicablePolicies,
  PolicyTarget,
  TargetedPolicy,
} from './policyTargeting';
import { isDryRun } from './authorization';

/**
 * A RequestAuthentication, typed as far as this module reads it.
 *
 * @public
 */
export interface RequestAuthentication extends TargetedPolicy {
  kind: 'RequestAuthentication';
}

/**
 * RequestAuthentications that apply to a workload: the same targeting as
 * AuthorizationPolicies. All of them act as one policy.
 *
 * @public
 */
export function applicableRequestAuthentications(
  target: PolicyTarget,
  policies: RequestAuthentication[],
  rootNamespace: string,
): RequestAuthentication[] {
  return applicablePolicies(target, policies, rootNamespace);
}

/** The issuers a RequestAuthentication's `jwtRules` accept. @public */
export function jwtIssuers(policy: KubernetesObject): string[] {
  const spec = isRecord(policy.spec) ? policy.spec : {};
  const rules = Array.isArray(spec.jwtRules) ? spec.jwtRules : [];
  return rules
    .map(rule => (isRecord(rule) ? rule.issuer : undefined))
    .filter((issuer): issuer is string => typeof issuer === 'string');
}

/**
 * The token a request carries: none, one that fails validation (bad
 * signature, expired, wrong audience), or a well-formed one from an issuer.
 *
 * @public
 */
export type RequestToken =
  | { kind: 'none' }
  | { kind: 'invalid' }
  | { kind: 'jwt'; issuer: string; subject: string };

/**
 * What request authentication does with a request.
 *
 * @public
 */
export interface RequestAuthenticationOutcome {
  /** `rejected` is a 401 before any AuthorizationPolicy is consulted. */
  status: 'accepted' | 'rejected';
  /** `<iss>/<sub>` for AuthorizationPolicy `requestPrincipals`, when validated. */
  requestPrincipal?: string;
  reason: string;
}

/**
 * Applies the RequestAuthentications of a workload to a request's token: an
 * invalid token, or one from an issuer no rule accepts, is rejected; a
 * request without a token is accepted, since an RA alone never requires one;
 * a valid token yields the request principal `<iss>/<sub>`. Without any RA
 * tokens are not validated and give no principal.
 *
 * @public
 */
export function authenticateRequest(
  applicable: RequestAuthentication[],
  token: RequestToken,
): RequestAuthenticationOutcome {
  if (applicable.length === 0) {
    return {
      status: 'accepted',
      reason: 'no RequestAuthentication applies; tokens are not validated',
    };
  }
  const names = applicable.map(objectKey).join(', ');
  if (token.kind === 'none') {
    return {
      status: 'accepted',
      reason: `no token: ${names} validate tokens but do not require one`,
    };
  }
  if (token.kind === 'invalid') {
    return {
      status: 'rejected',
      reason: `invalid token rejected with 401 by ${names}`,
    };
  }
  const accepting = applicable.find(p => jwtIssuers(p).includes(token.issuer));
  if (!accepting) {
    return {
      status: 'rejected',
      reason: `issuer ${token.issuer} is not configured in ${names}: rejected with 401`,
    };
  }
  return {
    status: 'accepted',
    requestPrincipal: `${token.issuer}/${token.subject}`,
    reason: `token validated by ${objectKey(accepting)}`,
  };
}

/**
 * Whether the AuthorizationPolicies of a workload make a valid token
 * mandatory, which a RequestAuthentication alone never does.
 *
 * @public
 */
export interface JwtEnforcement {
  required: boolean;
  /** The policies that require it, as `namespace/name`. */
  policies: string[];
  reason: string;
}

function ruleNeedsToken(rule: unknown): boolean {
  if (!isRecord(rule) || !Array.isArray(rule.from) || rule.from.length === 0)
    return false;
  return rule.from.every(from => {
    const source = isRecord(from) && isRecord(from.source) ? from.source : {};
    return (
      Array.isArray(source.requestPrincipals) &&
      source.requestPrincipals.length > 0
    );
  });
}

function ruleDeniesMissingToken(rule: unknown): boolean {
  if (!isRecord(rule) || !Array.isArray(rule.from)) return false;
  return rule.from.some(from => {
    const source = isRecord(from) && isRecord(from.source) ? from.source : {};
    return (
      Array.isArray(source.notRequestPrincipals) &&
      source.notRequestPrincipals.includes('*')
    );
  });
}

/**
 * Finds what makes a token mandatory: a DENY policy with
 * `notRequestPrincipals: ["*"]`, or ALLOW policies every rule of which needs
 * `requestPrincipals` (so a request without a token matches none of them).
 * Dry-run policies do not count.
 *
 * @public
 */
export function jwtEnforcement(
  applicable: AuthorizationPolicy[],
): JwtEnforcement {
  const enforced = applicable.filter(p => !isDryRun(p));
  const denying = enforced.filter(
    p =>
      p.spec.action === 'DENY' &&
      (p.spec.rules ?? []).some(ruleDeniesMissingToken),
  );
  if (denying.length > 0) {
    return {
      required: true,
      policies: denying.map(objectKey),
      reason: `requests without a valid token are denied by ${denying
        .map(objectKey)
        .join(', ')} (possibly only for the operations they list)`,
    };
  }
  const allow = enforced.filter(p => (p.spec.action ?? 'ALLOW') === 'ALLOW');
  const rules = allow.flatMap(p => p.spec.rules ?? []);
  if (allow.length > 0 && rules.length > 0 && rules.every(ruleNeedsToken)) {
    return {
      required: true,
      policies: allow.map(objectKey),
      reason: `every ALLOW rule needs requestPrincipals in ${allow
        .map(objectKey)
        .join(', ')}`,
    };
  }
  return {
    required: false,
    policies: [],
    reason:
      'no AuthorizationPolicy requires a token; requests without one are accepted',
  };
}
