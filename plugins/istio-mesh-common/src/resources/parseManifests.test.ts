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

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'reads kind: %s as an object of an unknown kind, next to the others',
    kind => {
      const { objects, problems } = parseManifests(
        `apiVersion: v1\nkind: ${kind}\nmetadata: {name: odd, namespace: x}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n`,
        'odd.yaml',
      );
      expect(problems).toStrictEqual([]);
      expect(objects.map(o => o.object.kind)).toStrictEqual([
        kind,
        'Namespace',
      ]);
    },
  );

  it('reports an alias bomb as a problem of its document only', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'kind: ConfigMap',
      'apiVersion: v1',
      'metadata: {name: bomb}',
    ].join('\n');
    const { objects, problems } = parseManifests(
      `${bomb}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n`,
      'bomb.yaml',
    );
    expect(objects.map(o => o.object.metadata.name)).toStrictEqual(['x']);
    expect(problems).toStrictEqual([
      {
        file: 'bomb.yaml',
        line: 1,
        message: expect.stringMatching(/^invalid YAML: .*alias/i),
      },
    ]);
  });

  it('applies YAML merge keys as kubectl does', () => {
    const { objects, problems } = parseManifests(
      `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: shop
  labels: &labels {app: api, team: shop}
spec:
  selector:
    <<: *labels
    team: web
  ports: [{port: 80}]
`,
      'merge.yaml',
    );
    expect(problems).toStrictEqual([]);
    expect(objects[0].object.spec).toStrictEqual({
      selector: { app: 'api', team: 'web' },
      ports: [{ port: 80 }],
    });
  });
});
