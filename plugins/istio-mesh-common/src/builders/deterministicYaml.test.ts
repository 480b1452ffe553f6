import { parseManifests } from '../resources/parseManifests';
import { KubernetesObject } from '../resources/objects';
import { orderManifestKeys, toManifestYaml } from './deterministicYaml';

const canary: KubernetesObject = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'VirtualService',
  metadata: {
    name: 'productcatalogservice',
    namespace: 'boutique-dev',
    labels: { version: 'v1', app: 'productcatalogservice' },
  },
  spec: {
    hosts: ['productcatalogservice'],
    http: [
      {
        name: 'canary',
        route: [
          {
            destination: { host: 'productcatalogservice', subset: 'v1' },
            weight: 90,
          },
          {
            destination: { host: 'productcatalogservice', subset: 'v2' },
            weight: 10,
          },
        ],
        retries: { attempts: 3, perTryTimeout: '2s', retryOn: '5xx' },
        timeout: '10s',
      },
    ],
  },
};

/** The same object with every map's keys in reverse order. */
function reversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversed);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([k, v]) => [k, reversed(v)]),
  );
}

describe('toManifestYaml', () => {
  it('writes apiVersion, kind, metadata, then spec in Istio order', () => {
    expect(toManifestYaml([canary])).toBe(`apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: productcatalogservice
  namespace: boutique-dev
  labels:
    app: productcatalogservice
    version: v1
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
        retryOn: 5xx
      timeout: 10s
`);
  });

  it('is byte-identical whatever order the keys were set in', () => {
    const shuffled = reversed(canary) as KubernetesObject;
    expect(Object.keys(shuffled)[0]).toBe('spec');
    expect(toManifestYaml([shuffled])).toBe(toManifestYaml([canary]));
  });

  it('separates objects with ---, keeps empty specs, drops undefined fields', () => {
    const allowNothing: KubernetesObject = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'allow-nothing', namespace: undefined },
      spec: {},
    };
    expect(toManifestYaml([allowNothing, allowNothing])).toBe(
      `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-nothing
spec: {}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: allow-nothing
spec: {}
`,
    );
  });

  it("quotes strings Kubernetes' YAML 1.1 parser would read as numbers or booleans", () => {
    const policy: KubernetesObject = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'p' },
      spec: {
        rules: [
          {
            to: [{ operation: { ports: ['7070'] } }],
            when: [{ key: 'request.headers[x-beta]', values: ['on', 'yes'] }],
          },
        ],
      },
    };
    const text = toManifestYaml([policy]);
    expect(text).toContain(`- '7070'`);
    expect(text).toContain(`- 'on'\n`);
    expect(text).toContain(`- 'yes'\n`);
    expect(parseManifests(text, 'p.yaml').objects[0].object).toStrictEqual(
      policy,
    );
  });

  it('orders port keys numerically and other map keys stably', () => {
    const ordered = orderManifestKeys({
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'p' },
      spec: {
        portLevelMtls: { '8080': {}, '443': {}, '80': {} },
        selector: { matchLabels: { version: 'v1', app: 'a' } },
      },
    });
    const spec = ordered.spec as Record<string, Record<string, object>>;
    expect(Object.keys(spec)).toStrictEqual(['selector', 'portLevelMtls']);
    expect(Object.keys(spec.portLevelMtls)).toStrictEqual([
      '80',
      '443',
      '8080',
    ]);
    expect(Object.keys(spec.selector.matchLabels)).toStrictEqual([
      'app',
      'version',
    ]);
  });
});
