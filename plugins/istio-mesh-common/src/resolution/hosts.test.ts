import { parseManifests } from '../resources/parseManifests';
import { KubernetesObject } from '../resources/objects';
import {
  buildServiceHostIndex,
  findServiceHost,
  hostCoveredBy,
  hostMatches,
  isExportedTo,
  mostSpecificHost,
  resolveShortName,
  serviceExportTo,
} from './hosts';

function parse(yaml: string): KubernetesObject[] {
  const { objects, problems } = parseManifests(yaml, 'hosts.yaml');
  expect(problems).toStrictEqual([]);
  return objects.map(o => o.object);
}

describe('resolveShortName', () => {
  it('expands a name without a dot in the given namespace', () => {
    expect(resolveShortName('reviews', 'bookinfo')).toBe(
      'reviews.bookinfo.svc.cluster.local',
    );
    expect(resolveShortName('reviews', 'bookinfo', 'corp.internal')).toBe(
      'reviews.bookinfo.svc.corp.internal',
    );
  });

  it('keeps dotted names verbatim, even half-qualified ones', () => {
    expect(resolveShortName('reviews.bookinfo', 'default')).toBe(
      'reviews.bookinfo',
    );
    expect(
      resolveShortName('reviews.bookinfo.svc.cluster.local', 'default'),
    ).toBe('reviews.bookinfo.svc.cluster.local');
  });

  it('keeps wildcards and IP addresses', () => {
    expect(resolveShortName('*', 'default')).toBe('*');
    expect(resolveShortName('*.foo.com', 'default')).toBe('*.foo.com');
    expect(resolveShortName('10.0.0.1', 'default')).toBe('10.0.0.1');
    expect(resolveShortName('2001:db8::1', 'default')).toBe('2001:db8::1');
  });
});

describe('hostMatches', () => {
  it('matches equal names only when neither is a wildcard', () => {
    expect(hostMatches('a.foo.com', 'a.foo.com')).toBe(true);
    expect(hostMatches('a.foo.com', 'b.foo.com')).toBe(false);
  });

  it('lets a leading wildcard stand for any prefix', () => {
    expect(hostMatches('*.foo.com', 'a.foo.com')).toBe(true);
    expect(hostMatches('a.b.foo.com', '*.foo.com')).toBe(true);
    expect(hostMatches('*.foo.com', 'foo.com')).toBe(false);
    expect(hostMatches('*', 'anything.example')).toBe(true);
  });

  it('matches two wildcards when one is inside the other', () => {
    expect(hostMatches('*.foo.com', '*.bar.foo.com')).toBe(true);
    expect(hostMatches('*.bar.foo.com', '*.foo.com')).toBe(true);
    expect(hostMatches('*.foo.com', '*.bar.com')).toBe(false);
  });
});

describe('hostCoveredBy and mostSpecificHost', () => {
  it('covers names under a wildcard, not the other way round', () => {
    expect(hostCoveredBy('a.foo.com', '*.foo.com')).toBe(true);
    expect(hostCoveredBy('*.foo.com', 'a.foo.com')).toBe(false);
    expect(hostCoveredBy('*.a.foo.com', '*.foo.com')).toBe(true);
  });

  it('prefers an exact host, then the longest wildcard', () => {
    const candidates = ['*', '*.foo.com', '*.a.foo.com', 'b.a.foo.com'];
    expect(mostSpecificHost('b.a.foo.com', candidates)).toBe('b.a.foo.com');
    expect(mostSpecificHost('c.a.foo.com', candidates)).toBe('*.a.foo.com');
    expect(mostSpecificHost('c.foo.com', candidates)).toBe('*.foo.com');
    expect(mostSpecificHost('bar.org', candidates)).toBe('*');
    expect(mostSpecificHost('bar.org', ['*.foo.com'])).toBeUndefined();
  });
});

describe('isExportedTo', () => {
  it('exports everywhere with `*`', () => {
    expect(isExportedTo(['*'], 'bookinfo', 'other')).toBe(true);
  });

  it('exports to the own namespace with `.`', () => {
    expect(isExportedTo(['.'], 'bookinfo', 'bookinfo')).toBe(true);
    expect(isExportedTo(['.'], 'bookinfo', 'other')).toBe(false);
  });

  it('exports nowhere with `~`', () => {
    expect(isExportedTo(['~'], 'bookinfo', 'bookinfo')).toBe(false);
    expect(isExportedTo(['~'], 'bookinfo', 'other')).toBe(false);
  });

  it('exports to named namespaces', () => {
    expect(isExportedTo(['team-a', 'team-b'], 'bookinfo', 'team-b')).toBe(true);
    expect(isExportedTo(['team-a'], 'bookinfo', 'bookinfo')).toBe(false);
  });

  it('falls back to the mesh default when exportTo is absent or empty', () => {
    expect(isExportedTo(undefined, 'bookinfo', 'other')).toBe(true);
    expect(isExportedTo([], 'bookinfo', 'other', ['.'])).toBe(false);
    expect(isExportedTo([], 'bookinfo', 'bookinfo', ['.'])).toBe(true);
  });
});

const registry = parse(`
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  ports:
  - {name: http, port: 9080}
---
apiVersion: v1
kind: Service
metadata:
  name: ratings
  namespace: bookinfo
  annotations:
    networking.istio.io/exportTo: ".,frontend"
spec:
  ports:
  - {name: http, port: 9080}
  - {name: grpc, port: 9090}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: eu-wildcard, namespace: bookinfo}
spec:
  hosts: ["*.eu.bookinfo.com"]
  ports:
  - {number: 443, name: https, protocol: TLS}
  resolution: NONE
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: private-api, namespace: payments}
spec:
  exportTo: ["."]
  hosts: [api.payments.example]
  ports:
  - {number: 443, name: https, protocol: TLS}
  workloadSelector:
    labels: {app: payments-vm}
`);
const index = buildServiceHostIndex(
  registry.filter(o => o.kind === 'Service'),
  registry.filter(o => o.kind === 'ServiceEntry'),
);

describe('serviceExportTo', () => {
  it('reads the comma-separated annotation', () => {
    expect(serviceExportTo(registry[1])).toStrictEqual(['.', 'frontend']);
    expect(serviceExportTo(registry[0])).toBeUndefined();
  });
});

describe('findServiceHost', () => {
  it('finds a Service by short name in its namespace and by FQDN elsewhere', () => {
    expect(findServiceHost(index, 'reviews', 'bookinfo')).toStrictEqual({
      host: 'reviews.bookinfo.svc.cluster.local',
      namespace: 'bookinfo',
      object: registry[0],
      ports: [{ number: 9080, name: 'http' }],
    });
    expect(
      findServiceHost(index, 'reviews.bookinfo.svc.cluster.local', 'other')
        ?.object,
    ).toBe(registry[0]);
    expect(findServiceHost(index, 'reviews', 'other')).toBeUndefined();
  });

  it('honours the exportTo annotation of Services', () => {
    const host = 'ratings.bookinfo.svc.cluster.local';
    expect(findServiceHost(index, host, 'bookinfo')?.object).toBe(registry[1]);
    expect(findServiceHost(index, host, 'frontend')?.object).toBe(registry[1]);
    expect(findServiceHost(index, host, 'other')).toBeUndefined();
  });

  it('honours exportTo of ServiceEntries and keeps their workloadSelector', () => {
    expect(
      findServiceHost(index, 'api.payments.example', 'payments'),
    ).toStrictEqual({
      host: 'api.payments.example',
      namespace: 'payments',
      object: registry[3],
      ports: [{ number: 443, name: 'https', protocol: 'TLS' }],
      workloadSelector: { app: 'payments-vm' },
    });
    expect(
      findServiceHost(index, 'api.payments.example', 'bookinfo'),
    ).toBeUndefined();
  });

  it('also finds hosts exported to the namespaces the referrer is exported to', () => {
    expect(
      findServiceHost(index, 'api.payments.example', 'bookinfo', ['payments'])
        ?.object,
    ).toBe(registry[3]);
  });

  it('matches wildcard ServiceEntry hosts by suffix', () => {
    expect(
      findServiceHost(index, 'reviews.eu.bookinfo.com', 'anywhere')?.object,
    ).toBe(registry[2]);
    expect(
      findServiceHost(index, '*.eu.bookinfo.com', 'anywhere')?.object,
    ).toBe(registry[2]);
    expect(
      findServiceHost(index, 'reviews.us.bookinfo.com', 'anywhere'),
    ).toBeUndefined();
  });

  it('applies a private mesh default to resources without exportTo', () => {
    const privateIndex = buildServiceHostIndex([registry[0]], [], ['.']);
    expect(findServiceHost(privateIndex, 'reviews', 'bookinfo')?.host).toBe(
      'reviews.bookinfo.svc.cluster.local',
    );
    expect(
      findServiceHost(
        privateIndex,
        'reviews.bookinfo.svc.cluster.local',
        'other',
      ),
    ).toBeUndefined();
  });
});
