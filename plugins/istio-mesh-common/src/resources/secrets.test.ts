import { parseManifests } from './parseManifests';
import { withoutSecretData } from './secrets';

describe('withoutSecretData', () => {
  it('keeps a Secret identity and drops its data, stringData and last-applied copy', () => {
    const [secret, service] = parseManifests(
      `apiVersion: v1
kind: Secret
metadata:
  name: ingress-cert
  namespace: istio-system
  annotations:
    kubectl.kubernetes.io/last-applied-configuration: '{"data":{"tls.key":"c2VjcmV0"}}'
    owner: platform
type: kubernetes.io/tls
data:
  tls.key: c2VjcmV0
stringData:
  password: hunter2
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {ports: [{port: 80}]}
`,
      'objects.yaml',
    ).objects.map(o => o.object);
    expect(withoutSecretData(secret)).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {
        name: 'ingress-cert',
        namespace: 'istio-system',
        annotations: { owner: 'platform' },
      },
    });
    expect(JSON.stringify(withoutSecretData(secret))).not.toMatch(
      /c2VjcmV0|hunter2/,
    );
    expect(withoutSecretData(service)).toBe(service);
  });
});
