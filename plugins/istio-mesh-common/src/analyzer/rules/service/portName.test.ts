import { parseManifests } from '../../../resources/parseManifests';
import { runAnalyzers } from '../../runAnalyzers';
import { portNameAnalyzer } from './portName';

function analyze(yaml: string) {
  const { objects, problems } = parseManifests(yaml, 'svc.yaml');
  expect(problems).toStrictEqual([]);
  return runAnalyzers(objects, { analyzers: [portNameAnalyzer] });
}

const documentationUrl = (code: string) =>
  `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/`;

describe('service.PortNameAnalyzer', () => {
  it('reports ports whose name or appProtocol declares no protocol (IST0118)', () => {
    const messages = analyze(`apiVersion: v1
kind: Service
metadata:
  name: reviews
  namespace: bookinfo
spec:
  selector:
    app: reviews
  ports:
    - name: http-web
      port: 9080
    - port: 8080
      targetPort: http-alt
    - name: httpforecast
      port: 8081
    - name: metrics
      appProtocol: prometheus
      port: 9090
      targetPort: 9090
    - name: foo
      appProtocol: grpc
      port: 9091
`);
    const message = (path: string, line: number, text: string) => ({
      code: 'IST0118',
      level: 'Info',
      kind: 'Service',
      namespace: 'bookinfo',
      name: 'reviews',
      message: text,
      path,
      analyzer: 'service.PortNameAnalyzer',
      location: { file: 'svc.yaml', line },
      documentationUrl: documentationUrl('IST0118'),
    });
    expect(messages).toStrictEqual([
      message(
        'spec.ports[1].port',
        12,
        "Port name  (port: 8080, targetPort: http-alt) doesn't follow the naming convention of Istio port.",
      ),
      message(
        'spec.ports[2].port',
        15,
        "Port name httpforecast (port: 8081, targetPort: 8081) doesn't follow the naming convention of Istio port.",
      ),
      message(
        'spec.ports[3].port',
        18,
        "Port name metrics (port: 9090, targetPort: 9090) doesn't follow the naming convention of Istio port.",
      ),
    ]);
  });

  it('accepts UDP ports and the well-known TCP ports without a protocol name', () => {
    expect(
      analyze(`apiVersion: v1
kind: Service
metadata:
  name: infra
  namespace: apps
spec:
  ports:
    - name: dns
      port: 53
      protocol: UDP
    - name: dns-tcp
      port: 53
      protocol: TCP
    - name: smtp
      port: 25
    - name: db
      port: 3306
    - name: mongodb
      port: 27017
    - name: syslog
      port: 514
      protocol: UDP
`),
    ).toStrictEqual([]);
  });

  it('skips control-plane, gateway-managed and Kubernetes system Services', () => {
    expect(
      analyze(`apiVersion: v1
kind: Service
metadata:
  name: istio-ingressgateway
  namespace: istio-system
  labels:
    istio: ingressgateway
spec:
  ports:
    - name: status
      port: 15021
---
apiVersion: v1
kind: Service
metadata:
  name: istiod
  namespace: istio-system
  labels:
    release: istio
spec:
  ports:
    - name: webhook
      port: 443
---
apiVersion: v1
kind: Service
metadata:
  name: waypoint
  namespace: apps
  labels:
    gateway.istio.io/managed: istio.io-mesh-controller
spec:
  ports:
    - name: mesh
      appProtocol: hbone
      port: 15008
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
spec:
  ports:
    - name: metrics
      port: 9153
`),
    ).toStrictEqual([]);
  });

  it('still checks Services managed by other gateway controllers', () => {
    expect(
      analyze(`apiVersion: v1
kind: Service
metadata:
  name: envoy-gateway
  namespace: apps
  labels:
    gateway.istio.io/managed: someone-else
spec:
  ports:
    - name: admin
      port: 19000
`).map(m => [m.code, m.name, m.path]),
    ).toStrictEqual([['IST0118', 'envoy-gateway', 'spec.ports[0].port']]);
  });

  it('reports unnamed, unknown and tcp ports of ExternalName Services (IST0150)', () => {
    const messages = analyze(`apiVersion: v1
kind: Service
metadata:
  name: payments
  namespace: shop
spec:
  type: ExternalName
  externalName: payments.example.com
  ports:
    - name: https
      port: 443
    - name: tcp
      port: 8443
    - name: api
      port: 9443
    - name: tls-db
      port: 5432
`);
    const message = (path: string, line: number) => ({
      code: 'IST0150',
      level: 'Warning',
      kind: 'Service',
      namespace: 'shop',
      name: 'payments',
      message:
        'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly',
      path,
      analyzer: 'service.PortNameAnalyzer',
      location: { file: 'svc.yaml', line },
      documentationUrl: documentationUrl('IST0150'),
    });
    expect(messages).toStrictEqual([
      message('spec.ports[1].port', 13),
      message('spec.ports[2].port', 15),
    ]);
  });

  it('reads Services without ports or with malformed ports without failing', () => {
    expect(
      analyze(`apiVersion: v1
kind: Service
metadata:
  name: headless
  namespace: apps
spec:
  clusterIP: None
---
apiVersion: v1
kind: Service
metadata:
  name: odd
  namespace: apps
spec:
  ports:
    - port: 8080
      name: http
      appProtocol: 7
`),
    ).toStrictEqual([]);
  });
});
