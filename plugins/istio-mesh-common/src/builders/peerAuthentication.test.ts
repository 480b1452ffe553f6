import { renderManifests } from './renderManifests';
import { validateManifestSchema } from './schemaValidation';
import {
  buildPeerAuthentication,
  PeerAuthenticationInput,
} from './peerAuthentication';

describe('buildPeerAuthentication', () => {
  it('writes a namespace-wide STRICT policy named default', () => {
    expect(
      renderManifests([
        buildPeerAuthentication({
          scope: 'namespace',
          namespace: 'boutique-dev',
          template: 'istio-strict-mtls',
        }),
      ]),
    ).toBe(`apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: boutique-dev
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-strict-mtls
spec:
  mtls:
    mode: STRICT
`);
  });

  it('puts a mesh-wide policy in the root namespace', () => {
    const pa = buildPeerAuthentication({ scope: 'mesh' });
    expect(pa.metadata.namespace).toBe('istio-system');
    expect(pa.spec).toStrictEqual({ mtls: { mode: 'STRICT' } });
    expect(
      buildPeerAuthentication({ scope: 'mesh', rootNamespace: 'istio-root' })
        .metadata.namespace,
    ).toBe('istio-root');
  });

  it('selects workloads and overrides the mode per port at workload scope', () => {
    const pa = buildPeerAuthentication({
      scope: 'workload',
      name: 'paymentservice',
      namespace: 'boutique-dev',
      selector: { app: 'paymentservice' },
      portLevelMtls: [
        { port: 9090, mode: 'PERMISSIVE' },
        { port: 50051, mode: 'STRICT' },
      ],
    });
    expect(pa.spec).toStrictEqual({
      selector: { matchLabels: { app: 'paymentservice' } },
      mtls: { mode: 'STRICT' },
      portLevelMtls: {
        '9090': { mode: 'PERMISSIVE' },
        '50051': { mode: 'STRICT' },
      },
    });
    expect(validateManifestSchema(pa)).toStrictEqual([]);
  });

  it('gives byte-identical output for the same input', () => {
    const input: PeerAuthenticationInput = {
      scope: 'workload',
      name: 'cart',
      selector: { version: 'v1', app: 'cartservice' },
      portLevelMtls: [
        { port: 8080, mode: 'DISABLE' },
        { port: 80, mode: 'PERMISSIVE' },
      ],
    };
    const reversed: PeerAuthenticationInput = {
      ...input,
      selector: { app: 'cartservice', version: 'v1' },
    };
    expect(renderManifests([buildPeerAuthentication(reversed)])).toBe(
      renderManifests([buildPeerAuthentication(input)]),
    );
  });

  it.each<[string, PeerAuthenticationInput, string]>([
    [
      'a selector at mesh scope',
      { scope: 'mesh', mode: 'STRICT', selector: { app: 'frontend' } },
      'Invalid input "selector" for PeerAuthentication istio-system/default: a mesh-wide STRICT policy has no selector',
    ],
    [
      'a mesh policy outside the root namespace',
      { scope: 'mesh', namespace: 'boutique-dev' },
      'Invalid input "namespace" for PeerAuthentication boutique-dev/default: a mesh-wide policy lives in the root namespace "istio-system", not "boutique-dev"',
    ],
    [
      'port-level overrides at mesh scope',
      { scope: 'mesh', portLevelMtls: [{ port: 8080, mode: 'DISABLE' }] },
      'Invalid input "portLevelMtls" for PeerAuthentication istio-system/default: port-level modes need a selector, so they are only allowed at workload scope, not mesh scope',
    ],
    [
      'port-level overrides at namespace scope',
      {
        scope: 'namespace',
        namespace: 'boutique-dev',
        portLevelMtls: [{ port: 8080, mode: 'DISABLE' }],
      },
      'Invalid input "portLevelMtls" for PeerAuthentication boutique-dev/default: port-level modes need a selector',
    ],
    [
      'a namespace policy in the root namespace',
      { scope: 'namespace', namespace: 'istio-system' },
      'Invalid input "namespace" for PeerAuthentication istio-system/default: a policy without selector in the root namespace "istio-system" applies to the whole mesh; use scope mesh',
    ],
    [
      'a selector at namespace scope',
      { scope: 'namespace', selector: { app: 'frontend' } },
      'Invalid input "selector" for PeerAuthentication default: a namespace-wide policy has no selector',
    ],
    [
      'a workload policy without selector',
      { scope: 'workload', name: 'frontend' },
      'Invalid input "selector" for PeerAuthentication frontend: is required at workload scope',
    ],
    [
      'a workload policy in the root namespace, which Istio ignores',
      {
        scope: 'workload',
        name: 'ingress',
        namespace: 'istio-system',
        selector: { app: 'istio-ingressgateway' },
      },
      'Invalid input "namespace" for PeerAuthentication istio-system/ingress: Istio ignores a policy with a selector in the root namespace',
    ],
    [
      'a bad selector label',
      { scope: 'workload', name: 'f', selector: { app: 'front end' } },
      'Invalid input "selector.app" for PeerAuthentication f: label value "front end" is not valid',
    ],
    [
      'a port out of range',
      {
        scope: 'workload',
        name: 'f',
        selector: { app: 'frontend' },
        portLevelMtls: [{ port: 0, mode: 'DISABLE' }],
      },
      'Invalid input "portLevelMtls[0].port" for PeerAuthentication f: 0 is not a port number (1-65535)',
    ],
    [
      'a port listed twice',
      {
        scope: 'workload',
        name: 'f',
        selector: { app: 'frontend' },
        portLevelMtls: [
          { port: 80, mode: 'DISABLE' },
          { port: 80, mode: 'STRICT' },
        ],
      },
      'Invalid input "portLevelMtls" for PeerAuthentication f: lists port 80 more than once',
    ],
    [
      'a bad name',
      { scope: 'namespace', name: 'Default' },
      'Invalid input "name" for PeerAuthentication Default',
    ],
  ])('refuses %s, naming the field', (_, input, message) => {
    expect(() => buildPeerAuthentication(input)).toThrow(message);
  });
});
