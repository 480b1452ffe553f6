import { BackstageCredentials } from '@backstage/backend-plugin-api';

interface Entry<T> {
  loadedAt: number;
  value: Promise<T>;
}

/**
 * Answers kept per caller for a few seconds: what the catalog or the
 * permission framework said on the caller's behalf, reused by the caller's
 * next requests. Concurrent requests of one caller share one load; a failed
 * load is not kept; an anonymous caller is never cached. A change of the
 * caller's permissions shows after `ttlMs` at most.
 */
export class CallerCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly options: {
      /** How long one caller's answer is reused; 0 loads every time. */
      ttlMs?: number;
      /** Callers kept at most; the least recently loaded go first. */
      maxCallers?: number;
      now?: () => number;
    } = {},
  ) {}

  get(credentials: BackstageCredentials, load: () => Promise<T>): Promise<T> {
    const key = callerKey(credentials);
    const ttlMs = this.options.ttlMs ?? 10_000;
    if (key === undefined || ttlMs <= 0) return load();
    const now = this.options.now?.() ?? Date.now();
    const cached = this.entries.get(key);
    if (cached && now - cached.loadedAt < ttlMs) return cached.value;

    const value = load();
    this.entries.delete(key);
    this.entries.set(key, { loadedAt: now, value });
    const maxCallers = this.options.maxCallers ?? 50;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= maxCallers) break;
      this.entries.delete(oldest);
    }
    // A failed load is not kept: the next request loads again.
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }
}

/**
 * Everything about the caller that a permission decision can depend on;
 * undefined for an anonymous caller, who is never cached.
 */
function callerKey(credentials: BackstageCredentials): string | undefined {
  const { principal } = credentials as BackstageCredentials<
    { type: string } & Record<string, unknown>
  >;
  if (principal.type !== 'user' && principal.type !== 'service') {
    return undefined;
  }
  return JSON.stringify(principal);
}
