/**
 * Runs at most `limit` tasks at a time, in the order they were submitted.
 * (`p-limit` would do, but its current versions are ESM-only, which
 * Backstage's jest transform does not cover.)
 */
export function createConcurrencyLimit(
  limit: number,
): <T>(task: () => Promise<T>) => Promise<T> {
  const slots = Math.max(1, Math.floor(limit));
  let active = 0;
  const waiting: Array<() => void> = [];

  return async task => {
    if (active < slots) {
      active += 1;
    } else {
      // The finishing task hands its slot over, so `active` stays the same.
      await new Promise<void>(resolve => waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active -= 1;
    }
  };
}
