import { KubernetesObject } from '../resources/objects';
import { mergeDestinationRules } from '../resolution/destinationRuleMerge';
import { analyzeInContext } from './analyzeInContext';
import { runAnalyzers } from './runAnalyzers';
import { Analyzer } from './types';

/**
 * How many elements `run` reads through array iterators (for...of, spread,
 * destructuring). Copying an array to append one element reads all of it,
 * so a loop that does so counts quadratically; the count is deterministic,
 * unlike a timing.
 */
function arrayIterationsOf(run: () => void): number {
  const original = Array.prototype[Symbol.iterator];
  let steps = 0;
  function* counted(this: unknown[]) {
    for (let i = 0; i < this.length; i++) {
      steps += 1;
      yield this[i];
    }
  }
  // Replaced for the run only, so that every for...of and spread counts.
  // eslint-disable-next-line no-extend-native
  Array.prototype[Symbol.iterator] = counted as typeof original;
  try {
    run();
  } finally {
    // eslint-disable-next-line no-extend-native
    Array.prototype[Symbol.iterator] = original;
  }
  return steps;
}

function services(count: number): KubernetesObject[] {
  return Array.from({ length: count }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `service-${i}`, namespace: `team-${i % 20}` },
    spec: {
      selector: { app: `service-${i}` },
      ports: [{ name: 'http', port: 80, targetPort: 8080 }],
    },
  }));
}

const listServices: Analyzer = {
  name: 'test.ListServices',
  description: 'reads every Service once',
  analyze(context) {
    let seen = 0;
    for (const entry of context.list('', 'Service')) {
      if (entry.object.metadata.name) seen += 1;
    }
    if (seen < 0) throw new Error('unreachable');
  },
};

describe('analysis at scale', () => {
  it('groups objects by kind in linear work', () => {
    const work = (count: number) =>
      arrayIterationsOf(() =>
        runAnalyzers(
          services(count).map(object => ({ object })),
          { analyzers: [listServices] },
        ),
      );
    const small = work(1000);
    const large = work(4000);
    // Linear work grows 4x with 4x the objects; copying the group for
    // every object grew it about 16x.
    expect(large / small).toBeLessThan(5);
  });

  it('analyzes many thousands of sent Services with every analyzer in linear work', () => {
    const work = (count: number) =>
      arrayIterationsOf(() =>
        analyzeInContext({
          analyzed: services(count).map(object => ({ object })),
          context: services(count).map(object => ({
            ...object,
            metadata: {
              ...object.metadata,
              name: `live-${object.metadata.name}`,
            },
          })),
        }),
      );
    const small = work(1000);
    const large = work(4000);
    expect(large / small).toBeLessThan(5);
  });

  it('merges many DestinationRules of one host in linear work', () => {
    const rules = (count: number): KubernetesObject[] =>
      Array.from({ length: count }, (_, i) => ({
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: {
          name: `reviews-${i}`,
          namespace: 'bookinfo',
          creationTimestamp: new Date(
            Date.UTC(2026, 0, 1, 0, 0, i),
          ).toISOString(),
        },
        spec: { host: 'reviews', subsets: [{ name: `v${i}` }] },
      }));
    const work = (count: number) =>
      arrayIterationsOf(() => mergeDestinationRules(rules(count)));
    expect(work(4000) / work(1000)).toBeLessThan(5);
  });
});
