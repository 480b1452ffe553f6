import { InputError } from '@backstage/errors';
import { editYamlObject } from './editYamlObject';

// Two policies in one file, as the example repository writes them.
const FILE = `# Service-to-service rules.
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cartservice}
spec:
  host: cartservice # the gRPC service
  subsets:
    - name: v1
      labels:
        version: v1
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: frontend
spec:
  host: frontend
`;

describe('editYamlObject', () => {
  it('edits one document, keeping its comments and the others byte for byte', () => {
    const { text, document } = editYamlObject(
      FILE,
      'rules.yaml',
      { kind: 'DestinationRule', name: 'cartservice', namespace: 'shop' },
      [
        {
          op: 'append',
          path: ['spec', 'subsets'],
          value: { name: 'v2', labels: { version: 'v2' } },
        },
        {
          op: 'set',
          path: ['spec', 'trafficPolicy'],
          value: { outlierDetection: { consecutive5xxErrors: 5 } },
          before: 'subsets',
        },
      ],
    );
    const edited = `# Service-to-service rules.
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: cartservice}
spec:
  host: cartservice # the gRPC service
  trafficPolicy:
    outlierDetection:
      consecutive5xxErrors: 5
  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
        version: v2
`;
    expect(document).toBe(edited);
    expect(text).toBe(`${edited}${FILE.slice(FILE.indexOf('---'))}`);
  });

  it('inserts into a list and edits a later document', () => {
    const { text } = editYamlObject(
      FILE,
      'rules.yaml',
      { kind: 'DestinationRule', name: 'frontend' },
      [
        {
          op: 'insert',
          path: ['spec', 'subsets'],
          index: 0,
          value: { name: 'v1', labels: { version: 'v1' } },
        },
      ],
    );
    expect(text).toBe(
      `${FILE}  subsets:\n    - name: v1\n      labels:\n        version: v1\n`,
    );
  });

  it('leaves the text as it was without edits', () => {
    expect(
      editYamlObject(
        FILE,
        'rules.yaml',
        {
          kind: 'DestinationRule',
          name: 'frontend',
        },
        [],
      ).text,
    ).toBe(FILE);
  });

  it.each([
    [
      { kind: 'DestinationRule', name: 'checkout' },
      'rules.yaml holds no DestinationRule checkout',
    ],
    [
      { kind: 'DestinationRule', name: 'frontend', namespace: 'shop' },
      'rules.yaml declares DestinationRule shop/frontend 2 times',
    ],
  ])('refuses %j', (ref, message) => {
    const twice = `${FILE}---\n${FILE.slice(FILE.lastIndexOf('apiVersion'))}`;
    expect(() => editYamlObject(twice, 'rules.yaml', ref, [])).toThrow(
      new InputError(message),
    );
  });

  it('refuses to append to a field that is not a list', () => {
    expect(() =>
      editYamlObject(
        FILE,
        'rules.yaml',
        { kind: 'DestinationRule', name: 'frontend' },
        [{ op: 'append', path: ['spec', 'host'], value: 'x' }],
      ),
    ).toThrow(
      'rules.yaml (DestinationRule frontend): field spec.host is not a list; fix the file first',
    );
  });
});
