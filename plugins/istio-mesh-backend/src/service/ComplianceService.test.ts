import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CriterionStatus,
  EntityMeshState,
  MeshLevelName,
} from '@istio-mesh/plugin-istio-mesh-common';
import { MeshStateStore } from '../database/MeshStateStore';
import { testDatabaseIds } from '../__testUtils__/testDatabaseIds';
import { ComplianceService } from './ComplianceService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({ ids: testDatabaseIds() });

function component(
  name: string,
  owner: string,
  system?: string,
  title?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', title },
    spec: { type: 'service', lifecycle: 'production', owner, system },
  };
}

function state(
  name: string,
  place: { cluster: string; namespace: string },
  level: MeshLevelName,
  mtls: CriterionStatus,
): EntityMeshState {
  return {
    entityRef: `component:default/${name}`,
    mapping: { status: 'mapped', message: '1 workload(s) match' },
    workloads: [
      {
        ...place,
        name,
        kind: 'Deployment',
        serviceAccount: name,
        dataplane: 'sidecar',
        pods: [],
        mtls: { mode: 'STRICT', ports: {}, policies: [], uncaptured: {} },
        authorization: { policies: [], enforcedBy: 'sidecar' },
        virtualServices: [],
        destinationRules: [],
        clientTls: [],
        criteria: [],
      },
    ],
    criteria: [
      { id: 'sidecar-injected', status: 'pass', summary: '', evidence: [] },
      { id: 'mtls-strict', status: mtls, summary: '', evidence: [] },
    ],
    level: { level },
    sources: [],
    generatedAt: '2026-11-28T05:00:00.000Z',
  };
}

const homelab = { cluster: 'homelab', namespace: 'boutique-dev' };
const edge = { cluster: 'edge', namespace: 'shop' };

describe.each(databases.eachSupportedId())(
  'ComplianceService on %p',
  databaseId => {
    async function setUp(readable: Entity[], more: EntityMeshState[] = []) {
      const knex = await databases.init(databaseId);
      const store = await MeshStateStore.create(
        mockServices.database.mock({ getClient: async () => knex }),
      );
      await store.saveStates(
        [
          state('frontend', homelab, 'none', 'fail'),
          state('checkout', homelab, 'bronze', 'pass'),
          state('payment', edge, 'none', 'fail'),
          state('secret-billing', edge, 'gold', 'pass'),
          ...more,
        ],
        new Date('2026-11-26T10:00:00Z'),
      );
      // frontend reached bronze two days later.
      await store.saveStates(
        [state('frontend', homelab, 'bronze', 'pass')],
        new Date('2026-11-28T10:00:00Z'),
      );
      return new ComplianceService({
        catalog: catalogServiceMock({ entities: readable }),
        store,
        staleAfterSeconds: 600,
        now: () => new Date('2026-11-28T12:00:00Z'),
      });
    }

    const readable = [
      component('frontend', 'group:default/boutique-team', 'online-boutique'),
      component('checkout', 'boutique-team', 'online-boutique', 'Check-Out'),
      component('payment', 'group:default/payments-team'),
      // secret-billing is stored but not readable by this caller.
    ];
    const credentials = mockCredentials.user();

    it('lists only entities the caller can read, sorted and paged', async () => {
      const compliance = await setUp(readable);

      const page = await compliance.list({ limit: 2 }, credentials);
      expect(page.totalItems).toBe(3);
      expect(page.items.map(r => r.entityRef)).toEqual([
        'component:default/checkout',
        'component:default/frontend',
      ]);
      expect(page.staleAfterSeconds).toBe(600);
      expect(page.items[1]).toStrictEqual({
        entityRef: 'component:default/frontend',
        title: undefined,
        owner: 'group:default/boutique-team',
        system: 'system:default/online-boutique',
        level: 'bronze',
        criteria: { 'sidecar-injected': 'pass', 'mtls-strict': 'pass' },
        updatedAt: '2026-11-28T10:00:00.000Z',
      });
      // Short refs are resolved in the entity's namespace, as the catalog
      // resolves them.
      expect(page.items[0]).toMatchObject({
        title: 'Check-Out',
        owner: 'group:default/boutique-team',
        system: 'system:default/online-boutique',
      });

      const next = await compliance.list({ limit: 2, offset: 2 }, credentials);
      expect(next.items.map(r => r.entityRef)).toEqual([
        'component:default/payment',
      ]);

      const byLevel = await compliance.list(
        { orderBy: 'level', order: 'desc' },
        credentials,
      );
      expect(byLevel.items.map(r => [r.entityRef, r.level])).toEqual([
        ['component:default/checkout', 'bronze'],
        ['component:default/frontend', 'bronze'],
        ['component:default/payment', 'none'],
      ]);
    });

    it('filters by owner, system, namespace, cluster, level and criterion status', async () => {
      const compliance = await setUp(readable);
      const names = async (query: object) =>
        (await compliance.list(query, credentials)).items.map(
          r => r.entityRef.split('/')[1],
        );

      // Owner refs match with or without kind and namespace.
      expect(await names({ owner: 'boutique-team' })).toEqual([
        'checkout',
        'frontend',
      ]);
      expect(await names({ owner: 'group:default/payments-team' })).toEqual([
        'payment',
      ]);
      expect(await names({ system: 'system:default/online-boutique' })).toEqual(
        ['checkout', 'frontend'],
      );
      expect(await names({ namespace: 'shop' })).toEqual(['payment']);
      expect(await names({ cluster: 'homelab' })).toEqual([
        'checkout',
        'frontend',
      ]);
      // A namespace or cluster is paged in the order asked for.
      expect(
        await names({
          cluster: 'homelab',
          orderBy: 'entityRef',
          order: 'desc',
        }),
      ).toEqual(['frontend', 'checkout']);
      const page = await compliance.list(
        { namespace: 'boutique-dev', limit: 1, offset: 1 },
        credentials,
      );
      expect([page.totalItems, page.items.map(r => r.entityRef)]).toEqual([
        2,
        ['component:default/frontend'],
      ]);
      expect(await names({ namespace: 'nowhere' })).toEqual([]);
      expect(await names({ level: 'none' })).toEqual(['payment']);
      expect(await names({ criterion: 'mtls-strict' })).toEqual(['payment']);
      expect(await names({ criterion: 'mtls-strict', status: 'pass' })).toEqual(
        ['checkout', 'frontend'],
      );
      // A criterion never evaluated counts as unknown.
      expect(
        await names({
          criterion: 'tracing',
          status: 'unknown',
          owner: 'boutique-team',
        }),
      ).toEqual(['checkout', 'frontend']);
    });

    it('searches names and titles, ignoring case', async () => {
      const compliance = await setUp(readable);
      const names = async (q: string) =>
        (await compliance.list({ q }, credentials)).items.map(
          r => r.entityRef.split('/')[1],
        );

      expect(await names('END')).toEqual(['frontend']);
      // "check-out" is only in checkout's title.
      expect(await names('check-out')).toEqual(['checkout']);
      expect(await names('e')).toEqual(['checkout', 'frontend', 'payment']);
      // Never an entity the caller may not read.
      expect(await names('billing')).toEqual([]);
      expect(
        (await compliance.summary({ q: 'pay' }, credentials)).entities,
      ).toBe(1);
    });

    it('sorts by owner and by a criterion, worst status first, ties by entity ref', async () => {
      const ledger = state('ledger', edge, 'none', 'warn');
      const audit = state('audit', edge, 'none', 'pass');
      const compliance = await setUp(
        [
          ...readable,
          component('ledger', 'group:default/accounting'),
          component('audit', 'group:default/zeta-team'),
        ],
        [
          ledger,
          // mtls-strict never evaluated: unknown.
          {
            ...audit,
            criteria: audit.criteria.filter(c => c.id !== 'mtls-strict'),
          },
        ],
      );
      const order = async (query: object) =>
        (await compliance.list(query, credentials)).items.map(
          r => r.entityRef.split('/')[1],
        );

      expect(await order({ orderBy: 'owner' })).toEqual([
        'ledger', // group:default/accounting
        'checkout', // group:default/boutique-team
        'frontend',
        'payment', // group:default/payments-team
        'audit', // group:default/zeta-team
      ]);
      expect(await order({ orderBy: 'mtls-strict' })).toEqual([
        'payment', // fail
        'ledger', // warn
        'audit', // unknown
        'checkout', // pass
        'frontend', // pass
      ]);
      // Descending reverses the statuses; ties stay by entity ref.
      expect(await order({ orderBy: 'mtls-strict', order: 'desc' })).toEqual([
        'checkout',
        'frontend',
        'audit',
        'ledger',
        'payment',
      ]);
    });

    it('lists every matching row, unpaged, in the order asked for', async () => {
      const compliance = await setUp(readable);
      const all = await compliance.listAll(
        { orderBy: 'level', order: 'desc' },
        credentials,
      );
      expect(all.map(r => [r.entityRef, r.level])).toEqual([
        ['component:default/checkout', 'bronze'],
        ['component:default/frontend', 'bronze'],
        ['component:default/payment', 'none'],
      ]);
      const page = await compliance.list(
        { orderBy: 'level', order: 'desc', limit: 500 },
        credentials,
      );
      expect(all).toStrictEqual(page.items);
      expect(
        await compliance.listAll({ criterion: 'mtls-strict' }, credentials),
      ).toStrictEqual([
        expect.objectContaining({ entityRef: 'component:default/payment' }),
      ]);
    });

    it('names the namespaces of a cluster where readable entities run', async () => {
      // Mapped to a namespace without a cluster: it counts on every cluster.
      const ledger = state('ledger', edge, 'none', 'fail');
      const compliance = await setUp(
        [...readable, component('ledger', 'group:default/payments-team')],
        [
          {
            ...ledger,
            workloads: [],
            mapping: { ...ledger.mapping, namespace: 'ledger' },
          },
        ],
      );
      expect(
        [
          ...(await compliance.readableNamespaces(credentials, 'homelab')),
        ].sort(),
      ).toEqual(['boutique-dev', 'ledger']);
      // secret-billing runs in shop on edge too, but is not readable.
      expect(
        [...(await compliance.readableNamespaces(credentials, 'edge'))].sort(),
      ).toEqual(['ledger', 'shop']);
      expect(
        [...(await compliance.readableNamespaces(credentials, 'lab'))].sort(),
      ).toEqual(['ledger']);
    });

    it('counts the namespace annotation of a readable entity the refresh has not reached', async () => {
      const annotated = (name: string, annotations: Record<string, string>) => {
        const entity = component(name, 'group:default/payments-team');
        return {
          ...entity,
          metadata: { ...entity.metadata, annotations },
        };
      };
      const compliance = await setUp([
        annotated('refund', {
          'backstage.io/kubernetes-id': 'refund',
          'backstage.io/kubernetes-namespace': 'refunds',
          'backstage.io/kubernetes-cluster': 'edge',
        }),
        annotated('audit', { 'backstage.io/kubernetes-namespace': 'audit' }),
      ]);
      expect(
        [...(await compliance.readableNamespaces(credentials, 'edge'))].sort(),
      ).toEqual(['audit', 'refunds']);
      expect(
        [
          ...(await compliance.readableNamespaces(credentials, 'homelab')),
        ].sort(),
      ).toEqual(['audit']);
    });

    it('counts levels and criteria today and per day of history', async () => {
      const compliance = await setUp(readable);
      const summary = await compliance.summary({ days: 7 }, credentials);

      expect(summary.entities).toBe(3);
      expect(summary.levels).toEqual({
        none: 1,
        bronze: 2,
        silver: 0,
        gold: 0,
      });
      expect(summary.criteria['mtls-strict']).toEqual({
        pass: 2,
        fail: 1,
        warn: 0,
        unknown: 0,
      });
      expect(
        summary.history.map(h => [h.day, h.entities, h.levels.bronze]),
      ).toEqual([
        ['2026-11-26', 3, 1],
        ['2026-11-28', 1, 1],
      ]);

      // The window ends today; two days reach back to yesterday only.
      const recent = await compliance.summary({ days: 2 }, credentials);
      expect(recent.history.map(h => h.day)).toEqual(['2026-11-28']);
    });

    it('shows what a refresh stores on the next request, while the caller’s entities are kept', async () => {
      const knex = await databases.init(databaseId);
      const store = await MeshStateStore.create(
        mockServices.database.mock({ getClient: async () => knex }),
      );
      const refreshedAt = new Date('2026-11-28T10:00:00Z');
      await store.saveStates(
        [
          state('frontend', homelab, 'none', 'fail'),
          state('checkout', homelab, 'bronze', 'pass'),
        ],
        refreshedAt,
      );
      const catalog = catalogServiceMock({ entities: readable });
      const asked = jest.spyOn(catalog, 'getEntities');
      const compliance = new ComplianceService({
        catalog,
        store,
        now: () => new Date('2026-11-28T12:00:00Z'),
      });
      const failing = { criterion: 'mtls-strict', status: 'fail' } as const;
      const names = async () =>
        (await compliance.list(failing, credentials)).items.map(
          r => r.entityRef.split('/')[1],
        );
      expect(await names()).toEqual(['frontend']);
      expect((await compliance.summary(failing, credentials)).levels.none).toBe(
        1,
      );

      // frontend moves to STRICT and payment appears, a minute later.
      await store.saveStates(
        [
          state('frontend', homelab, 'bronze', 'pass'),
          state('payment', edge, 'none', 'fail'),
        ],
        new Date(refreshedAt.getTime() + 60_000),
      );
      expect(await names()).toEqual(['payment']);
      const summary = await compliance.summary(failing, credentials);
      expect(summary.entities).toBe(1);
      expect(summary.history.at(-1)).toMatchObject({
        day: '2026-11-28',
        entities: 1,
      });
      // The catalog was asked once: the entities are kept, the rows are not.
      expect(asked).toHaveBeenCalledTimes(1);
    });

    it('shows nothing to a caller who can read no entity', async () => {
      const compliance = await setUp([]);
      expect(await compliance.list({}, credentials)).toEqual({
        items: [],
        totalItems: 0,
        offset: 0,
        limit: 50,
        staleAfterSeconds: 600,
      });
      expect((await compliance.summary({}, credentials)).entities).toBe(0);
    });
  },
);
