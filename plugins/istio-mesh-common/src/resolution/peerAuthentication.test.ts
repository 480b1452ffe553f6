import { parseManifests } from '../resources/parseManifests';
import { PeerAuthentication } from '../resources/objects';
import { effectivePeerAuthentication } from './peerAuthentication';

function policies(yaml: string): PeerAuthentication[] {
  const { objects, problems } = parseManifests(yaml, 'policies.yaml');
  expect(problems).toStrictEqual([]);
  return objects.map(o => o.object as PeerAuthentication);
}

const payment = {
  namespace: 'boutique-dev',
  labels: { app: 'paymentservice', version: 'v1' },
  ports: [50051],
};

const meshStrict = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec:
  mtls: {mode: STRICT}
`;
const meshUnset = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec:
  mtls: {mode: UNSET}
`;
const namespacePermissive = `
apiVersion: security.istio.io/v1beta1
kind: PeerAuthentication
metadata: {name: default, namespace: boutique-dev}
spec:
  mtls: {mode: PERMISSIVE}
`;
const namespaceStrict = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: boutique-dev, creationTimestamp: "2026-03-01T10:00:00Z"}
spec:
  mtls: {mode: STRICT}
`;
const workloadPermissive = `
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: paymentservice-permissive, namespace: boutique-dev}
spec:
  selector:
    matchLabels: {app: paymentservice}
  mtls: {mode: PERMISSIVE}
`;

describe('effectivePeerAuthentication', () => {
  it('defaults to PERMISSIVE when no policy exists', () => {
    expect(
      effectivePeerAuthentication(payment, [], 'istio-system'),
    ).toStrictEqual({
      mtls: {
        mode: 'PERMISSIVE',
        ports: { '50051': 'PERMISSIVE' },
        policies: [],
      },
      ignored: [],
    });
  });

  it('applies a mesh-wide policy from the root namespace', () => {
    const result = effectivePeerAuthentication(
      payment,
      policies(meshStrict),
      'istio-system',
    );
    expect(result.mtls).toStrictEqual({
      mode: 'STRICT',
      ports: { '50051': 'STRICT' },
      policies: ['istio-system/default'],
    });
  });

  it('lets a namespace policy override the mesh-wide one', () => {
    const result = effectivePeerAuthentication(
      payment,
      policies(`${meshStrict}---${namespacePermissive}`),
      'istio-system',
    );
    expect(result.mtls).toStrictEqual({
      mode: 'PERMISSIVE',
      ports: { '50051': 'PERMISSIVE' },
      policies: ['istio-system/default', 'boutique-dev/default'],
    });
  });

  it('lets a workload policy override the namespace one', () => {
    const result = effectivePeerAuthentication(
      payment,
      policies(`${namespaceStrict}---${workloadPermissive}`),
      'istio-system',
    );
    expect(result.mtls).toStrictEqual({
      mode: 'PERMISSIVE',
      ports: { '50051': 'PERMISSIVE' },
      policies: [
        'boutique-dev/default',
        'boutique-dev/paymentservice-permissive',
      ],
    });
  });

  it('treats a mesh-wide UNSET as the PERMISSIVE default', () => {
    const result = effectivePeerAuthentication(
      payment,
      policies(meshUnset),
      'istio-system',
    );
    expect(result.mtls.mode).toBe('PERMISSIVE');
  });

  it('inherits through UNSET at workload and port level, port-level overriding per port', () => {
    const frontend = {
      namespace: 'boutique-dev',
      labels: { app: 'frontend' },
      ports: [8080, 9090],
    };
    const result = effectivePeerAuthentication(
      frontend,
      policies(`${namespaceStrict}---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: frontend-health, namespace: boutique-dev}
spec:
  selector:
    matchLabels: {app: frontend}
  mtls: {mode: UNSET}
  portLevelMtls:
    9090: {mode: PERMISSIVE}
    15020: {mode: UNSET}
`),
      'istio-system',
    );
    expect(result.mtls).toStrictEqual({
      mode: 'STRICT',
      ports: { '8080': 'STRICT', '9090': 'PERMISSIVE', '15020': 'STRICT' },
      policies: ['boutique-dev/default', 'boutique-dev/frontend-health'],
    });
  });

  it('ignores a policy with a selector in the root namespace', () => {
    const result = effectivePeerAuthentication(
      payment,
      policies(`${namespaceStrict}---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: payment-disable, namespace: istio-system}
spec:
  selector:
    matchLabels: {app: paymentservice}
  mtls: {mode: DISABLE}
`),
      'istio-system',
    );
    expect(result).toStrictEqual({
      mtls: {
        mode: 'STRICT',
        ports: { '50051': 'STRICT' },
        policies: ['boutique-dev/default'],
      },
      ignored: [
        {
          policy: 'istio-system/payment-disable',
          reason:
            'has a selector in the root namespace istio-system, which Istio ignores',
        },
      ],
    });
  });

  it('honours a configured root namespace', () => {
    const result = effectivePeerAuthentication(
      payment,
      policies(meshStrict.replace('istio-system', 'mesh-root')),
      'mesh-root',
    );
    expect(result.mtls.mode).toBe('STRICT');
    expect(
      effectivePeerAuthentication(payment, policies(meshStrict), 'mesh-root')
        .mtls.mode,
    ).toBe('PERMISSIVE');
  });

  it('skips policies of other namespaces and selectors that do not match', () => {
    const result = effectivePeerAuthentication(
      payment,
      policies(`
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: other}
spec:
  mtls: {mode: STRICT}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: cart-disable, namespace: boutique-dev}
spec:
  selector:
    matchLabels: {app: cartservice}
  mtls: {mode: DISABLE}
`),
      'istio-system',
    );
    expect(result.mtls).toStrictEqual({
      mode: 'PERMISSIVE',
      ports: { '50051': 'PERMISSIVE' },
      policies: [],
    });
  });

  it('uses port-level modes only from the workload-level policy', () => {
    const result = effectivePeerAuthentication(
      payment,
      policies(`
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: boutique-dev}
spec:
  mtls: {mode: STRICT}
  portLevelMtls:
    50051: {mode: DISABLE}
`),
      'istio-system',
    );
    expect(result.mtls.ports).toStrictEqual({ '50051': 'STRICT' });
  });

  it('keeps the oldest of two policies in the same scope', () => {
    const result = effectivePeerAuthentication(
      payment,
      policies(`${namespaceStrict}---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: legacy, namespace: boutique-dev, creationTimestamp: "2026-04-01T10:00:00Z"}
spec:
  mtls: {mode: DISABLE}
`),
      'istio-system',
    );
    expect(result).toStrictEqual({
      mtls: {
        mode: 'STRICT',
        ports: { '50051': 'STRICT' },
        policies: ['boutique-dev/default'],
      },
      ignored: [
        {
          policy: 'boutique-dev/legacy',
          reason:
            'another namespace-level PeerAuthentication, boutique-dev/default, is older and wins',
        },
      ],
    });
  });

  it('treats a selector-less policy in the root namespace as mesh-wide for root-namespace workloads too', () => {
    const istiod = {
      namespace: 'istio-system',
      labels: { app: 'istiod' },
      ports: [15012],
    };
    const result = effectivePeerAuthentication(
      istiod,
      policies(meshStrict),
      'istio-system',
    );
    expect(result.mtls).toStrictEqual({
      mode: 'STRICT',
      ports: { '15012': 'STRICT' },
      policies: ['istio-system/default'],
    });
  });
});
