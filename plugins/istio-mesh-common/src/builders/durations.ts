import { invalidInput, ManifestSubject } from './invalidInput';

// Istio's CRDs check durations with CEL's duration(): Go's syntax, one or
// more number-unit pairs (`10s`, `1m30s`, `1.5s`, `250ms`).
const DURATION = /^(\d+(\.\d+)?(h|m|s|ms|us|µs|ns))+$/;
const PART = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g;
const MILLISECONDS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000001,
};

/**
 * The length of a duration such as `10s`, `1m30s` or `250ms`, in
 * milliseconds; undefined when it is not a duration.
 *
 * @public
 */
export function durationMilliseconds(value: string): number | undefined {
  if (!DURATION.test(value)) return undefined;
  let total = 0;
  for (const [, amount, unit] of value.matchAll(PART)) {
    total += Number(amount) * MILLISECONDS[unit];
  }
  return total;
}

/**
 * Throws an `InputError` naming `field` unless `value` is a duration of at
 * least 1ms, the least Istio's CRDs accept. Returns its milliseconds.
 *
 * @public
 */
export function assertDuration(
  value: string,
  field: string,
  subject?: ManifestSubject,
): number {
  const milliseconds = durationMilliseconds(value);
  if (milliseconds === undefined) {
    throw invalidInput(
      field,
      `"${value}" is not a duration: write a number and a unit, e.g. '10s', '250ms' or '1m30s'`,
      subject,
    );
  }
  if (milliseconds < 1) {
    throw invalidInput(field, `"${value}" is shorter than 1ms`, subject);
  }
  return milliseconds;
}
