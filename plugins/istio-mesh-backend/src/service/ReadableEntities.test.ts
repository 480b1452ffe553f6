import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ReadableEntities } from './ReadableEntities';

const paymentservice: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'paymentservice', namespace: 'default' },
  spec: { owner: 'group:default/payments' },
};

function setup(options: { ttlMs?: number; maxCallers?: number } = {}) {
  let clock = 0;
  const getEntities = jest.fn(async (_request: unknown, _options: unknown) => ({
    items: [paymentservice],
  }));
  const readable = new ReadableEntities({
    catalog: { getEntities } as unknown as CatalogService,
    now: () => clock,
    ...options,
  });
  return {
    readable,
    getEntities,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');

describe('ReadableEntities', () => {
  it('asks the catalog once for a caller within the time it keeps the answer', async () => {
    const { readable, getEntities, advance } = setup();
    await expect(readable.of(alice)).resolves.toStrictEqual([paymentservice]);
    advance(9_999);
    await readable.of(alice);
    expect(getEntities).toHaveBeenCalledTimes(1);
    advance(1);
    await readable.of(alice);
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('asks on behalf of each caller, with their own credentials', async () => {
    const { readable, getEntities } = setup();
    await readable.of(alice);
    await readable.of(bob);
    expect(getEntities.mock.calls.map(call => call[1])).toStrictEqual([
      { credentials: alice },
      { credentials: bob },
    ]);
  });

  it('shares one query between concurrent requests of a caller', async () => {
    const { readable, getEntities } = setup();
    await Promise.all([readable.of(alice), readable.of(alice)]);
    expect(getEntities).toHaveBeenCalledTimes(1);
  });

  it('asks again after a failed query', async () => {
    const { readable, getEntities } = setup();
    getEntities.mockRejectedValueOnce(new Error('catalog unavailable'));
    await expect(readable.of(alice)).rejects.toThrow('catalog unavailable');
    await expect(readable.of(alice)).resolves.toHaveLength(1);
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('never keeps the answer for an anonymous caller, or when told not to', async () => {
    const anonymous = setup();
    await anonymous.readable.of(mockCredentials.none());
    await anonymous.readable.of(mockCredentials.none());
    expect(anonymous.getEntities).toHaveBeenCalledTimes(2);

    const uncached = setup({ ttlMs: 0 });
    await uncached.readable.of(alice);
    await uncached.readable.of(alice);
    expect(uncached.getEntities).toHaveBeenCalledTimes(2);
  });

  it('asks again ahead of time for a caller who keeps asking, serving the kept answer meanwhile', async () => {
    const { readable, getEntities, advance } = setup();
    // Each query takes 3 s: the next one starts 6 s before the answer
    // runs out, but not before half its life (5 s).
    const answers: Entity[][] = [];
    getEntities.mockImplementation(async () => {
      advance(3_000);
      const items = [{ ...paymentservice }];
      answers.push(items);
      return { items };
    });
    const first = await readable.of(alice);
    advance(1_000); // 4 s after the query started: too early
    expect(await readable.of(alice)).toBe(first);
    expect(getEntities).toHaveBeenCalledTimes(1);

    advance(2_000); // 6 s: the next query starts; this request does not wait
    const during = readable.of(alice);
    expect(getEntities).toHaveBeenCalledTimes(2);
    expect(await during).toBe(first);
    // Once it answered, it is served: 10 s after the first query started,
    // 4 s after the second (the mock moved the clock to 9 s).
    advance(1_000);
    expect(await readable.of(alice)).toBe(answers[1]);
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('never serves an answer longer than it keeps it, even while the next query runs', async () => {
    const { readable, getEntities, advance } = setup();
    let answer!: (items: Entity[]) => void;
    getEntities.mockImplementationOnce(async () => {
      advance(3_000);
      return { items: [paymentservice] };
    });
    const first = await readable.of(alice);
    getEntities.mockImplementationOnce(
      () =>
        new Promise(resolve => {
          answer = items => resolve({ items });
        }),
    );
    advance(3_000); // 6 s: starts the next query, which hangs
    expect(await readable.of(alice)).toBe(first);
    advance(4_000); // 10 s: the first answer ran out
    const late = readable.of(alice);
    const newer = [{ ...paymentservice }];
    answer(newer);
    expect(await late).toBe(newer);
    expect(getEntities).toHaveBeenCalledTimes(2);
  });

  it('keeps at most maxCallers callers, dropping the least recently loaded', async () => {
    const { readable, getEntities } = setup({ maxCallers: 1 });
    await readable.of(alice);
    await readable.of(bob);
    await readable.of(bob);
    await readable.of(alice);
    expect(getEntities).toHaveBeenCalledTimes(3);
  });
});
