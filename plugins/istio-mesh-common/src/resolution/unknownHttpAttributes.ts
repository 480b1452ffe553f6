import { AuthorizationPolicy, AuthorizationRule } from '../resources/objects';

const HTTP_OPERATION_FIELDS = [
  'hosts',
  'notHosts',
  'methods',
  'notMethods',
  'paths',
  'notPaths',
] as const;
const HTTP_SOURCE_FIELDS = [
  'requestPrincipals',
  'notRequestPrincipals',
] as const;

/**
 * Whether a rule uses HTTP attributes: hosts, methods, paths (and their
 * `not*` forms), request principals, or `request.*` conditions.
 *
 * @public
 */
export function usesHttpAttributes(rule: AuthorizationRule): boolean {
  return (
    (rule.to ?? []).some(({ operation }) =>
      HTTP_OPERATION_FIELDS.some(f => operation?.[f] !== undefined),
    ) ||
    (rule.from ?? []).some(({ source }) =>
      HTTP_SOURCE_FIELDS.some(f => source?.[f] !== undefined),
    ) ||
    (rule.when ?? []).some(condition => condition.key.startsWith('request.'))
  );
}

function withoutHttpAttributes(rule: AuthorizationRule): AuthorizationRule {
  const strip = <T extends object>(
    value: T | undefined,
    fields: readonly string[],
  ) =>
    value &&
    (Object.fromEntries(
      Object.entries(value).filter(([key]) => !fields.includes(key)),
    ) as T);
  return {
    ...rule,
    ...(rule.from && {
      from: rule.from.map(entry => ({
        ...entry,
        source: strip(entry.source, HTTP_SOURCE_FIELDS),
      })),
    }),
    ...(rule.to && {
      to: rule.to.map(entry => ({
        ...entry,
        operation: strip(entry.operation, HTTP_OPERATION_FIELDS),
      })),
    }),
    ...(rule.when && {
      when: rule.when.filter(c => !c.key.startsWith('request.')),
    }),
  };
}

/**
 * A policy as it decides a request whose HTTP attributes (method, path,
 * host, JWT, headers) are unknown, read in the caller's favour: an ALLOW
 * rule matches whatever its HTTP constraints (some request passes them), a
 * DENY rule that depends on them matches nothing (some request escapes it).
 *
 * @public
 */
export function forUnknownHttpAttributes(
  policy: AuthorizationPolicy,
): AuthorizationPolicy {
  const action = policy.spec.action ?? 'ALLOW';
  if (!policy.spec.rules || (action !== 'ALLOW' && action !== 'DENY')) {
    return policy;
  }
  const rules =
    action === 'ALLOW'
      ? policy.spec.rules.map(withoutHttpAttributes)
      : policy.spec.rules.filter(rule => !usesHttpAttributes(rule));
  return { ...policy, spec: { ...policy.spec, rules } };
}
