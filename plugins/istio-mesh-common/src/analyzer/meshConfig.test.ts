import { DEFAULT_MESH_CONFIG, parseMeshConfig } from './meshConfig';
import { formatMessage } from './formatMessage';

describe('parseMeshConfig', () => {
  it('applies defaults to what the file leaves out', () => {
    expect(
      parseMeshConfig('rootNamespace: mesh-root\nenableAutoMtls: false\n'),
    ).toStrictEqual({
      ...DEFAULT_MESH_CONFIG,
      rootNamespace: 'mesh-root',
      enableAutoMtls: false,
    });
  });

  it('reads the mesh key of istio ConfigMap and extension providers', () => {
    const config = parseMeshConfig(`apiVersion: v1
kind: ConfigMap
metadata: {name: istio, namespace: istio-system}
data:
  mesh: |
    trustDomain: example.org
    extensionProviders:
      - name: ext-authz
        envoyExtAuthzHttp: {service: authz.foo.svc.cluster.local, port: 8000}
`);
    expect(config.trustDomain).toBe('example.org');
    expect(config.extensionProviders).toStrictEqual(['ext-authz']);
  });

  it('names the field of a wrong value', () => {
    expect(() => parseMeshConfig('enableAutoMtls: sometimes')).toThrow(
      'meshConfig.enableAutoMtls must be true or false',
    );
    expect(() => parseMeshConfig('rootNamespace: [a]')).toThrow(
      'meshConfig.rootNamespace must be a string',
    );
  });
});

describe('formatMessage', () => {
  it('fills Go verbs in order', () => {
    expect(
      formatMessage('Referenced %s not found: %q', ['host', 'reviews.default']),
    ).toBe('Referenced host not found: "reviews.default"');
    expect(formatMessage('%d%% of %v', [50, ['a', 'b']])).toBe('50% of [a b]');
  });
});
