import { parseManifests } from './parseManifests';

describe('parseManifests', () => {
  it('reads multi-document YAML and flattens List objects, keeping lines', () => {
    const yaml = `apiVersion: v1
kind: Namespace
metadata:
  name: boutique-dev
---
apiVersion: v1
kind: List
metadata:
  resourceVersion: ""
items:
- apiVersion: v1
  kind: ServiceAccount
  metadata:
    name: frontend
    namespace: boutique-dev
- apiVersion: v1
  kind: ServiceAccount
  metadata:
    name: cartservice
    namespace: boutique-dev
`;
    const { objects, problems } = parseManifests(yaml, 'cluster.yaml');
    expect(problems).toStrictEqual([]);
    expect(
      objects.map(o => [o.object.kind, o.object.metadata.name, o.location]),
    ).toStrictEqual([
      ['Namespace', 'boutique-dev', { file: 'cluster.yaml', line: 1 }],
      ['ServiceAccount', 'frontend', { file: 'cluster.yaml', line: 11 }],
      ['ServiceAccount', 'cartservice', { file: 'cluster.yaml', line: 16 }],
    ]);
  });

  it('reads JSON, as printed by kubectl -o json', () => {
    const json = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: 'istio-system' },
        },
      ],
    });
    const { objects } = parseManifests(json, 'dump.json');
    expect(objects.map(o => o.object.metadata.name)).toStrictEqual([
      'istio-system',
    ]);
  });

  it('reports invalid YAML with its line and keeps the other documents', () => {
    const yaml = `apiVersion: v1
kind: Namespace
metadata:
  name: good
---
apiVersion: v1
kind: Namespace
metadata: {name: [unclosed
`;
    const { objects, problems } = parseManifests(yaml, 'broken.yaml');
    expect(objects.map(o => o.object.metadata.name)).toStrictEqual(['good']);
    expect(problems).toHaveLength(1);
    expect(problems[0].file).toBe('broken.yaml');
    expect(problems[0].line).toBeGreaterThanOrEqual(8);
    expect(problems[0].message).toMatch(/^invalid YAML: /);
  });

  it('names the object and field of a malformed object and drops only that object', () => {
    const yaml = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: payment
  namespace: boutique-dev
spec:
  mtls:
    mode: STRICTEST
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: boutique-dev
spec:
  mtls:
    mode: STRICT
`;
    const { objects, problems } = parseManifests(yaml, 'pa.yaml');
    expect(objects.map(o => o.object.metadata.name)).toStrictEqual(['default']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      file: 'pa.yaml',
      line: 1,
      kind: 'PeerAuthentication',
      namespace: 'boutique-dev',
      name: 'payment',
      field: 'spec.mtls.mode',
    });
    expect(problems[0].message).toMatch(/^spec\.mtls\.mode: /);
  });

  it('reports an object without a name', () => {
    const { objects, problems } = parseManifests(
      'apiVersion: v1\nkind: Service\nmetadata: {namespace: x}\nspec: {}\n',
      'svc.yaml',
    );
    expect(objects).toStrictEqual([]);
    expect(problems[0]).toMatchObject({
      kind: 'Service',
      field: 'metadata.name',
    });
  });

  it('ignores empty documents', () => {
    expect(parseManifests('---\n# nothing\n---\n', 'empty.yaml')).toStrictEqual(
      {
        objects: [],
        problems: [],
      },
    );
  });
});
