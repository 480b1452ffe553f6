import { validateManifestSchema } from './schemaValidation';
import { renderManifests } from './renderManifests';
import {
  buildVirtualService,
  CANARY_SPLIT,
  VirtualServiceInput,
} from './virtualService';

const canary: VirtualServiceInput = {
  name: 'productcatalogservice',
  namespace: 'boutique-dev',
  host: 'productcatalogservice',
  split: CANARY_SPLIT,
  template: 'istio-canary-rollout',
};

describe('buildVirtualService', () => {
  it("writes the seed's canary: 90/10 between v1 and v2, with retries and a timeout", () => {
    expect(renderManifests([buildVirtualService(canary)]))
      .toBe(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: productcatalogservice
  namespace: boutique-dev
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-canary-rollout
spec:
  hosts:
    - productcatalogservice
  http:
    - name: canary
      route:
        - destination:
            host: productcatalogservice
            subset: v1
          weight: 90
        - destination:
            host: productcatalogservice
            subset: v2
          weight: 10
      retries:
        attempts: 3
        perTryTimeout: 2s
        retryOn: 5xx,reset,connect-failure
      timeout: 10s
`);
  });

  it('routes to the host alone, on a port, when there is no split', () => {
    const vs = buildVirtualService({
      name: 'cartservice',
      host: 'cartservice',
      port: 7070,
      retries: {
        attempts: 3,
        perTryTimeout: '2s',
        retryOn: '5xx,connect-failure,unavailable',
      },
    });
    expect(vs.spec).toStrictEqual({
      hosts: ['cartservice'],
      http: [
        {
          name: 'default',
          route: [
            { destination: { host: 'cartservice', port: { number: 7070 } } },
          ],
          retries: {
            attempts: 3,
            perTryTimeout: '2s',
            retryOn: '5xx,connect-failure,unavailable',
          },
          timeout: '10s',
        },
      ],
    });
    expect(vs.metadata).toStrictEqual({
      name: 'cartservice',
      labels: { 'app.kubernetes.io/managed-by': 'backstage-istio-mesh' },
    });
  });

  it('sends requests with a matching header to one subset, the rest through the split (A/B)', () => {
    const vs = buildVirtualService({
      ...canary,
      split: [{ subset: 'v1' }],
      headerMatch: { header: 'x-user-group', exact: 'beta', subset: 'v2' },
      retries: null,
      timeout: null,
    });
    expect(vs.spec.http).toStrictEqual([
      {
        name: 'v2-by-header',
        match: [{ headers: { 'x-user-group': { exact: 'beta' } } }],
        route: [
          { destination: { host: 'productcatalogservice', subset: 'v2' } },
        ],
      },
      {
        name: 'default',
        route: [
          { destination: { host: 'productcatalogservice', subset: 'v1' } },
        ],
      },
    ]);
    expect(validateManifestSchema(vs)).toStrictEqual([]);
  });

  it('injects faults and binds to gateways', () => {
    const vs = buildVirtualService({
      name: 'frontend',
      host: 'frontend',
      hosts: ['shop.homelab.local'],
      gateways: ['istio-ingress/public', 'mesh'],
      fault: {
        delay: { fixedDelay: '5s', percentage: 10 },
        abort: { httpStatus: 503, percentage: 0.5 },
      },
    });
    expect(vs.spec.hosts).toStrictEqual(['shop.homelab.local']);
    expect(vs.spec.gateways).toStrictEqual(['istio-ingress/public', 'mesh']);
    expect(vs.spec.http[0].fault).toStrictEqual({
      delay: { fixedDelay: '5s', percentage: { value: 10 } },
      abort: { httpStatus: 503, percentage: { value: 0.5 } },
    });
    expect(validateManifestSchema(vs)).toStrictEqual([]);
  });

  it('gives byte-identical output for the same input', () => {
    const reordered: VirtualServiceInput = {
      template: canary.template,
      split: [...CANARY_SPLIT],
      host: canary.host,
      namespace: canary.namespace,
      name: canary.name,
    };
    expect(renderManifests([buildVirtualService(reordered)])).toBe(
      renderManifests([buildVirtualService(canary)]),
    );
  });

  it.each<[string, Partial<VirtualServiceInput>, string]>([
    [
      'a name that is not a DNS-1123 subdomain',
      { name: 'Product_Catalog' },
      'Invalid input "name" for VirtualService boutique-dev/Product_Catalog: "Product_Catalog" is not a DNS-1123 subdomain',
    ],
    [
      'a namespace that is not a DNS-1123 label',
      { namespace: 'boutique.dev' },
      'Invalid input "namespace" for VirtualService boutique.dev/productcatalogservice',
    ],
    [
      'a host that is not a host name',
      { host: 'http://productcatalogservice' },
      'Invalid input "host" for VirtualService boutique-dev/productcatalogservice: "http://productcatalogservice" is not a host name',
    ],
    [
      'a duplicate host',
      { hosts: ['a', 'a'] },
      'Invalid input "hosts" for VirtualService boutique-dev/productcatalogservice: lists "a" more than once',
    ],
    [
      'a gateway reference with two slashes',
      { gateways: ['a/b/c'] },
      'Invalid input "gateways[0]" for VirtualService boutique-dev/productcatalogservice: "a/b/c" is not a gateway reference',
    ],
    [
      'a port out of range',
      { port: 70000 },
      'Invalid input "port" for VirtualService boutique-dev/productcatalogservice: 70000 is not a port number (1-65535)',
    ],
    [
      'weights that do not add up to 100',
      {
        split: [
          { subset: 'v1', weight: 90 },
          { subset: 'v2', weight: 5 },
        ],
      },
      'Invalid input "split" for VirtualService boutique-dev/productcatalogservice: weights must add up to 100, they add up to 95',
    ],
    [
      'a missing weight in a split',
      { split: [{ subset: 'v1', weight: 100 }, { subset: 'v2' }] },
      'Invalid input "split[1].weight" for VirtualService boutique-dev/productcatalogservice: is required when requests are split between several subsets',
    ],
    [
      'a fractional weight',
      {
        split: [
          { subset: 'v1', weight: 90.5 },
          { subset: 'v2', weight: 9.5 },
        ],
      },
      'Invalid input "split[0].weight" for VirtualService boutique-dev/productcatalogservice: 90.5 is not a whole percentage between 0 and 100',
    ],
    [
      'a subset listed twice',
      {
        split: [
          { subset: 'v1', weight: 50 },
          { subset: 'v1', weight: 50 },
        ],
      },
      'Invalid input "split" for VirtualService boutique-dev/productcatalogservice: lists "v1" more than once',
    ],
    [
      'a subset name that is not a DNS-1123 label',
      { split: [{ subset: 'V1' }] },
      'Invalid input "split[0].subset" for VirtualService boutique-dev/productcatalogservice: "V1" is not a DNS-1123 label',
    ],
    [
      'a header match without a split for the other requests',
      {
        split: undefined,
        headerMatch: { header: 'x-user-group', exact: 'beta', subset: 'v2' },
      },
      'Invalid input "headerMatch" for VirtualService boutique-dev/productcatalogservice: sends matching requests to subset "v2", but split is empty: set split to the subset(s) every other request goes to',
    ],
    [
      'a header match with two match kinds',
      {
        headerMatch: {
          header: 'x-user-group',
          exact: 'beta',
          prefix: 'be',
          subset: 'v2',
        },
      },
      'Invalid input "headerMatch" for VirtualService boutique-dev/productcatalogservice: set exactly one of exact, prefix, regex (got exact, prefix)',
    ],
    [
      'an upper-case header name',
      { headerMatch: { header: 'X-User-Group', exact: 'beta', subset: 'v2' } },
      'Invalid input "headerMatch.header" for VirtualService boutique-dev/productcatalogservice: "X-User-Group" is not a lower-case HTTP header name',
    ],
    [
      'a header match to the subset every request goes to anyway',
      {
        split: [{ subset: 'v2' }],
        headerMatch: { header: 'x-user-group', exact: 'beta', subset: 'v2' },
      },
      'Invalid input "headerMatch.subset" for VirtualService boutique-dev/productcatalogservice: "v2" is also where split sends every other request',
    ],
    [
      'a per-try timeout longer than the timeout',
      {
        timeout: '1s',
        retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx' },
      },
      'Invalid input "retries.perTryTimeout" for VirtualService boutique-dev/productcatalogservice: 2s is longer than timeout, so no retry could ever happen',
    ],
    [
      'an unknown retry condition',
      { retries: { attempts: 3, retryOn: '5xx,conect-failure' } },
      'Invalid input "retries.retryOn" for VirtualService boutique-dev/productcatalogservice: "conect-failure" is not a retry condition',
    ],
    [
      'negative retry attempts',
      { retries: { attempts: -1 } },
      'Invalid input "retries.attempts" for VirtualService boutique-dev/productcatalogservice: -1 is not a whole number of 0 or more',
    ],
    [
      'a timeout without unit',
      { timeout: '10' },
      'Invalid input "timeout" for VirtualService boutique-dev/productcatalogservice: "10" is not a duration',
    ],
    [
      'a fault with neither delay nor abort',
      { fault: {} },
      'Invalid input "fault" for VirtualService boutique-dev/productcatalogservice: set delay, abort or both',
    ],
    [
      'a fault percentage above 100',
      { fault: { abort: { httpStatus: 503, percentage: 150 } } },
      'Invalid input "fault.abort.percentage" for VirtualService boutique-dev/productcatalogservice: 150 is not a percentage between 0 and 100',
    ],
    [
      'an abort status that is not an HTTP status',
      { fault: { abort: { httpStatus: 42, percentage: 1 } } },
      'Invalid input "fault.abort.httpStatus" for VirtualService boutique-dev/productcatalogservice: 42 is not an HTTP status between 200 and 599',
    ],
    [
      'a template name that is not a label value',
      { template: 'template:default/istio-canary-rollout' },
      'Invalid input "template" for VirtualService boutique-dev/productcatalogservice',
    ],
  ])('refuses %s, naming the field', (_, patch, message) => {
    expect(() => buildVirtualService({ ...canary, ...patch })).toThrow(message);
  });
});
