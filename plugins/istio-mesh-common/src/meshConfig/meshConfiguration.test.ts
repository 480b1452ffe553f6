import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseManifests } from '../resources/parseManifests';
import { KubernetesObject } from '../resources/objects';
import { resolveMeshConfiguration } from './meshConfiguration';

function objects(yaml: string): KubernetesObject[] {
  const { objects: parsed, problems } = parseManifests(yaml, 'mesh.yaml');
  expect(problems).toStrictEqual([]);
  return parsed.map(o => o.object);
}

const configMap = (name: string, mesh: string, namespace = 'istio-system') => `
apiVersion: v1
kind: ConfigMap
metadata: {name: ${name}, namespace: ${namespace}}
data:
  mesh: |
${mesh
  .trim()
  .split('\n')
  .map(line => `    ${line}`)
  .join('\n')}
`;

const sail = `
apiVersion: sailoperator.io/v1
kind: Istio
metadata: {name: default}
spec:
  namespace: mesh-system
  values:
    meshConfig:
      trustDomain: sail.example
      extensionProviders:
        - name: ext-authz
          envoyExtAuthzHttp: {service: authz.auth.svc.cluster.local, port: 8000}
`;

const istio = configMap(
  'istio',
  `
rootNamespace: istio-config
trustDomain: default.example
trustDomainAliases: [old.example]
enableAutoMtls: false
`,
);
const canary = configMap(
  'istio-canary',
  `
trustDomain: canary.example
`,
);

describe('resolveMeshConfiguration', () => {
  it("falls back to Istio's defaults without any document", () => {
    const { mesh, summary } = resolveMeshConfiguration([]);
    expect(mesh).toMatchObject({
      rootNamespace: 'istio-system',
      trustDomain: 'cluster.local',
      trustDomainAliases: [],
      enableAutoMtls: true,
      extensionProviders: [],
      source: "Istio's defaults",
    });
    expect(summary.conflicts).toStrictEqual([]);
  });

  it('reads the Sail Operator Istio, whose root namespace is its control-plane namespace', () => {
    const { mesh } = resolveMeshConfiguration(objects(sail));
    expect(mesh).toMatchObject({
      rootNamespace: 'mesh-system',
      trustDomain: 'sail.example',
      extensionProviders: ['ext-authz'],
      source: 'Istio default',
    });
  });

  it('prefers the istio ConfigMap to the Sail resource, whole', () => {
    const { mesh } = resolveMeshConfiguration(objects(`${sail}---${istio}`));
    expect(mesh).toMatchObject({
      rootNamespace: 'istio-config',
      trustDomain: 'default.example',
      trustDomainAliases: ['old.example'],
      enableAutoMtls: false,
      // The ConfigMap names no provider; the Sail resource's are not mixed in.
      extensionProviders: [],
      source: 'ConfigMap istio-system/istio',
    });
  });

  it("prefers a revision's own ConfigMap for that revision", () => {
    const configuration = resolveMeshConfiguration(
      objects(`${sail}---${istio}---${canary}`),
    );
    expect(configuration.forRevision('canary')).toMatchObject({
      rootNamespace: 'istio-system',
      trustDomain: 'canary.example',
      enableAutoMtls: true,
      source: 'ConfigMap istio-system/istio-canary',
    });
    // Another revision without a ConfigMap reads the istio ConfigMap.
    expect(configuration.forRevision('stable').source).toBe(
      'ConfigMap istio-system/istio',
    );
    expect(configuration.summary.conflicts).toStrictEqual([
      'revision canary reads ConfigMap istio-system/istio-canary, which differs from ConfigMap istio-system/istio in rootNamespace (istio-system instead of istio-config), trustDomain (canary.example instead of default.example), trustDomainAliases ([] instead of [old.example]), enableAutoMtls (true instead of false)',
    ]);
  });

  it('lets an explicit setting win and says it disagrees with the inputs', () => {
    const configuration = resolveMeshConfiguration(objects(istio), {
      rootNamespace: { value: 'mesh-root', setting: '--root-namespace' },
    });
    expect(configuration.mesh.rootNamespace).toBe('mesh-root');
    expect(configuration.summary).toMatchObject({
      rootNamespace: 'mesh-root',
      explicit: { rootNamespace: '--root-namespace' },
      conflicts: [
        '--root-namespace mesh-root disagrees with ConfigMap istio-system/istio (rootNamespace: istio-config); mesh-root is used',
      ],
    });
    expect(
      configuration.rootNamespaceConflicts.map(c => c.document.source),
    ).toStrictEqual(['ConfigMap istio-system/istio']);
  });

  it('reports no conflict when an explicit setting agrees', () => {
    const configuration = resolveMeshConfiguration(objects(istio), {
      rootNamespace: { value: 'istio-config', setting: '--root-namespace' },
    });
    expect(configuration.summary.conflicts).toStrictEqual([]);
  });

  it('reads only the ConfigMaps of the namespaces istiod runs in, when istiod is there', () => {
    const { mesh } = resolveMeshConfiguration(
      objects(`${configMap('istio', 'trustDomain: app.example', 'app')}---
apiVersion: apps/v1
kind: Deployment
metadata: {name: istiod, namespace: istio-system, labels: {app: istiod}}
spec: {selector: {matchLabels: {app: istiod}}, template: {metadata: {labels: {app: istiod}}, spec: {containers: [{name: discovery}]}}}
`),
    );
    expect(mesh.source).toBe("Istio's defaults");
  });

  it('leaves out a document it cannot read, naming the field', () => {
    const configuration = resolveMeshConfiguration(
      objects(`${configMap('istio', 'enableAutoMtls: sometimes')}---${sail}`),
    );
    expect(configuration.summary.problems).toStrictEqual([
      'ConfigMap istio-system/istio: data.mesh.enableAutoMtls must be true or false',
    ]);
    expect(configuration.mesh.source).toBe('Istio default');
  });

  it('reads the example cluster: the revision ConfigMap of the Sail install', () => {
    const text = readFileSync(
      resolve(__dirname, '../../../../examples/cluster/homelab.yaml'),
      'utf8',
    );
    const configuration = resolveMeshConfiguration(
      parseManifests(text, 'homelab.yaml').objects.map(o => o.object),
    );
    expect(configuration.summary).toStrictEqual({
      rootNamespace: 'istio-system',
      trustDomain: 'cluster.local',
      trustDomainAliases: [],
      enableAutoMtls: true,
      extensionProviders: ['jaeger'],
      source: 'ConfigMap istio-system/istio-default-v1-26-4',
      explicit: {},
      revisions: {
        'default-v1-26-4': 'ConfigMap istio-system/istio-default-v1-26-4',
      },
      conflicts: [],
      problems: [],
    });
  });
});
