import { parseManifests } from '../resources/parseManifests';
import { KubernetesObject, objectKey } from '../resources/objects';
import {
  buildDestinationRuleIndex,
  ConsolidatedDestinationRule,
  selectDestinationRule,
} from './destinationRuleIndex';

function rules(yaml: string): KubernetesObject[] {
  const { objects, problems } = parseManifests(yaml, 'rules.yaml');
  expect(problems).toStrictEqual([]);
  return objects.map(o => o.object);
}

const summary = (entry: ConsolidatedDestinationRule) => ({
  from: entry.from.map(objectKey),
  subsets: (
    (entry.rule.spec as { subsets?: Array<{ name: string }> }).subsets ?? []
  ).map(s => s.name),
  exportTo: [...entry.exportTo].sort(),
});

const HTTPBIN = 'httpbin.org';

// istio pilot/pkg/model/push_context.go setDestinationRules and
// destination_rule.go mergeDestinationRule (enhanced merge on), as
// pinned by istio's TestSetDestinationRuleMerging.
describe('buildDestinationRuleIndex', () => {
  const merging = rules(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule1, namespace: test}
spec:
  host: httpbin.org
  subsets: [{name: subset1}, {name: subset2}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule2, namespace: test}
spec:
  host: httpbin.org
  subsets: [{name: subset3}, {name: subset4}]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: rule3, namespace: test}
spec:
  host: httpbin.org
  exportTo: [istio-system]
  subsets: [{name: subset5}, {name: subset6}]
`);

  it('merges rules of one exportTo and keeps a rule of another exportTo apart', () => {
    const index = buildDestinationRuleIndex(merging);
    // Clients in test see the merged rule1+rule2 (rule3 is not visible there).
    expect(
      index.lookup('test', HTTPBIN, 'test')?.entries.map(summary),
    ).toStrictEqual([
      {
        from: ['test/rule1', 'test/rule2'],
        subsets: ['subset1', 'subset2', 'subset3', 'subset4'],
        exportTo: [],
      },
    ]);
    // istio-system is named by rule3 and reaches both exported entries.
    expect(
      index.lookup('istio-system', HTTPBIN, 'test')?.entries.map(summary),
    ).toStrictEqual([
      {
        from: ['test/rule1', 'test/rule2'],
        subsets: ['subset1', 'subset2', 'subset3', 'subset4'],
        exportTo: [],
      },
      {
        from: ['test/rule3'],
        subsets: ['subset5', 'subset6'],
        exportTo: ['istio-system'],
      },
    ]);
  });

  it('has the client use the last entry without a selector', () => {
    const index = buildDestinationRuleIndex(merging);
    const lookup = index.lookup('istio-system', HTTPBIN, 'test');
    expect(
      objectKey(
        selectDestinationRule(lookup, {
          namespace: 'istio-system',
          labels: {},
        })!.rule,
      ),
    ).toBe('test/rule3');
  });

  it('keeps the first top-level traffic policy, oldest first', () => {
    const [older, newer] = rules(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: z-older, namespace: shop, creationTimestamp: "2026-01-01T00:00:00Z"}
spec:
  host: cart
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: a-newer, namespace: shop, creationTimestamp: "2026-02-01T00:00:00Z"}
spec:
  host: cart
  trafficPolicy: {tls: {mode: DISABLE}}
  subsets: [{name: v1, labels: {version: v1}}]
`);
    const entry = selectDestinationRule(
      buildDestinationRuleIndex([newer, older]).lookup(
        'shop',
        'cart.shop.svc.cluster.local',
        'shop',
      ),
      { namespace: 'shop', labels: {} },
    )!;
    expect(entry.from.map(objectKey)).toStrictEqual([
      'shop/z-older',
      'shop/a-newer',
    ]);
    expect(entry.rule.spec).toMatchObject({
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
      subsets: [{ name: 'v1', labels: { version: 'v1' } }],
    });
  });

  it('keeps rules with different workload selectors apart', () => {
    const index = buildDestinationRuleIndex(
      rules(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: for-web, namespace: shop}
spec:
  host: cart
  workloadSelector: {matchLabels: {app: web}}
  trafficPolicy: {tls: {mode: DISABLE}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: for-batch, namespace: shop}
spec:
  host: cart
  workloadSelector: {matchLabels: {app: batch}}
  trafficPolicy: {tls: {mode: SIMPLE}}
`),
    );
    const lookup = index.lookup('shop', 'cart.shop.svc.cluster.local', 'shop');
    const pick = (app: string) =>
      selectDestinationRule(lookup, { namespace: 'shop', labels: { app } });
    expect(objectKey(pick('web')!.rule)).toBe('shop/for-web');
    expect(objectKey(pick('batch')!.rule)).toBe('shop/for-batch');
    // Stricter: the selector rules of shop stop the lookup for every other
    // client of shop, so none falls back to a rule elsewhere.
    expect(pick('other')).toBeUndefined();
  });

  it('does not let a selector rule of the client namespace hide rules from other namespaces', () => {
    const index = buildDestinationRuleIndex(
      rules(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: for-web, namespace: shop}
spec:
  host: cart.shop.svc.cluster.local
  workloadSelector: {matchLabels: {app: web}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cart, namespace: shop}
spec:
  host: cart.shop.svc.cluster.local
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
`),
    );
    // Looser: a client of shop that the selector does not pick still gets
    // the namespace's catch-all rule.
    expect(
      objectKey(
        selectDestinationRule(
          index.lookup('shop', 'cart.shop.svc.cluster.local', 'shop'),
          { namespace: 'shop', labels: { app: 'other' } },
        )!.rule,
      ),
    ).toBe('shop/cart');
  });

  it('lists the namespaces with their own rules and the namespaces rules are exported to', () => {
    const index = buildDestinationRuleIndex(merging);
    expect(index.namespacesWithLocalRules(HTTPBIN)).toStrictEqual(['test']);
    expect(index.exportTargets(HTTPBIN)).toStrictEqual(['istio-system']);
  });
});
