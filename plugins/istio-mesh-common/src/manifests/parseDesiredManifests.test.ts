import { parseDesiredManifests } from './parseDesiredManifests';

describe('parseDesiredManifests', () => {
  it('reads every object of a multi-document file with its line', () => {
    const content = [
      '# Istio mesh-wide defaults',
      'apiVersion: security.istio.io/v1',
      'kind: PeerAuthentication',
      'metadata:',
      '  name: default',
      '  namespace: istio-system',
      'spec:',
      '  mtls:',
      '    mode: STRICT',
      '---',
      'apiVersion: telemetry.istio.io/v1',
      'kind: Telemetry',
      'metadata:',
      '  name: mesh-default',
      '  namespace: istio-system',
      'spec:',
      '  tracing:',
      '    - providers:',
      '        - name: jaeger',
      '',
    ].join('\n');
    const { manifests, problems } = parseDesiredManifests({
      path: 'infrastructure/istio/mesh.yaml',
      content,
    });
    expect(problems).toEqual([]);
    expect(
      manifests.map(({ object, file, line }) => [object.kind, file, line]),
    ).toEqual([
      ['PeerAuthentication', 'infrastructure/istio/mesh.yaml', 2],
      ['Telemetry', 'infrastructure/istio/mesh.yaml', 11],
    ]);
  });

  it('skips documents that are not Kubernetes objects without a problem', () => {
    const dashboard = JSON.stringify({
      title: 'Istio Service Dashboard',
      panels: [{ type: 'stat', targets: [{ expr: 'istio_requests_total' }] }],
    });
    expect(
      parseDesiredManifests({
        path: 'dashboards/istio.json',
        content: dashboard,
      }),
    ).toStrictEqual({ manifests: [], problems: [] });
    expect(
      parseDesiredManifests({
        path: 'charts/values.yaml',
        content: 'replicaCount: 2\n---\n- a\n- b\n---\nplain text\n',
      }),
    ).toStrictEqual({ manifests: [], problems: [] });
  });

  it('reports an object it cannot use, naming the field', () => {
    const { manifests, problems } = parseDesiredManifests({
      path: 'apps/cart.yaml',
      content: 'apiVersion: v1\nkind: Service\nmetadata:\n  namespace: shop\n',
    });
    expect(manifests).toEqual([]);
    expect(problems).toEqual([
      {
        file: 'apps/cart.yaml',
        line: 1,
        kind: 'Service',
        namespace: 'shop',
        field: 'metadata.name',
        message: expect.stringMatching(/^metadata\.name: /),
      },
    ]);
  });

  it('drops the data of Secrets', () => {
    const { manifests } = parseDesiredManifests({
      path: 'apps/secret.yaml',
      content: [
        'apiVersion: v1',
        'kind: Secret',
        'metadata:',
        '  name: jaeger-es',
        '  namespace: observability',
        'stringData:',
        '  ES_PASSWORD: changeme',
        '',
      ].join('\n'),
    });
    expect(manifests).toStrictEqual([
      {
        object: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'jaeger-es', namespace: 'observability' },
        },
        file: 'apps/secret.yaml',
        line: 1,
      },
    ]);
  });
});
