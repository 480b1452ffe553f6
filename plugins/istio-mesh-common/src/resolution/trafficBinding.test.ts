import { parseManifests } from '../resources/parseManifests';
import { KubernetesObject } from '../resources/objects';
import {
  destinationRulesForHost,
  destinationRuleSpec,
  isBoundToMesh,
  routeWeights,
  virtualServicesForHost,
  virtualServiceSpec,
} from './trafficBinding';

function parse(yaml: string): KubernetesObject[] {
  const { objects, problems } = parseManifests(yaml, 'binding.yaml');
  expect(problems).toStrictEqual([]);
  return objects.map(o => o.object);
}
const names = (objects: KubernetesObject[] | undefined) =>
  (objects ?? []).map(o => `${o.metadata.namespace}/${o.metadata.name}`);

const REVIEWS = 'reviews.bookinfo.svc.cluster.local';

describe('virtualServiceSpec and destinationRuleSpec', () => {
  it('drop values of the wrong shape', () => {
    const [vs, dr] = parse(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: odd, namespace: bookinfo}
spec:
  hosts: [reviews, 42]
  http: [{route: [{destination: {host: reviews}}]}, "oops"]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: odd, namespace: bookinfo}
spec:
  subsets:
  - {name: v1, labels: {version: v1, weight: 3}}
`);
    expect(virtualServiceSpec(vs)).toStrictEqual({
      hosts: ['reviews'],
      gateways: [],
      exportTo: [],
      http: [{ route: [{ destination: { host: 'reviews' } }] }],
      tcp: [],
      tls: [],
    });
    expect(destinationRuleSpec(dr)).toStrictEqual({
      host: '',
      exportTo: [],
      subsets: [{ name: 'v1', labels: { version: 'v1' } }],
    });
  });
});

describe('virtualServicesForHost', () => {
  const virtualServices = parse(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-ingress, namespace: bookinfo}
spec:
  hosts: [reviews.bookinfo.svc.cluster.local]
  gateways: [bookinfo-gateway]
  http:
  - route:
    - destination: {host: reviews}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-both, namespace: bookinfo}
spec:
  hosts: ["*.bookinfo.svc.cluster.local"]
  gateways: [bookinfo-gateway, mesh]
  http:
  - route:
    - destination: {host: reviews}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-private, namespace: bookinfo}
spec:
  hosts: [reviews]
  exportTo: ["."]
  http:
  - route:
    - destination: {host: reviews}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-half, namespace: frontend}
spec:
  hosts: [reviews.bookinfo]
  http:
  - route:
    - destination: {host: reviews.bookinfo.svc.cluster.local}
`);

  it('binds mesh VirtualServices whose hosts match, wildcards included', () => {
    expect(
      names(virtualServicesForHost(virtualServices, REVIEWS, 'bookinfo')),
    ).toStrictEqual([
      'bookinfo/reviews',
      'bookinfo/reviews-both',
      'bookinfo/reviews-private',
    ]);
  });

  it('leaves out VirtualServices not exported to the client namespace', () => {
    expect(
      names(virtualServicesForHost(virtualServices, REVIEWS, 'frontend')),
    ).toStrictEqual(['bookinfo/reviews', 'bookinfo/reviews-both']);
  });

  it('honours a private default exportTo', () => {
    expect(
      names(
        virtualServicesForHost(virtualServices, REVIEWS, 'frontend', {
          defaultVirtualServiceExportTo: ['.'],
        }),
      ),
    ).toStrictEqual([]);
  });

  it('finds a VirtualService added to a list already looked up', () => {
    const growing = [...virtualServices];
    expect(
      names(virtualServicesForHost(growing, REVIEWS, 'frontend')),
    ).toStrictEqual(['bookinfo/reviews', 'bookinfo/reviews-both']);
    growing.push(
      ...parse(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews-late, namespace: bookinfo}
spec:
  hosts: [reviews.bookinfo.svc.cluster.local]
  http:
  - route:
    - destination: {host: reviews}
`),
    );
    expect(
      names(virtualServicesForHost(growing, REVIEWS, 'frontend')),
    ).toStrictEqual([
      'bookinfo/reviews',
      'bookinfo/reviews-both',
      'bookinfo/reviews-late',
    ]);
  });

  it('tells whether a VirtualService is bound to the mesh gateway', () => {
    expect(
      virtualServices.map(vs => isBoundToMesh(virtualServiceSpec(vs))),
    ).toStrictEqual([true, false, true, true, true]);
  });
});

describe('destinationRulesForHost', () => {
  const rules = parse(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews-frontend, namespace: frontend}
spec:
  host: reviews.bookinfo.svc.cluster.local
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  subsets:
  - {name: v1, labels: {version: v1}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: bookinfo-wildcard, namespace: bookinfo}
spec:
  host: "*.bookinfo.svc.cluster.local"
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: ratings-for-team-a, namespace: bookinfo}
spec:
  host: ratings
  exportTo: [team-a]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: details-private, namespace: bookinfo}
spec:
  host: details
  exportTo: ["."]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: mesh-default, namespace: istio-system}
spec:
  host: "*.local"
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: mesh-cluster, namespace: istio-system}
spec:
  host: "*.svc.cluster.local"
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: root-private, namespace: istio-system}
spec:
  host: "*.bookinfo.svc.cluster.local"
  exportTo: ["."]
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews-canary-clients, namespace: frontend}
spec:
  host: ratings.bookinfo.svc.cluster.local
  workloadSelector:
    matchLabels: {app: canary}
`);

  it('looks in the client namespace first', () => {
    expect(
      destinationRulesForHost(rules, REVIEWS, 'bookinfo', 'frontend'),
    ).toStrictEqual({
      host: REVIEWS,
      namespace: 'frontend',
      source: 'client-namespace',
      destinationRules: [rules[0]],
      rule: rules[0],
    });
  });

  it('then in the service namespace, most specific host first', () => {
    expect(
      destinationRulesForHost(rules, REVIEWS, 'bookinfo', 'team-b'),
    ).toStrictEqual({
      host: REVIEWS,
      namespace: 'bookinfo',
      source: 'service-namespace',
      destinationRules: [rules[1]],
      rule: rules[1],
    });
    expect(
      names(
        destinationRulesForHost(
          rules,
          'productpage.bookinfo.svc.cluster.local',
          'bookinfo',
          'team-b',
        )?.destinationRules,
      ),
    ).toStrictEqual(['bookinfo/bookinfo-wildcard']);
  });

  it('picks the most specific host of the service namespace before checking exportTo', () => {
    const ratings = 'ratings.bookinfo.svc.cluster.local';
    // team-a sees the exact host. For team-b istiod still picks the exact
    // host in bookinfo (getExportedDestinationRuleFromNamespace), finds it
    // not exported and goes on to the root namespace: the bookinfo wildcard
    // is never considered.
    expect(
      names(
        destinationRulesForHost(rules, ratings, 'bookinfo', 'team-a')
          ?.destinationRules,
      ),
    ).toStrictEqual(['bookinfo/ratings-for-team-a']);
    expect(
      names(
        destinationRulesForHost(rules, ratings, 'bookinfo', 'team-b')
          ?.destinationRules,
      ),
    ).toStrictEqual(['istio-system/mesh-cluster']);
  });

  it('uses private DRs only for clients in their namespace', () => {
    const details = 'details.bookinfo.svc.cluster.local';
    expect(
      destinationRulesForHost(rules, details, 'bookinfo', 'bookinfo')?.source,
    ).toBe('client-namespace');
    expect(
      names(
        destinationRulesForHost(rules, details, 'bookinfo', 'team-b')
          ?.destinationRules,
      ),
    ).toStrictEqual(['bookinfo/bookinfo-wildcard']);
  });

  it('falls back to the root namespace, most specific wildcard first', () => {
    expect(
      destinationRulesForHost(
        rules,
        'cart.shop.svc.cluster.local',
        'shop',
        'shop',
      ),
    ).toStrictEqual({
      host: '*.svc.cluster.local',
      namespace: 'istio-system',
      source: 'root-namespace',
      destinationRules: [rules[6]],
      rule: rules[6],
    });
    expect(
      destinationRulesForHost(
        rules,
        'cart.shop.svc.cluster.local',
        'shop',
        'shop',
        { rootNamespace: 'mesh-root' },
      ),
    ).toBeUndefined();
  });

  it('checks root-namespace private DRs first for clients in the root namespace', () => {
    expect(
      names(
        destinationRulesForHost(rules, REVIEWS, 'bookinfo', 'istio-system')
          ?.destinationRules,
      ),
    ).toStrictEqual(['istio-system/root-private']);
  });

  it('applies workloadSelector DRs only to the workloads they select, with no fallback for the others', () => {
    const ratings = 'ratings.bookinfo.svc.cluster.local';
    expect(
      names(
        destinationRulesForHost(rules, ratings, 'bookinfo', 'frontend', {
          clientLabels: { app: 'canary' },
        })?.destinationRules,
      ),
    ).toStrictEqual(['frontend/reviews-canary-clients']);
    expect(
      names(
        destinationRulesForHost(rules, ratings, 'bookinfo', 'frontend', {
          clientLabels: { app: 'web' },
        })?.destinationRules,
      ),
    ).toStrictEqual([]);
    // Other namespaces are not affected by frontend's selector rule.
    expect(
      names(
        destinationRulesForHost(rules, ratings, 'bookinfo', 'team-a')
          ?.destinationRules,
      ),
    ).toStrictEqual(['bookinfo/ratings-for-team-a']);
  });

  it('merges DRs of one namespace for the same host, oldest then by name', () => {
    const [first, second] = parse(`
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews-tls, namespace: bookinfo}
spec:
  host: reviews
  trafficPolicy: {tls: {mode: ISTIO_MUTUAL}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews-subsets, namespace: bookinfo}
spec:
  host: reviews.bookinfo.svc.cluster.local
  subsets:
  - {name: v2, labels: {version: v2}}
`);
    const binding = destinationRulesForHost(
      [first, second],
      REVIEWS,
      'bookinfo',
      'bookinfo',
    );
    // Neither has a creation time, so istiod orders them by name.
    expect(binding?.destinationRules).toStrictEqual([second, first]);
    expect(binding?.rule.spec).toStrictEqual({
      host: 'reviews.bookinfo.svc.cluster.local',
      subsets: [{ name: 'v2', labels: { version: 'v2' } }],
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' } },
    });
  });
});

describe('routeWeights', () => {
  it('gives a single destination all traffic whatever its weight', () => {
    expect(
      routeWeights([{ destination: { host: 'reviews' }, weight: 30 }]),
    ).toStrictEqual([{ destination: { host: 'reviews' }, percent: 100 }]);
  });

  it('divides by the sum of weights', () => {
    const [vs] = parse(`
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - route:
    - destination: {host: reviews, subset: v1}
      weight: 1
    - destination: {host: reviews, subset: v2}
      weight: 3
`);
    expect(
      routeWeights(virtualServiceSpec(vs).http[0].route ?? []),
    ).toStrictEqual([
      { destination: { host: 'reviews', subset: 'v1' }, percent: 25 },
      { destination: { host: 'reviews', subset: 'v2' }, percent: 75 },
    ]);
  });

  it('gives nothing to unweighted destinations next to weighted ones', () => {
    expect(
      routeWeights([
        { destination: { host: 'a' }, weight: 50 },
        { destination: { host: 'b' } },
      ]).map(w => w.percent),
    ).toStrictEqual([100, 0]);
    expect(
      routeWeights([
        { destination: { host: 'a' } },
        { destination: { host: 'b' } },
      ]).map(w => w.percent),
    ).toStrictEqual([0, 0]);
  });
});
