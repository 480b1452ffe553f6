import { parseManifests } from '../resources/parseManifests';
import { KubernetesObject } from '../resources/objects';
import {
  compareWithDesired,
  configurationDifferences,
  configurationOf,
  DesiredObject,
} from './desiredState';
import { homelabDesired, homelabObjects } from './__fixtures__/homelabGitops';
import { resourceRefOf } from './resourceRefs';

const yaml = (text: string) =>
  parseManifests(text, 'test.yaml').objects.map(o => o.object);

const live = (kind: string, namespace: string, name: string) =>
  homelabObjects().find(
    o =>
      o.kind === kind &&
      (o.metadata.namespace ?? '') === namespace &&
      o.metadata.name === name,
  )!;

describe('configurationDifferences', () => {
  it('finds no difference between the homelab cluster and the example repository', () => {
    for (const desired of homelabDesired()) {
      const { namespace = '', name } = desired.object.metadata;
      const object = live(desired.object.kind, namespace, name);
      expect([
        desired.file,
        configurationDifferences(object, desired.object),
      ]).toStrictEqual([desired.file, []]);
    }
  });

  it('names each field that differs, with both values', () => {
    const object = live('VirtualService', 'boutique-dev', 'cartservice') as any;
    object.spec.http[0].retries.attempts = 5;
    object.spec.http[0].timeout = undefined;
    const desired = homelabDesired().find(d =>
      d.file.endsWith('virtualservice-retry.yaml'),
    )!;
    expect(configurationDifferences(object, desired.object)).toStrictEqual([
      'spec.http[0].retries.attempts: 5 in the cluster, 3 in Git',
      'spec.http[0].timeout: absent in the cluster, 10s in Git',
    ]);
  });

  it('compares Istio resources exactly: a field added by hand is a difference', () => {
    const [inGit, edited] = yaml(`
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: boutique-dev}
spec:
  mtls: {mode: STRICT}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: boutique-dev, resourceVersion: "4711", generation: 3}
spec:
  mtls: {mode: STRICT}
  portLevelMtls:
    "9090": {mode: PERMISSIVE}
status: {}
`);
    expect(configurationDifferences(edited, inGit)).toStrictEqual([
      'spec.portLevelMtls: set in the cluster to {"9090":{"mode":"PERMISSIVE"}}, not in Git',
    ]);
  });

  it('ignores the defaults the API server fills into Gateway API routes', () => {
    const [inGit, applied] = yaml(`
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: kiali, namespace: istio-system}
spec:
  parentRefs: [{name: homelab-gateway, namespace: istio-ingress}]
  hostnames: [kiali.homelab.example.net]
  rules:
    - backendRefs: [{name: kiali, port: 20001}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: kiali, namespace: istio-system}
spec:
  parentRefs:
    - {group: gateway.networking.k8s.io, kind: Gateway, name: homelab-gateway, namespace: istio-ingress}
  hostnames: [kiali.homelab.example.net]
  rules:
    - backendRefs: [{group: "", kind: Service, name: kiali, port: 20001, weight: 1}]
      matches: [{path: {type: PathPrefix, value: /}}]
`);
    expect(configurationDifferences(applied, inGit)).toStrictEqual([]);
    (applied.spec as any).rules[0].backendRefs[0].port = 8080;
    expect(configurationDifferences(applied, inGit)).toStrictEqual([
      'spec.rules[0].backendRefs[0].port: 8080 in the cluster, 20001 in Git',
    ]);
  });

  it('compares the top-level fields of kinds without a spec', () => {
    const [inGit, changed] = yaml(`
apiVersion: v1
kind: ConfigMap
metadata: {name: istio-grafana-dashboards, namespace: monitoring}
data: {pilot-dashboard.json: "{}"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: istio-grafana-dashboards, namespace: monitoring}
data: {pilot-dashboard.json: "{\\"title\\": \\"x\\"}"}
`);
    expect(configurationOf(inGit)).toStrictEqual({
      data: { 'pilot-dashboard.json': '{}' },
    });
    expect(configurationDifferences(changed, inGit)).toStrictEqual([
      'data.pilot-dashboard.json: {"title": "x"} in the cluster, {} in Git',
    ]);
  });
});

describe('compareWithDesired', () => {
  const permissive = live(
    'PeerAuthentication',
    'boutique-dev',
    'paymentservice-permissive',
  );
  const strict = live('PeerAuthentication', 'boutique-dev', 'default');

  it('finds the manifest of a live object meant for its cluster', () => {
    const desired = homelabDesired('homelab');
    expect(
      compareWithDesired(strict, resourceRefOf(strict, 'homelab'), desired),
    ).toStrictEqual({
      status: 'equal',
      desired: desired.find(d =>
        d.file.endsWith('peerauthentication-strict.yaml'),
      ),
    });
    expect(
      compareWithDesired(strict, resourceRefOf(strict, 'edge'), desired),
    ).toStrictEqual({ status: 'missing' });
  });

  it('says missing for an object no source declares', () => {
    expect(
      compareWithDesired(
        permissive,
        resourceRefOf(permissive, 'homelab'),
        homelabDesired(),
      ),
    ).toStrictEqual({ status: 'missing' });
  });

  it('is equal when any of several manifests matches, else differs from the first', () => {
    const other: DesiredObject = {
      object: {
        ...strict,
        spec: { mtls: { mode: 'PERMISSIVE' } },
      } as KubernetesObject,
      file: 'clusters/homelab/overrides/pa.yaml',
      source: 'gitops:overrides',
    };
    const ref = resourceRefOf(strict, 'homelab');
    expect(
      compareWithDesired(strict, ref, [other, ...homelabDesired()]).status,
    ).toBe('equal');
    expect(compareWithDesired(strict, ref, [other])).toStrictEqual({
      status: 'different',
      desired: other,
      differences: ['spec.mtls.mode: STRICT in the cluster, PERMISSIVE in Git'],
    });
  });
});
