import fs from 'fs';
import path from 'path';
import { ALL_ANALYZERS } from '../analyzer/allAnalyzers';
import { withDefaultNamespace } from '../analyzer/defaultNamespace';
import { runAnalyzers } from '../analyzer/runAnalyzers';
import { AnalyzedObject } from '../analyzer/types';
import { objectIdentity } from '../resources/objects';
import { KubernetesObject } from '../resources/objects';
import { parseManifests } from '../resources/parseManifests';
import { buildAuthorizationPolicies } from './authorizationPolicy';
import { buildDestinationRule } from './destinationRule';
import { buildHttpRoute } from './httpRoute';
import { buildPeerAuthentication } from './peerAuthentication';
import { buildRequestAuthentication } from './requestAuthentication';
import { renderManifests } from './renderManifests';
import { buildVirtualService, CANARY_SPLIT } from './virtualService';

// Generated manifests join the example GitOps repository's online-boutique
// base (in the namespace its dev overlay gives it) and run next to the pods
// of the example cluster, where subsets find the pods they select.
const examples = path.resolve(__dirname, '../../../../examples');
const boutiqueBase = path.join(
  examples,
  'gitops/apps/base/online-boutique/base',
);
const NAMESPACE = 'boutique-dev';
const CANARY_SERVICES = ['productcatalogservice', 'currencyservice'];

/** The example cluster's pods and namespaces, plus v2 pods of the canaries. */
function clusterObjects(): AnalyzedObject[] {
  const file = path.join(examples, 'cluster/homelab.yaml');
  const objects = parseManifests(fs.readFileSync(file, 'utf8'), file)
    .objects.map(parsed => parsed.object)
    .filter(object => object.kind === 'Pod' || object.kind === 'Namespace');
  const canaryPods = objects
    .filter(
      object =>
        object.kind === 'Pod' &&
        CANARY_SERVICES.includes(object.metadata.labels?.app ?? ''),
    )
    .map(pod => ({
      ...pod,
      metadata: {
        ...pod.metadata,
        name: `${pod.metadata.name}-v2`,
        labels: { ...pod.metadata.labels, version: 'v2' },
      },
    }));
  expect(canaryPods).toHaveLength(CANARY_SERVICES.length);
  return [...objects, ...canaryPods].map(object => ({ object }));
}

function yamlFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(file);
    return entry.name.endsWith('.yaml') && entry.name !== 'kustomization.yaml'
      ? [file]
      : [];
  });
}

/** Typical generated manifests, as the templates produce them. */
function builtManifests(): KubernetesObject[] {
  return [
    buildVirtualService({
      name: 'productcatalogservice',
      host: 'productcatalogservice',
      split: CANARY_SPLIT,
    }),
    buildDestinationRule({
      name: 'productcatalogservice',
      host: 'productcatalogservice',
      subsets: ['v1', 'v2'],
      loadBalancer: 'LEAST_REQUEST',
    }),
    buildVirtualService({
      name: 'cartservice',
      host: 'cartservice',
      port: 7070,
    }),
    buildDestinationRule({ name: 'cartservice', host: 'cartservice' }),
    buildVirtualService({
      name: 'currencyservice',
      host: 'currencyservice',
      split: [{ subset: 'v1' }],
      headerMatch: { header: 'x-canary', exact: 'true', subset: 'v2' },
    }),
    buildDestinationRule({
      name: 'currencyservice',
      host: 'currencyservice',
      subsets: ['v1', 'v2'],
    }),
    buildPeerAuthentication({ scope: 'namespace' }),
    buildPeerAuthentication({
      scope: 'workload',
      name: 'paymentservice',
      selector: { app: 'paymentservice' },
      portLevelMtls: [{ port: 50051, mode: 'STRICT' }],
    }),
    ...buildAuthorizationPolicies({
      name: 'checkoutservice-allow',
      namespace: NAMESPACE,
      selector: { app: 'checkoutservice' },
      from: { serviceAccounts: ['frontend'] },
      to: { ports: [5050], methods: ['POST'] },
    }),
    ...buildAuthorizationPolicies({
      name: 'emailservice-allow',
      selector: { app: 'emailservice' },
      from: { serviceAccounts: [`${NAMESPACE}/checkoutservice`] },
      to: { ports: [8080] },
      allowNothing: true,
    }),
    ...buildRequestAuthentication({
      name: 'frontend-jwt',
      selector: { app: 'frontend' },
      issuer: 'https://auth.homelab.local',
      jwksUri: 'https://auth.homelab.local/jwks.json',
    }),
    buildHttpRoute({
      name: 'frontend',
      gateway: { name: 'homelab-gateway', namespace: 'gateway' },
      hostnames: ['shop.homelab.local'],
      backend: { name: 'frontend', port: 80 },
    }),
  ].map(object => withDefaultNamespace(object, NAMESPACE));
}

describe('built manifests in the example GitOps repository', () => {
  const built = builtManifests();

  it('match their kinds’ schemas', () => {
    expect(() => renderManifests(built)).not.toThrow();
  });

  it('give no error-level analyzer message', () => {
    const repository: AnalyzedObject[] = yamlFiles(boutiqueBase)
      .flatMap(
        file => parseManifests(fs.readFileSync(file, 'utf8'), file).objects,
      )
      .map(parsed => ({
        ...parsed,
        object: withDefaultNamespace(parsed.object, NAMESPACE),
      }));
    // A generated file replaces the example object of the same identity.
    const replaced = new Set(built.map(objectIdentity));
    const objects: AnalyzedObject[] = [
      ...repository.filter(
        entry => !replaced.has(objectIdentity(entry.object)),
      ),
      ...clusterObjects(),
      ...built.map(object => ({ object })),
    ];

    const messages = runAnalyzers(objects, { analyzers: ALL_ANALYZERS });
    const aboutBuilt = messages.filter(m =>
      built.some(
        o =>
          o.kind === m.kind &&
          o.metadata.name === m.name &&
          (o.metadata.namespace ?? '') === m.namespace,
      ),
    );
    expect(
      aboutBuilt
        .filter(m => m.level === 'Error')
        .map(m => `${m.code} ${m.kind} ${m.name}: ${m.message}`),
    ).toStrictEqual([]);
    expect(messages.length).toBeGreaterThanOrEqual(aboutBuilt.length);
  });
});
