import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseManifests, validateManifestObjects } from './parseManifests';

const homelab = readFileSync(
  resolve(__dirname, '../../../../examples/cluster/homelab.yaml'),
  'utf8',
);

describe('validateManifestObjects', () => {
  it('accepts exactly what parseManifests accepts from the same objects as text', () => {
    const listed = parseManifests(homelab, 'homelab.yaml').objects.map(
      o => o.object,
    );
    const broken = [
      {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: { name: 'payment', namespace: 'boutique-dev' },
        spec: { mtls: { mode: 'STRICTEST' } },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'x' } },
      { apiVersion: 'v1', kind: 'constructor', metadata: { name: 'odd' } },
    ];
    const items = [...listed, ...broken];

    const direct = validateManifestObjects(items, 'cluster homelab');
    const roundTrip = parseManifests(
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items }),
      'cluster homelab',
    );

    expect(direct.objects.map(o => o.object)).toStrictEqual(
      roundTrip.objects.map(o => o.object),
    );
    expect(direct.objects.length).toBe(listed.length + 1);
    expect(direct.problems).toStrictEqual(
      roundTrip.problems.map(({ line: _line, ...problem }) => problem),
    );
    expect(direct.problems.map(p => p.field)).toStrictEqual([
      'spec.mtls.mode',
      'metadata.name',
    ]);
  });

  it('names the object and field of a malformed listed object', () => {
    const { objects, problems } = validateManifestObjects(
      [
        {
          apiVersion: 'security.istio.io/v1',
          kind: 'AuthorizationPolicy',
          metadata: { name: 'cart', namespace: 'boutique-dev' },
          spec: {
            rules: [
              {
                from: [
                  {
                    source: {
                      principals: 'cluster.local/ns/boutique-dev/sa/frontend',
                    },
                  },
                ],
              },
            ],
          },
        },
      ],
      'cluster homelab',
    );
    expect(objects).toStrictEqual([]);
    expect(problems).toStrictEqual([
      expect.objectContaining({
        file: 'cluster homelab',
        kind: 'AuthorizationPolicy',
        namespace: 'boutique-dev',
        name: 'cart',
        field: 'spec.rules[0].from[0].source.principals',
      }),
    ]);
  });
});
