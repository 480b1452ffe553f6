import { parseManifests } from '../../../resources/parseManifests';
import { runAnalyzers } from '../../runAnalyzers';
import { caCertificateAnalyzer } from './caCertificate';

function analyze(yaml: string) {
  const { objects, problems } = parseManifests(yaml, 'dr.yaml');
  expect(problems).toStrictEqual([]);
  return runAnalyzers(objects, { analyzers: [caCertificateAnalyzer] });
}

const documentationUrl = (code: string) =>
  `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/`;

describe('destinationrule.CaCertificateAnalyzer', () => {
  it('reports SIMPLE at destination level without caCertificates (IST0128)', () => {
    const messages = analyze(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: db-tls
  namespace: prod
spec:
  host: mydbserver.prod.svc.cluster.local
  trafficPolicy:
    tls:
      mode: SIMPLE
      clientCertificate: /etc/certs/myclientcert.pem
      privateKey: /etc/certs/client_private_key.pem
`);
    expect(messages).toStrictEqual([
      {
        code: 'IST0128',
        level: 'Warning',
        kind: 'DestinationRule',
        namespace: 'prod',
        name: 'db-tls',
        message:
          'DestinationRule prod/db-tls in namespace prod has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: mydbserver.prod.svc.cluster.local',
        path: 'spec.trafficPolicy.tls.mode',
        analyzer: 'destinationrule.CaCertificateAnalyzer',
        location: { file: 'dr.yaml', line: 10 },
        documentationUrl: documentationUrl('IST0128'),
      },
    ]);
  });

  it('reports MUTUAL at port level without caCertificates (IST0129), naming the port', () => {
    const messages = analyze(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: db-mtls
  namespace: prod
spec:
  host: mydbserver
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
    portLevelSettings:
      - port:
          number: 80
        tls:
          mode: DISABLE
      - port:
          number: 443
        tls:
          mode: MUTUAL
          clientCertificate: /etc/certs/myclientcert.pem
          privateKey: /etc/certs/client_private_key.pem
`);
    expect(messages).toStrictEqual([
      {
        code: 'IST0129',
        level: 'Warning',
        kind: 'DestinationRule',
        namespace: 'prod',
        name: 'db-mtls',
        message:
          'DestinationRule prod/db-mtls in namespace prod has TLS mode set to MUTUAL but no caCertificates are set to validate server identity for host: mydbserver at port number:443',
        path: 'spec.trafficPolicy.portLevelSettings[1].tls.mode',
        analyzer: 'destinationrule.CaCertificateAnalyzer',
        location: { file: 'dr.yaml', line: 19 },
        documentationUrl: documentationUrl('IST0129'),
      },
    ]);
  });

  it('reports both levels of one rule, and names a rule without namespace by name only', () => {
    const messages = analyze(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: db-mtls
spec:
  host: mydbserver.prod.svc.cluster.local
  trafficPolicy:
    tls:
      mode: SIMPLE
    portLevelSettings:
      - port:
          number: 443
        tls:
          mode: SIMPLE
`);
    expect(messages.map(m => [m.code, m.message, m.path])).toStrictEqual([
      [
        'IST0128',
        'DestinationRule db-mtls in namespace  has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: mydbserver.prod.svc.cluster.local',
        'spec.trafficPolicy.tls.mode',
      ],
      [
        'IST0129',
        'DestinationRule db-mtls in namespace  has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host: mydbserver.prod.svc.cluster.local at port number:443',
        'spec.trafficPolicy.portLevelSettings[0].tls.mode',
      ],
    ]);
  });

  it('accepts caCertificates at both levels', () => {
    expect(
      analyze(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: db-tls
  namespace: prod
spec:
  host: mydbserver
  trafficPolicy:
    tls:
      mode: MUTUAL
      caCertificates: /etc/certs/root.pem
    portLevelSettings:
      - port:
          number: 443
        tls:
          mode: SIMPLE
          caCertificates: /etc/certs/root.pem
`),
    ).toStrictEqual([]);
  });

  it('accepts credentialName only on a rule with a workloadSelector', () => {
    const messages = analyze(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: with-selector
  namespace: prod
spec:
  host: mydbserver
  workloadSelector:
    matchLabels:
      app: db-client
  trafficPolicy:
    tls:
      mode: SIMPLE
      credentialName: db-credential
    portLevelSettings:
      - port:
          number: 443
        tls:
          mode: MUTUAL
          credentialName: db-credential
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: without-selector
  namespace: prod
spec:
  host: mydbserver
  trafficPolicy:
    tls:
      mode: SIMPLE
      credentialName: db-credential
`);
    expect(messages.map(m => [m.code, m.name])).toStrictEqual([
      ['IST0128', 'without-selector'],
    ]);
  });

  it('ignores ISTIO_MUTUAL, DISABLE and subset-level TLS, as istioctl does', () => {
    expect(
      analyze(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookinfo
spec:
  host: reviews
  trafficPolicy:
    tls:
      mode: ISTIO_MUTUAL
    portLevelSettings:
      - port:
          number: 9080
        tls:
          mode: DISABLE
  subsets:
    - name: v1
      labels:
        version: v1
      trafficPolicy:
        tls:
          mode: SIMPLE
`),
    ).toStrictEqual([]);
  });

  it('reads malformed specs without failing', () => {
    expect(
      analyze(`apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: odd
  namespace: prod
spec:
  host: 42
  trafficPolicy:
    tls: SIMPLE
    portLevelSettings:
      - null
      - port: 443
        tls:
          mode: SIMPLE
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: no-spec
  namespace: prod
`).map(m => [m.code, m.name, m.message]),
    ).toStrictEqual([
      [
        'IST0129',
        'odd',
        'DestinationRule prod/odd in namespace prod has TLS mode set to SIMPLE but no caCertificates are set to validate server identity for host:  at port ',
      ],
    ]);
  });
});
