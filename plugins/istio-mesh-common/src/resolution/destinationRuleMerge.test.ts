import { parseManifests } from '../resources/parseManifests';
import { mergeDestinationRules } from './destinationRuleMerge';

const rules = (yaml: string) =>
  parseManifests(yaml, 'dr.yaml').objects.map(o => o.object);

describe('mergeDestinationRules', () => {
  it('concatenates subsets oldest first, keeping the first of a name and the first traffic policy', () => {
    const [merged, ...rest] = mergeDestinationRules(
      rules(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews-canary, namespace: bookinfo, creationTimestamp: "2026-05-02T00:00:00Z"}
spec:
  host: reviews
  trafficPolicy: {connectionPool: {tcp: {maxConnections: 10}}}
  subsets:
    - {name: v2, labels: {version: v2-canary}}
    - {name: v3, labels: {version: v3}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo, creationTimestamp: "2026-05-01T00:00:00Z"}
spec:
  host: reviews
  subsets:
    - {name: v1, labels: {version: v1}}
    - {name: v2, labels: {version: v2}}
`),
    );
    expect(rest).toStrictEqual([]);
    expect(merged.mergedFrom).toStrictEqual([
      'bookinfo/reviews',
      'bookinfo/reviews-canary',
    ]);
    expect(merged.destinationRule.metadata.name).toBe('reviews');
    expect(merged.destinationRule.spec).toStrictEqual({
      host: 'reviews',
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
        { name: 'v3', labels: { version: 'v3' } },
      ],
      trafficPolicy: { connectionPool: { tcp: { maxConnections: 10 } } },
    });
    expect(merged.shadowedSubsets).toStrictEqual([
      { policy: 'bookinfo/reviews-canary', subset: 'v2' },
    ]);
  });

  it('keeps rules with a workloadSelector or another exportTo set apart', () => {
    const merged = mergeDestinationRules(
      rules(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: a, namespace: shop}
spec: {host: cart, exportTo: ["."], subsets: [{name: v1}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: b, namespace: shop}
spec: {host: cart, subsets: [{name: v2}]}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: c, namespace: shop}
spec:
  host: cart
  workloadSelector: {matchLabels: {app: web}}
  subsets: [{name: v3}]
`),
    );
    expect(merged.map(m => m.mergedFrom)).toStrictEqual([
      ['shop/a'],
      ['shop/b'],
      ['shop/c'],
    ]);
  });
});
