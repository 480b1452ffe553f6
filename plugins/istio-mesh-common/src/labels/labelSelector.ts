/**
 * One requirement of a Kubernetes label selector string.
 *
 * @public
 */
export type LabelRequirement =
  | { key: string; operator: 'exists' | 'doesNotExist' }
  | { key: string; operator: 'in' | 'notIn'; values: string[] };

// Kubernetes' selector grammar (apimachinery labels.Parse): requirements
// separated by commas outside parentheses; `key`, `!key`, `key=v`, `key==v`,
// `key!=v`, `key in (a,b)`, `key notin (a,b)`.
const KEY = String.raw`[A-Za-z0-9](?:[-A-Za-z0-9_./]*[A-Za-z0-9])?`;
const VALUE = String.raw`(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]*[A-Za-z0-9])?)?`;
const EXISTS = new RegExp(`^(!?)\\s*(${KEY})$`);
const EQUALITY = new RegExp(`^(${KEY})\\s*(==|=|!=)\\s*(${VALUE})$`);
const SET = new RegExp(`^(${KEY})\\s+(in|notin)\\s*\\(([^)]*)\\)$`);
const VALUE_ONLY = new RegExp(`^${VALUE}$`);

function splitRequirements(selector: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of selector) {
    if (char === '(') depth++;
    if (char === ')') depth--;
    if (char === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(current);
  return parts.map(part => part.trim());
}

/**
 * Parses a label selector string such as `app=frontend,tier in (web,api)`.
 * Throws an Error naming the offending requirement when it is malformed.
 *
 * @public
 */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  if (selector.trim() === '') {
    return [];
  }
  return splitRequirements(selector).map(part => {
    const equality = EQUALITY.exec(part);
    if (equality) {
      const [, key, op, value] = equality;
      return { key, operator: op === '!=' ? 'notIn' : 'in', values: [value] };
    }
    const set = SET.exec(part);
    if (set) {
      const [, key, op, list] = set;
      const values = list.split(',').map(v => v.trim());
      if (values.some(v => !VALUE_ONLY.test(v))) {
        throw new Error(
          `invalid value in label selector requirement "${part}"`,
        );
      }
      return { key, operator: op === 'in' ? 'in' : 'notIn', values };
    }
    const exists = EXISTS.exec(part);
    if (exists) {
      return {
        key: exists[2],
        operator: exists[1] ? 'doesNotExist' : 'exists',
      };
    }
    throw new Error(`invalid label selector requirement "${part}"`);
  });
}

/**
 * Whether labels satisfy every requirement (Kubernetes semantics: `notin`
 * and `!=` also match when the key is absent).
 *
 * @public
 */
export function matchesLabelSelector(
  requirements: LabelRequirement[],
  labels: Record<string, string> | undefined,
): boolean {
  const actual = labels ?? {};
  return requirements.every(requirement => {
    const has = Object.prototype.hasOwnProperty.call(actual, requirement.key);
    switch (requirement.operator) {
      case 'exists':
        return has;
      case 'doesNotExist':
        return !has;
      case 'in':
        return has && requirement.values.includes(actual[requirement.key]);
      case 'notIn':
        return !has || !requirement.values.includes(actual[requirement.key]);
      default:
        return false;
    }
  });
}

/**
 * Whether `matchLabels` is a subset of `labels`; an absent or empty selector
 * matches everything.
 *
 * @public
 */
export function matchesLabels(
  matchLabels: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  return Object.entries(matchLabels ?? {}).every(
    ([key, value]) => labels?.[key] === value,
  );
}

/**
 * A label set as a selector string, `k=v` sorted by key, as Kubernetes'
 * `labels.SelectorFromSet(...).String()` prints it in istioctl's messages.
 *
 * @public
 */
export function formatLabelSet(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map(key => `${key}=${labels[key]}`)
    .join(',');
}
