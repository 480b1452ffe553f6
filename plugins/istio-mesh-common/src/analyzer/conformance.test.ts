import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseManifests } from '../resources/parseManifests';
import { ALL_ANALYZERS } from './allAnalyzers';
import { parseMeshConfig } from './meshConfig';
import { runAnalyzers } from './runAnalyzers';
import { AnalyzedObject } from './types';

// Istio's own analyzer test grid (../shared/istio/analyzer-corpus), run the way
// istio's harness runs it: one analyzer per case, the injected ingress pod and
// service, no default namespace, and a multiset comparison of code + origin.
const corpus = resolve(
  __dirname,
  '../../../../../shared/istio/analyzer-corpus',
);

interface ExpectedMessage {
  code: string;
  kind: string;
  namespace: string | null;
  name: string;
}
interface ConformanceCase {
  id: number;
  name: string;
  analyzer: string;
  inputFiles?: string[];
  meshConfigFile?: string;
  expected: ExpectedMessage[];
}

const { cases } = JSON.parse(
  readFileSync(resolve(corpus, 'expected.json'), 'utf8'),
) as {
  cases: ConformanceCase[];
};
// This project's own analyzers (istiomesh.*, ISM codes) have no istioctl cases.
const implemented = new Set(
  ALL_ANALYZERS.map(a => a.name).filter(name => !name.startsWith('istiomesh.')),
);
const runnable = cases.filter(c => c.inputFiles && implemented.has(c.analyzer));

function load(file: string): AnalyzedObject[] {
  const { objects } = parseManifests(readFileSync(file, 'utf8'), file);
  return objects;
}

const key = (m: {
  code: string;
  kind: string;
  namespace: string | null;
  name: string;
}) => `${m.code} ${m.kind} ${m.namespace ?? ''}/${m.name}`;

describe('istioctl analyze conformance', () => {
  // docs/conformance.md lists these; keep it in step.
  it('implements the analyzers the seed plan depends on', () => {
    expect([...implemented].sort()).toStrictEqual([
      'auth.AuthorizationPoliciesAnalyzer',
      'deployment.MultiServiceAnalyzer',
      'destinationrule.CaCertificateAnalyzer',
      'destinationrule.SubsetSelectPodAnalyzer',
      'injection.Analyzer',
      'service.PortNameAnalyzer',
      'sidecar.SelectorAnalyzer',
      'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
      'virtualservice.DestinationHostAnalyzer',
      'virtualservice.DestinationRuleAnalyzer',
      'virtualservice.GatewayAnalyzer',
      'virtualservice.JWTClaimRouteAnalyzer',
    ]);
  });

  it('has cases for every implemented analyzer', () => {
    const covered = new Set(runnable.map(c => c.analyzer));
    expect([...implemented].filter(name => !covered.has(name))).toStrictEqual(
      [],
    );
  });

  if (runnable.length === 0) return;

  it.each(runnable.map(c => [`#${c.id} ${c.analyzer} ${c.name}`, c] as const))(
    '%s',
    (_title, testCase) => {
      const objects = [
        ...load(resolve(corpus, '_harness/default-ingress-resources.yaml')),
        ...testCase.inputFiles!.flatMap(f =>
          load(resolve(corpus, 'testdata', f)),
        ),
      ];
      const meshConfig = testCase.meshConfigFile
        ? parseMeshConfig(
            readFileSync(
              resolve(corpus, 'testdata', testCase.meshConfigFile),
              'utf8',
            ),
          )
        : undefined;
      const analyzer = ALL_ANALYZERS.find(a => a.name === testCase.analyzer)!;
      const messages = runAnalyzers(objects, {
        analyzers: [analyzer],
        meshConfig,
      });
      expect(messages.map(key).sort()).toStrictEqual(
        testCase.expected.map(key).sort(),
      );
    },
  );
});
