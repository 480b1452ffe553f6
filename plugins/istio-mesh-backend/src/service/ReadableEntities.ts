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
  loadedAt: number;
  entities: Promise<Entity[]>;
}

/**
 * The Components and Resources one caller may read, loaded from the
 * catalog on the caller's behalf and kept for a few seconds: the compliance
 * page asks for the list and the summary at once, and pages through the
 * list, each time for the same entities. Concurrent requests of one caller
 * share one catalog query. A change of the caller's permissions shows after
 * `ttlMs` at most.
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
    const now = this.deps.now?.() ?? Date.now();
    const cached = this.entries.get(key);
    if (cached && now - cached.loadedAt < ttlMs) return cached.entities;

    const entities = this.load(credentials);
    this.entries.delete(key);
    this.entries.set(key, { loadedAt: now, entities });
    const maxCallers = this.deps.maxCallers ?? 50;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= maxCallers) break;
      this.entries.delete(oldest);
    }
    // A failed query is not kept: the next request asks again.
    entities.catch(() => {
      if (this.entries.get(key)?.entities === entities) {
        this.entries.delete(key);
      }
    });
    return entities;
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
