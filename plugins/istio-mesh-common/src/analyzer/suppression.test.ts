import { runAnalyzers } from './runAnalyzers';
import { parseSuppression } from './suppression';
import { Analyzer } from './types';
import { parseManifests } from '../resources/parseManifests';

const objects = parseManifests(
  `apiVersion: v1
kind: Namespace
metadata:
  name: frod
---
apiVersion: v1
kind: Namespace
metadata:
  name: baz
  annotations:
    galley.istio.io/analyze-suppress: IST0107,IST0102
---
apiVersion: v1
kind: Namespace
metadata:
  name: quux
  annotations:
    galley.istio.io/analyze-suppress: '*'
`,
  'namespaces.yaml',
).objects;

// Reports IST0102 on every namespace, as injection.Analyzer would on these.
const everyNamespace: Analyzer = {
  name: 'test.EveryNamespace',
  description: 'reports every namespace',
  analyze(context) {
    for (const ns of context.list('', 'Namespace')) {
      context.report(
        'IST0102',
        ns,
        [ns.object.metadata.name, ns.object.metadata.name],
        'metadata.labels',
      );
    }
  },
};

const names = (rules: string[]) =>
  runAnalyzers(objects, {
    analyzers: [everyNamespace],
    suppressions: rules.map(parseSuppression),
  }).map(m => m.name);

describe('suppression', () => {
  it('honours the annotation, by code and by *', () => {
    expect(names([])).toStrictEqual(['frod']);
  });

  it('honours --suppress rules, with wildcards', () => {
    expect(names(['IST0102=Namespace frod'])).toStrictEqual([]);
    expect(names(['IST01*=Namespace fr*'])).toStrictEqual([]);
    expect(names(['IST0102=Pod frod'])).toStrictEqual(['frod']);
    expect(names(['IST0103=Namespace frod'])).toStrictEqual(['frod']);
    // A pattern that makes a regular expression backtrack for minutes.
    expect(names([`IST0102=Namespace ${'*f'.repeat(20)}x`])).toStrictEqual([
      'frod',
    ]);
  });

  it('rejects rules without a kind and name', () => {
    expect(() => parseSuppression('IST0102=Namespace')).toThrow(
      'invalid suppression "IST0102=Namespace": expected CODE=Kind name',
    );
  });

  it('fills the catalogue template and finds the line of the path', () => {
    const [message] = runAnalyzers(objects, { analyzers: [everyNamespace] });
    expect(message).toStrictEqual({
      code: 'IST0102',
      level: 'Info',
      kind: 'Namespace',
      namespace: '',
      name: 'frod',
      message:
        "The namespace is not enabled for Istio injection. Run 'kubectl label namespace frod istio-injection=enabled' to enable it, or 'kubectl label namespace frod istio-injection=disabled' to explicitly mark it as not needing injection.",
      path: 'metadata.labels',
      analyzer: 'test.EveryNamespace',
      location: { file: 'namespaces.yaml', line: 1 },
      documentationUrl:
        'https://istio.io/latest/docs/reference/config/analysis/ist0102/',
    });
  });

  it('turns an analyzer that throws into IST0001', () => {
    const broken: Analyzer = {
      name: 'test.Broken',
      description: 'throws',
      analyze() {
        throw new Error('boom');
      },
    };
    const [message] = runAnalyzers(objects, { analyzers: [broken] });
    expect(message).toMatchObject({
      code: 'IST0001',
      level: 'Error',
      message: 'Internal error: boom',
    });
  });
});
