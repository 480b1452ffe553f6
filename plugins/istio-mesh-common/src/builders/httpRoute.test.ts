import { renderManifests } from './renderManifests';
import { buildHttpRoute, HttpRouteInput } from './httpRoute';

const kiali: HttpRouteInput = {
  name: 'kiali',
  namespace: 'istio-system',
  gateway: {
    name: 'homelab-gateway',
    namespace: 'gateway',
    sectionName: 'https',
  },
  hostnames: ['kiali.homelab.local'],
  backend: { name: 'kiali', port: 20001 },
  template: 'istio-expose-httproute',
};

describe('buildHttpRoute', () => {
  it('exposes Kiali through the parent Gateway under its host name', () => {
    expect(renderManifests([buildHttpRoute(kiali)]))
      .toBe(`apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: kiali
  namespace: istio-system
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-expose-httproute
spec:
  parentRefs:
    - name: homelab-gateway
      namespace: gateway
      sectionName: https
  hostnames:
    - kiali.homelab.local
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /
      backendRefs:
        - name: kiali
          port: 20001
`);
  });

  it('exposes Jaeger under a path prefix, with a Gateway in the same namespace', () => {
    const route = buildHttpRoute({
      name: 'jaeger',
      gateway: { name: 'observability-gateway' },
      hostnames: ['jaeger.homelab.local', '*.jaeger.homelab.local'],
      backend: { name: 'tracing', port: 80 },
      pathPrefix: '/jaeger',
    });
    expect(route.spec).toStrictEqual({
      parentRefs: [{ name: 'observability-gateway' }],
      hostnames: ['jaeger.homelab.local', '*.jaeger.homelab.local'],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: '/jaeger' } }],
          backendRefs: [{ name: 'tracing', port: 80 }],
        },
      ],
    });
    expect(() => renderManifests([route])).not.toThrow();
  });

  it('gives byte-identical output for the same input', () => {
    expect(renderManifests([buildHttpRoute({ ...kiali })])).toBe(
      renderManifests([buildHttpRoute(kiali)]),
    );
  });

  it.each<[string, Partial<HttpRouteInput>, string]>([
    [
      'no host name',
      { hostnames: [] },
      'Invalid input "hostnames" for HTTPRoute istio-system/kiali: name at least one host name',
    ],
    [
      'a host name with a port',
      { hostnames: ['kiali.homelab.local:443'] },
      'Invalid input "hostnames[0]" for HTTPRoute istio-system/kiali: "kiali.homelab.local:443" is not a host name',
    ],
    [
      'a URL instead of a host name',
      { hostnames: ['https://kiali.homelab.local'] },
      'Invalid input "hostnames[0]" for HTTPRoute istio-system/kiali',
    ],
    [
      'a host name listed twice',
      { hostnames: ['kiali.homelab.local', 'kiali.homelab.local'] },
      'Invalid input "hostnames" for HTTPRoute istio-system/kiali: lists "kiali.homelab.local" more than once',
    ],
    [
      'a bad gateway name',
      { gateway: { name: 'Homelab Gateway' } },
      'Invalid input "gateway.name" for HTTPRoute istio-system/kiali',
    ],
    [
      'a bad gateway namespace',
      { gateway: { name: 'gw', namespace: 'Gateway' } },
      'Invalid input "gateway.namespace" for HTTPRoute istio-system/kiali',
    ],
    [
      'a backend that is not a Service name',
      { backend: { name: 'kiali.istio-system', port: 20001 } },
      'Invalid input "backend.name" for HTTPRoute istio-system/kiali: "kiali.istio-system" is not a DNS-1123 label',
    ],
    [
      'a backend port out of range',
      { backend: { name: 'kiali', port: 0 } },
      'Invalid input "backend.port" for HTTPRoute istio-system/kiali: 0 is not a port number (1-65535)',
    ],
    [
      'a path prefix without slash',
      { pathPrefix: 'kiali' },
      `Invalid input "pathPrefix" for HTTPRoute istio-system/kiali: "kiali" is not a path prefix: start it with '/'`,
    ],
    [
      'a bad namespace',
      { namespace: '../istio-system' },
      'Invalid input "namespace" for HTTPRoute ../istio-system/kiali',
    ],
  ])('refuses %s, naming the field', (_, patch, message) => {
    expect(() => buildHttpRoute({ ...kiali, ...patch })).toThrow(message);
  });
});
