import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseManifests } from '../resources/parseManifests';
import { KubernetesObject } from '../resources/objects';
import { summarizeControlPlane } from './controlPlaneSummary';

const homelab = parseManifests(
  readFileSync(
    resolve(__dirname, '../../../../examples/cluster/homelab.yaml'),
    'utf8',
  ),
  'homelab.yaml',
).objects.map(o => o.object);

describe('summarizeControlPlane', () => {
  it('summarises the control plane of the homelab snapshot', () => {
    expect(summarizeControlPlane(homelab)).toStrictEqual({
      rootNamespace: 'istio-system',
      revisions: [
        {
          revision: 'default-v1-26-4',
          version: '1.26.4',
          image: 'docker.io/istio/pilot:1.26.4',
          namespace: 'istio-system',
          name: 'istiod-default-v1-26-4',
          replicas: { ready: 1, desired: 1 },
          tags: [],
          namespaces: ['boutique-dev'],
        },
      ],
      tags: [],
      sail: [
        {
          name: 'default',
          version: 'v1.26.4',
          namespace: 'istio-system',
          updateStrategy: 'RevisionBased',
          state: 'Healthy',
          activeRevisionName: 'default-v1-26-4',
          revisions: { total: 1, ready: 1, inUse: 1 },
          conditions: [
            { type: 'Reconciled', status: 'True' },
            { type: 'Ready', status: 'True' },
          ],
          healthy: true,
        },
      ],
      telemetry: [
        {
          namespace: 'istio-system',
          name: 'mesh-default',
          scope: 'mesh',
          tracing: [
            {
              providers: ['jaeger'],
              randomSamplingPercentage: 100,
              mode: 'CLIENT_AND_SERVER',
            },
          ],
          metrics: [],
          accessLogging: [],
        },
      ],
      problems: [],
    });
  });

  it('is empty for a cluster without Istio', () => {
    const plain: KubernetesObject[] = [
      {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name: 'shop', labels: { 'istio-injection': 'enabled' } },
      },
    ];
    expect(
      summarizeControlPlane(plain, { rootNamespace: 'mesh-root' }),
    ).toStrictEqual({
      rootNamespace: 'mesh-root',
      revisions: [],
      tags: [],
      sail: [],
      telemetry: [],
      problems: [],
    });
  });

  it('collects the problems of every kind and keeps the well-formed objects', () => {
    const objects = parseManifests(
      `apiVersion: sailoperator.io/v1
kind: Istio
metadata:
  name: default
spec:
  updateStrategy:
    type: 7
---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: mesh-default
  namespace: istio-system
spec:
  tracing:
    - providers:
        - name: jaeger
---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: access-logs
  namespace: istio-system
spec:
  accessLogging:
    - providers: jaeger
`,
      'cluster.yaml',
    ).objects.map(o => o.object);

    const summary = summarizeControlPlane(objects);

    expect(summary.sail).toStrictEqual([]);
    expect(summary.telemetry.map(t => t.name)).toStrictEqual(['mesh-default']);
    expect(summary.problems).toStrictEqual([
      {
        kind: 'Istio',
        name: 'default',
        field: 'spec.updateStrategy.type',
        message:
          'spec.updateStrategy.type: Invalid input: expected string, received number',
      },
      {
        kind: 'Telemetry',
        namespace: 'istio-system',
        name: 'access-logs',
        field: 'spec.accessLogging[0].providers',
        message:
          'spec.accessLogging[0].providers: Invalid input: expected array, received string',
      },
    ]);
  });
});
