const UNITS: Record<string, [string, string]> = {
  s: ['second', 'seconds'],
  m: ['minute', 'minutes'],
  h: ['hour', 'hours'],
  d: ['day', 'days'],
  w: ['week', 'weeks'],
};

/**
 * A lookback such as Jaeger's `1h` or `30m` in words for a sentence:
 * `the last hour`, `the last 30 minutes`. Anything else is quoted as it is.
 *
 * @internal
 */
export function describeLookback(lookback: string): string {
  const match = /^(\d+)([smhdw])$/.exec(lookback.trim());
  if (!match) {
    return `the last ${lookback}`;
  }
  const count = Number(match[1]);
  const [one, many] = UNITS[match[2]];
  return count === 1 ? `the last ${one}` : `the last ${count} ${many}`;
}

/**
 * A trace's duration at a precision that tells traces apart: `0.42 ms`,
 * `245 ms`, `1.23 s`.
 *
 * @internal
 */
export function formatDuration(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}
