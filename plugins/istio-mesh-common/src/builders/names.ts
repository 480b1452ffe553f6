import { invalidInput, ManifestSubject } from './invalidInput';

// The rules of Kubernetes' apimachinery validation (IsDNS1123Label,
// IsDNS1123Subdomain, IsQualifiedName, IsValidLabelValue), restated so that
// a bad name is refused before a manifest is written, with the input field
// in the message.

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const LABEL_MAX = 63;
const SUBDOMAIN_MAX = 253;

/**
 * Why a value is not a DNS-1123 label (namespaces, subset names, ports'
 * names), or undefined when it is one.
 *
 * @public
 */
export function dns1123LabelProblem(value: string): string | undefined {
  if (value.length > LABEL_MAX) {
    return `"${value}" is longer than ${LABEL_MAX} characters`;
  }
  if (!DNS1123_LABEL.test(value)) {
    return `"${value}" is not a DNS-1123 label: use lower case letters, digits and '-', starting and ending with a letter or digit (e.g. 'my-name')`;
  }
  return undefined;
}

/**
 * Why a value is not a DNS-1123 subdomain (object names), or undefined when
 * it is one.
 *
 * @public
 */
export function dns1123SubdomainProblem(value: string): string | undefined {
  if (value.length > SUBDOMAIN_MAX) {
    return `"${value}" is longer than ${SUBDOMAIN_MAX} characters`;
  }
  if (!DNS1123_SUBDOMAIN.test(value)) {
    return `"${value}" is not a DNS-1123 subdomain: use lower case letters, digits, '-' and '.', starting and ending with a letter or digit (e.g. 'example.com')`;
  }
  return undefined;
}

/**
 * Why a value is not a Kubernetes label key (`[prefix/]name`, the prefix a
 * DNS-1123 subdomain, the name at most 63 alphanumerics, '-', '_', '.'), or
 * undefined when it is one.
 *
 * @public
 */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    const problem = prefix ? dns1123SubdomainProblem(prefix) : 'is empty';
    if (problem) return `label key "${key}" has an invalid prefix: ${problem}`;
  }
  if (name.length > LABEL_MAX) {
    return `label key "${key}" has a name part longer than ${LABEL_MAX} characters`;
  }
  if (!QUALIFIED_NAME_PART.test(name)) {
    return `label key "${key}" is not valid: the name part must be letters, digits, '-', '_' or '.', starting and ending with a letter or digit (e.g. 'app' or 'app.kubernetes.io/name')`;
  }
  return undefined;
}

/**
 * Why a value is not a Kubernetes label value (empty, or at most 63
 * alphanumerics, '-', '_', '.', starting and ending with an alphanumeric),
 * or undefined when it is one.
 *
 * @public
 */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > LABEL_MAX) {
    return `label value "${value}" is longer than ${LABEL_MAX} characters`;
  }
  if (!QUALIFIED_NAME_PART.test(value)) {
    return `label value "${value}" is not valid: use letters, digits, '-', '_' or '.', starting and ending with a letter or digit (e.g. 'v1')`;
  }
  return undefined;
}

/**
 * Why a value is not a host name (lower case DNS-1123 labels joined by
 * dots, e.g. `reviews` or `kiali.homelab.local`), or undefined when it is
 * one. With `wildcard`, a leading `*.` is accepted, and so is `*` alone
 * when `wildcard` is `'any'`.
 *
 * @public
 */
export function hostnameProblem(
  value: string,
  options: { wildcard?: boolean | 'any' } = {},
): string | undefined {
  if (options.wildcard === 'any' && value === '*') return undefined;
  const bare =
    options.wildcard && value.startsWith('*.') ? value.slice(2) : value;
  if (value.length > SUBDOMAIN_MAX || !DNS1123_SUBDOMAIN.test(bare)) {
    return `"${value}" is not a host name: use lower case DNS labels joined by '.'${
      options.wildcard ? ", optionally starting with '*.'" : ''
    } (e.g. 'reviews' or 'kiali.homelab.local')`;
  }
  return undefined;
}

function check(
  problem: string | undefined,
  field: string,
  subject?: ManifestSubject,
) {
  if (problem) throw invalidInput(field, problem, subject);
}

/**
 * Throws an `InputError` naming `field` unless `value` is a DNS-1123 label.
 *
 * @public
 */
export function assertDns1123Label(
  value: string,
  field: string,
  subject?: ManifestSubject,
): void {
  check(dns1123LabelProblem(value), field, subject);
}

/**
 * Throws an `InputError` naming `field` unless `value` is a DNS-1123 subdomain.
 *
 * @public
 */
export function assertDns1123Subdomain(
  value: string,
  field: string,
  subject?: ManifestSubject,
): void {
  check(dns1123SubdomainProblem(value), field, subject);
}

/**
 * Throws an `InputError` naming `field` unless `value` is a host name (see
 * {@link hostnameProblem}).
 *
 * @public
 */
export function assertHostname(
  value: string,
  field: string,
  subject?: ManifestSubject,
  options: { wildcard?: boolean | 'any' } = {},
): void {
  check(hostnameProblem(value, options), field, subject);
}

/**
 * Throws an `InputError` naming the offending entry of `field` (e.g.
 * `selector.app`) unless every key and value is a valid Kubernetes label.
 *
 * @public
 */
export function assertLabels(
  labels: Record<string, string>,
  field: string,
  subject?: ManifestSubject,
): void {
  for (const [key, value] of Object.entries(labels)) {
    check(labelKeyProblem(key), `${field}.${key}`, subject);
    check(labelValueProblem(value), `${field}.${key}`, subject);
  }
}

/**
 * Throws an `InputError` naming `field` unless `value` is a Kubernetes
 * label value.
 *
 * @public
 */
export function assertLabelValue(
  value: string,
  field: string,
  subject?: ManifestSubject,
): void {
  check(labelValueProblem(value), field, subject);
}

/**
 * Checks the name and namespace every builder takes: the name a DNS-1123
 * subdomain (`name`), the namespace, when given, a DNS-1123 label
 * (`namespace`).
 *
 * @public
 */
export function assertObjectName(subject: ManifestSubject): void {
  assertDns1123Subdomain(subject.name, 'name', subject);
  if (subject.namespace !== undefined) {
    assertDns1123Label(subject.namespace, 'namespace', subject);
  }
}
