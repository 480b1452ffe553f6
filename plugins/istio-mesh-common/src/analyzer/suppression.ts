import { AnalyzerMessage } from './types';
import { KubernetesObject } from '../resources/objects';
import { matchesWildcard } from '../resources/wildcard';

/**
 * A `--suppress "CODE=Kind name"` rule; `name` is `name` or `namespace/name`,
 * and both the code and the name may use `*` as a wildcard.
 *
 * @public
 */
export interface Suppression {
  code: string;
  kind: string;
  name: string;
}

/** Annotation listing codes (or `*`) to suppress on the annotated resource. @public */
export const SUPPRESS_ANNOTATION = 'galley.istio.io/analyze-suppress';

/**
 * Parses one `--suppress` value, throwing an Error that quotes it when it is
 * not of the form `CODE=Kind name`.
 *
 * @public
 */
export function parseSuppression(rule: string): Suppression {
  const match = /^\s*([^=\s]+)\s*=\s*(\S+)\s+(\S+)\s*$/.exec(rule);
  if (!match) {
    throw new Error(`invalid suppression "${rule}": expected CODE=Kind name`);
  }
  return { code: match[1], kind: match[2], name: match[3] };
}

const glob = matchesWildcard;

/**
 * Whether a message is suppressed by a rule or by its resource's annotation.
 *
 * @public
 */
export function isSuppressed(
  message: AnalyzerMessage,
  object: KubernetesObject | undefined,
  rules: Suppression[],
): boolean {
  const qualified = message.namespace
    ? `${message.namespace}/${message.name}`
    : message.name;
  const byRule = rules.some(
    rule =>
      glob(rule.code, message.code) &&
      rule.kind === message.kind &&
      (glob(rule.name, qualified) || glob(rule.name, message.name)),
  );
  if (byRule) return true;
  const annotation = object?.metadata.annotations?.[SUPPRESS_ANNOTATION];
  if (!annotation) return false;
  return annotation
    .split(',')
    .map(code => code.trim())
    .some(code => code === '*' || code === message.code);
}
