import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ENTITY_KINDS } from './MeshRefresh';

/** The fields the compliance routes and the analysis read of an entity. */
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.owner',
  'spec.system',
];

interface Entry {
  /** When the catalog query started: the answer is as old as that. */
  loadedAt: number;
  entities: Promise<Entity[]>;
  /** How long the query took, once it answered. */
  loadMs?: number;
  /** The next query, started while this answer is still served. */
  next?: Entry;
}

/**
 * The Components and Resources one caller may read, loaded from the
 * catalog on the caller's behalf and kept for a few seconds: the compliance
 * page asks for the list and the summary at once, and pages through the
 * list, each time for the same entities. Concurrent requests of one caller
 * share one catalog query. A change of the caller's permissions shows after
 * `ttlMs` at most: no answer is served longer than that after its query
 * started.
 *
 * A caller who keeps asking does not wait for the catalog every `ttlMs`:
 * a request late in an answer's life (twice the last query's duration
 * before it runs out, and in its second half) starts the next query, and
 * gets the kept answer meanwhile. At 40,000 entities that query takes
 * seconds.
 */
export class ReadableEntities {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      /** How long a caller's entities are reused; 0 reads every time. */
      ttlMs?: number;
      /** Callers kept at most; the least recently loaded go first. */
      maxCallers?: number;
      now?: () => number;
    },
  ) {}

  async of(credentials: BackstageCredentials): Promise<Entity[]> {
    const key = callerKey(credentials);
    const ttlMs = this.deps.ttlMs ?? 10_000;
    if (key === undefined || ttlMs <= 0) return this.load(credentials);
    const now = this.now();
    let entry = this.entries.get(key);
    if (entry && now - entry.loadedAt >= ttlMs) entry = entry.next;
    if (entry && now - entry.loadedAt < ttlMs) {
      const { loadMs } = entry;
      const aheadAt =
        entry.loadedAt + Math.max(ttlMs / 2, ttlMs - 2 * (loadMs ?? Infinity));
      if (loadMs !== undefined && !entry.next && now >= aheadAt) {
        entry.next = this.start(key, credentials, entry);
      }
      return entry.entities;
    }
    return this.start(key, credentials).entities;
  }

  /**
   * Starts a catalog query for the caller. Without `previous` its answer is
   * kept at once; with it, once it answers, in place of `previous` (which
   * is served meanwhile).
   */
  private start(
    key: string,
    credentials: BackstageCredentials,
    previous?: Entry,
  ): Entry {
    const startedAt = this.now();
    const entities = this.load(credentials);
    const entry: Entry = { loadedAt: startedAt, entities };
    if (!previous) this.keep(key, entry);
    entities.then(
      () => {
        entry.loadMs = this.now() - startedAt;
        if (previous && this.entries.get(key) === previous) {
          this.keep(key, entry);
        }
      },
      () => {
        // A failed query is not kept: the next request asks again.
        if (this.entries.get(key) === entry) this.entries.delete(key);
        if (previous?.next === entry) previous.next = undefined;
      },
    );
    return entry;
  }

  private keep(key: string, entry: Entry) {
    this.entries.delete(key);
    this.entries.set(key, entry);
    const maxCallers = this.deps.maxCallers ?? 50;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= maxCallers) break;
      this.entries.delete(oldest);
    }
  }

  private now() {
    return this.deps.now?.() ?? Date.now();
  }

  private async load(credentials: BackstageCredentials): Promise<Entity[]> {
    const { items } = await this.deps.catalog.getEntities(
      { filter: { kind: ENTITY_KINDS }, fields: FIELDS },
      { credentials },
    );
    return items;
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
