import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ENTITY_KINDS } from './MeshRefresh';
import { CallerCache } from './CallerCache';

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

/**
 * The Components and Resources one caller may read, loaded from the
 * catalog on the caller's behalf and kept for a few seconds: the compliance
 * page asks for the list and the summary at once, and pages through the
 * list, each time for the same entities. Concurrent requests of one caller
 * share one catalog query. A change of the caller's permissions shows after
 * `ttlMs` at most.
 */
export class ReadableEntities {
  private readonly cache: CallerCache<Entity[]>;

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      /** How long a caller's entities are reused; 0 reads every time. */
      ttlMs?: number;
      /** Callers kept at most; the least recently loaded go first. */
      maxCallers?: number;
      now?: () => number;
    },
  ) {
    this.cache = new CallerCache(deps);
  }

  of(credentials: BackstageCredentials): Promise<Entity[]> {
    return this.cache.get(credentials, () => this.load(credentials));
  }

  private async load(credentials: BackstageCredentials): Promise<Entity[]> {
    const { items } = await this.deps.catalog.getEntities(
      { filter: { kind: ENTITY_KINDS }, fields: FIELDS },
      { credentials },
    );
    return items;
  }
}
