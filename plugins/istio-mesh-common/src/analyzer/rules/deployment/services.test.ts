import { parseManifests } from '../../../resources/parseManifests';
import { runAnalyzers } from '../../runAnalyzers';
import { multiServiceAnalyzer } from './services';

function analyze(yaml: string) {
  const { objects, problems } = parseManifests(yaml, 'deployment.yaml');
  expect(problems).toStrictEqual([]);
  return runAnalyzers(objects, { analyzers: [multiServiceAnalyzer] });
}

const documentationUrl = (code: string) =>
  `https://istio.io/latest/docs/reference/config/analysis/${code.toLowerCase()}/`;

const namespace = (labels: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: bookinfo
  labels: {${labels}}
`;

const deployment = (name: string, extra = '') => `---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: bookinfo
${extra}spec:
  selector:
    matchLabels: {app: details}
  template:
    metadata:
      labels: {app: details, version: v1}
    spec:
      containers:
        - name: details
          image: docker.io/istio/examples-bookinfo-details-v1:1.20.2
          ports:
            - containerPort: 9080
`;

const service = (name: string, ports: string, ns = 'bookinfo') => `---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector: {app: details}
  ports:
${ports}`;

describe('deployment.MultiServiceAnalyzer', () => {
  it('reports one port exposed with different protocols (IST0116)', () => {
    expect(
      analyze(
        namespace('istio-injection: enabled') +
          deployment('details-v1') +
          service('details-tcp', '    - {name: tcp, port: 9080}\n') +
          service(
            'details-http',
            '    - {name: http, port: 9080, protocol: HTTP}\n',
          ) +
          service(
            'details-other-ns',
            '    - {name: udp, port: 9080, protocol: UDP}\n',
            'other',
          ),
      ),
    ).toStrictEqual([
      {
        code: 'IST0116',
        level: 'Warning',
        kind: 'Deployment',
        namespace: 'bookinfo',
        name: 'details-v1',
        message:
          'This deployment details-v1 is associated with multiple services using port 9080 but different protocols: [bookinfo/details-http bookinfo/details-tcp]',
        path: 'metadata.name',
        analyzer: 'deployment.MultiServiceAnalyzer',
        location: { file: 'deployment.yaml', line: 10 },
        documentationUrl: documentationUrl('IST0116'),
      },
    ]);
  });

  it('reports one targetPort exposed under different ports (IST0137)', () => {
    expect(
      analyze(
        namespace('istio-injection: enabled') +
          deployment('details-v1') +
          service('details', '    - {name: http, port: 9080}\n') +
          service(
            'details-alt',
            '    - {name: http-alt, port: 80, targetPort: 9080}\n',
          ),
      ),
    ).toStrictEqual([
      {
        code: 'IST0137',
        level: 'Warning',
        kind: 'Deployment',
        namespace: 'bookinfo',
        name: 'details-v1',
        message:
          'This deployment details-v1 is associated with multiple services [bookinfo/details bookinfo/details-alt] using targetPort "9080" but different ports: [80 9080].',
        path: 'metadata.name',
        analyzer: 'deployment.MultiServiceAnalyzer',
        location: { file: 'deployment.yaml', line: 10 },
        documentationUrl: documentationUrl('IST0137'),
      },
    ]);
  });

  it('skips Deployments outside the mesh and waypoints', () => {
    const conflicting =
      service('details-tcp', '    - {name: tcp, port: 9080}\n') +
      service(
        'details-http',
        '    - {name: http, port: 9080, protocol: HTTP}\n',
      );
    expect(
      analyze(namespace('') + deployment('details-v1') + conflicting),
    ).toStrictEqual([]);
    expect(
      analyze(
        namespace('istio-injection: enabled') +
          deployment(
            'waypoint',
            '  labels: {gateway.istio.io/managed: istio.io-mesh-controller}\n',
          ) +
          conflicting,
      ),
    ).toStrictEqual([]);
  });
});
