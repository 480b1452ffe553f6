import { parseManifests } from '../../../resources/parseManifests';
import { runAnalyzers } from '../../runAnalyzers';
import { gatewayAnalyzer, gatewayReference } from './gateways';

function analyze(yaml: string) {
  const { objects, problems } = parseManifests(yaml, 'ingress.yaml');
  expect(problems).toStrictEqual([]);
  return runAnalyzers(objects, { analyzers: [gatewayAnalyzer] });
}

const gateways = `
apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: bookinfo-gateway, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["bookinfo/*.bookinfo.example.com", "./admin.example.com"]
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: shop, namespace: shop}
spec:
  gatewayClassName: istio
  listeners:
  - {name: http, port: 80, protocol: HTTP, hostname: "shop.example.com"}
---`;

const virtualService = (namespace: string, hosts: string, gateway: string) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: web, namespace: ${namespace}}
spec:
  hosts: ${hosts}
  gateways: [${gateway}]
  http:
  - route:
    - destination: {host: web}
`;

describe('gatewayReference', () => {
  it('resolves the reference forms Istio accepts', () => {
    expect(gatewayReference('gw', 'bookinfo').fullName).toBe('bookinfo/gw');
    expect(gatewayReference('./gw', 'bookinfo').fullName).toBe('bookinfo/gw');
    expect(gatewayReference('istio-system/gw', 'bookinfo')).toStrictEqual({
      namespace: 'istio-system',
      name: 'gw',
      fullName: 'istio-system/gw',
    });
    expect(
      gatewayReference('gw.istio-system.svc.cluster.local', 'bookinfo')
        .fullName,
    ).toBe('istio-system/gw');
  });
});

describe('virtualservice.GatewayAnalyzer', () => {
  it('accepts hosts a Gateway serves to the VirtualService namespace', () => {
    expect(
      analyze(
        [
          gateways.replace(/---$/, ''),
          virtualService(
            'bookinfo',
            '[reviews.bookinfo.example.com]',
            'istio-system/bookinfo-gateway',
          ),
          virtualService(
            'istio-system',
            '[admin.example.com]',
            'bookinfo-gateway',
          ),
          virtualService('shop', '[shop.example.com]', 'shop'),
        ].join('---'),
      ),
    ).toStrictEqual([]);
  });

  it('reports a missing gateway and hosts it cannot serve', () => {
    expect(
      analyze(
        gateways +
          virtualService('bookinfo', '[reviews.bookinfo.example.com]', 'nope'),
      ),
    ).toStrictEqual([
      {
        code: 'IST0101',
        level: 'Error',
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'web',
        message: 'Referenced gateway not found: "nope"',
        path: 'spec.gateways[0]',
        analyzer: 'virtualservice.GatewayAnalyzer',
        location: { file: 'ingress.yaml', line: 24 },
        documentationUrl:
          'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
      },
      {
        code: 'IST0132',
        level: 'Warning',
        kind: 'VirtualService',
        namespace: 'bookinfo',
        name: 'web',
        message:
          'one or more host [reviews.bookinfo.example.com] defined in VirtualService bookinfo/web not found in Gateway bookinfo/nope.',
        path: 'spec.gateways[0]',
        analyzer: 'virtualservice.GatewayAnalyzer',
        location: { file: 'ingress.yaml', line: 24 },
        documentationUrl:
          'https://istio.io/latest/docs/reference/config/analysis/ist0132/',
      },
    ]);
  });

  it('honours the namespace of Gateway server hosts', () => {
    expect(
      analyze(
        gateways +
          virtualService(
            'frontend',
            '[reviews.bookinfo.example.com, admin.example.com]',
            'istio-system/bookinfo-gateway',
          ),
      ).map(m => m.message),
    ).toStrictEqual([
      'one or more host [reviews.bookinfo.example.com admin.example.com] defined in VirtualService frontend/web not found in Gateway istio-system/bookinfo-gateway.',
    ]);
  });

  it('checks Gateway API listener hostnames; none means every host', () => {
    const anyHost = `
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: any, namespace: shop}
spec:
  gatewayClassName: istio
  listeners:
  - {name: http, port: 80, protocol: HTTP}
---`;
    expect(
      analyze(
        [
          (gateways + anyHost).replace(/---$/, ''),
          virtualService('shop', '[cart.example.com]', 'shop'),
          virtualService('shop', '[cart.example.com]', 'any'),
        ].join('---'),
      ).map(m => [m.code, m.message]),
    ).toStrictEqual([
      [
        'IST0132',
        'one or more host [cart.example.com] defined in VirtualService shop/web not found in Gateway shop/shop.',
      ],
    ]);
  });

  it('flags references to implementation-generated Gateways', () => {
    expect(
      analyze(
        virtualService(
          'shop',
          '[shop.example.com]',
          'shop/shop~istio-autogenerated-k8s-gateway~http',
        ),
      ).map(m => [m.code, m.message]),
    ).toStrictEqual([
      [
        'IST0165',
        'Gateway reference in VirtualService shop/web is to an implementation-generated internal Gateway: shop/shop~istio-autogenerated-k8s-gateway~http.',
      ],
    ]);
  });
});
