import {
  assertDns1123Label,
  assertHostname,
  assertLabels,
  assertObjectName,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  hostnameProblem,
  labelKeyProblem,
  labelValueProblem,
} from './names';

describe('Kubernetes name rules', () => {
  it('accepts DNS-1123 labels and refuses what the API server refuses', () => {
    expect(dns1123LabelProblem('boutique-dev')).toBeUndefined();
    expect(dns1123LabelProblem('v2')).toBeUndefined();
    expect(dns1123LabelProblem('Boutique')).toMatch(/not a DNS-1123 label/);
    expect(dns1123LabelProblem('-dev')).toMatch(/not a DNS-1123 label/);
    expect(dns1123LabelProblem('a.b')).toMatch(/not a DNS-1123 label/);
    expect(dns1123LabelProblem('a'.repeat(64))).toMatch(/longer than 63/);
  });

  it('accepts DNS-1123 subdomains with dots, up to 253 characters', () => {
    expect(dns1123SubdomainProblem('reviews.v1')).toBeUndefined();
    expect(dns1123SubdomainProblem('reviews_v1')).toMatch(
      /not a DNS-1123 subdomain/,
    );
    expect(dns1123SubdomainProblem(`${'a.'.repeat(127)}a`)).toMatch(
      /longer than 253/,
    );
  });

  it('checks label keys with and without prefix, and label values', () => {
    expect(labelKeyProblem('app')).toBeUndefined();
    expect(labelKeyProblem('app.kubernetes.io/name')).toBeUndefined();
    expect(labelKeyProblem('Version_2')).toBeUndefined();
    expect(labelKeyProblem('Example.com/app')).toMatch(/invalid prefix/);
    expect(labelKeyProblem('/app')).toMatch(/invalid prefix: is empty/);
    expect(labelKeyProblem('app!')).toMatch(/is not valid/);
    expect(labelValueProblem('')).toBeUndefined();
    expect(labelValueProblem('v1.2_rc-1')).toBeUndefined();
    expect(labelValueProblem('v1 ')).toMatch(/is not valid/);
    expect(labelValueProblem('x'.repeat(64))).toMatch(/longer than 63/);
  });

  it('accepts host names, and wildcards only where asked', () => {
    expect(hostnameProblem('reviews')).toBeUndefined();
    expect(
      hostnameProblem('reviews.bookinfo.svc.cluster.local'),
    ).toBeUndefined();
    expect(hostnameProblem('*.homelab.local')).toMatch(/not a host name/);
    expect(
      hostnameProblem('*.homelab.local', { wildcard: true }),
    ).toBeUndefined();
    expect(hostnameProblem('*', { wildcard: true })).toMatch(/not a host name/);
    expect(hostnameProblem('*', { wildcard: 'any' })).toBeUndefined();
    expect(hostnameProblem('Kiali.homelab.local')).toMatch(/not a host name/);
    expect(hostnameProblem('kiali.homelab.local:443')).toMatch(
      /not a host name/,
    );
  });
});

describe('assertions', () => {
  it('name the input field and the object in the error', () => {
    expect(() =>
      assertDns1123Label('V2', 'split[1].subset', {
        kind: 'VirtualService',
        namespace: 'boutique-dev',
        name: 'reviews',
      }),
    ).toThrow(
      'Invalid input "split[1].subset" for VirtualService boutique-dev/reviews: "V2" is not a DNS-1123 label',
    );
  });

  it('are InputErrors', () => {
    expect(() => assertHostname('a b', 'host')).toThrow(
      expect.objectContaining({ name: 'InputError' }),
    );
  });

  it('name the offending label of a label map', () => {
    expect(() =>
      assertLabels({ app: 'checkout', version: 'v1!' }, 'selector'),
    ).toThrow('Invalid input "selector.version": label value "v1!"');
  });

  it('check the name and the namespace of an object', () => {
    expect(() =>
      assertObjectName({ kind: 'DestinationRule', name: 'Reviews' }),
    ).toThrow('Invalid input "name" for DestinationRule Reviews');
    expect(() =>
      assertObjectName({
        kind: 'DestinationRule',
        name: 'reviews',
        namespace: 'book.info',
      }),
    ).toThrow(
      'Invalid input "namespace" for DestinationRule book.info/reviews',
    );
    expect(() =>
      assertObjectName({ kind: 'DestinationRule', name: 'reviews.v1' }),
    ).not.toThrow();
  });
});
