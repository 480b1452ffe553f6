import { parseManifests } from '../../../resources/parseManifests';
import { runAnalyzers } from '../../runAnalyzers';
import { conflictingMeshGatewayHostsAnalyzer } from './conflictingMeshGatewayHosts';

function analyze(yaml: string) {
  const { objects, problems } = parseManifests(yaml, 'routes.yaml');
  expect(problems).toStrictEqual([]);
  return runAnalyzers(objects, {
    analyzers: [conflictingMeshGatewayHostsAnalyzer],
  });
}

const vs = (name: string, namespace: string, extra: string) => `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: ${name}, namespace: ${namespace}}
spec:
${extra}
  http:
  - route:
    - destination: {host: ratings.bookinfo.svc.cluster.local}
---`;

describe('virtualservice.ConflictingMeshGatewayHostsAnalyzer', () => {
  it('reports mesh VirtualServices defining the same host', () => {
    expect(
      analyze(
        vs('ratings', 'bookinfo', '  hosts: [ratings]') +
          vs(
            'ratings-canary',
            'team-a',
            '  hosts: [ratings.bookinfo.svc.cluster.local]\n  gateways: [mesh]',
          ),
      ),
    ).toStrictEqual(
      [
        ['bookinfo', 'ratings', 4],
        ['team-a', 'ratings-canary', 13],
      ].map(([namespace, name, line]) => ({
        code: 'IST0109',
        level: 'Error',
        kind: 'VirtualService',
        namespace,
        name,
        message:
          'The VirtualServices bookinfo/ratings,team-a/ratings-canary associated with mesh gateway define the same host */ratings.bookinfo.svc.cluster.local which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.',
        path: 'metadata.name',
        analyzer: 'virtualservice.ConflictingMeshGatewayHostsAnalyzer',
        location: { file: 'routes.yaml', line },
        documentationUrl:
          'https://istio.io/latest/docs/reference/config/analysis/ist0109/',
      })),
    );
  });

  it('ignores gateway-only VirtualServices and disjoint exportTo', () => {
    expect(
      analyze(
        vs('ratings', 'bookinfo', '  hosts: [ratings]\n  exportTo: ["."]') +
          vs(
            'ratings',
            'team-a',
            '  hosts: [ratings.bookinfo.svc.cluster.local]\n  exportTo: ["."]',
          ) +
          vs(
            'ratings-ingress',
            'bookinfo',
            '  hosts: [ratings]\n  gateways: [bookinfo-gateway]',
          ),
      ),
    ).toStrictEqual([]);
  });

  it('matches a namespace-scoped host against wildcards exported everywhere', () => {
    expect(
      analyze(
        vs(
          'ratings',
          'bookinfo',
          '  hosts: [ratings]\n  exportTo: [frontend]',
        ) + vs('catch-all', 'bookinfo', '  hosts: ["*.svc.cluster.local"]'),
      ).map(m => [m.name, m.message.split(' associated')[0]]),
    ).toStrictEqual([
      ['catch-all', 'The VirtualServices bookinfo/catch-all,bookinfo/ratings'],
      ['ratings', 'The VirtualServices bookinfo/catch-all,bookinfo/ratings'],
    ]);
  });
});
