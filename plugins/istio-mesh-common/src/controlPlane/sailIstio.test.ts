import { parseManifests } from '../resources/parseManifests';
import { KubernetesObject } from '../resources/objects';
import { sailIstios } from './sailIstio';
import { ControlPlaneProblem } from './types';

function objects(yaml: string): KubernetesObject[] {
  const parsed = parseManifests(yaml, 'cluster.yaml');
  expect(parsed.problems).toStrictEqual([]);
  return parsed.objects.map(o => o.object);
}

const istio = (name: string, status: string) => `apiVersion: sailoperator.io/v1
kind: Istio
metadata:
  name: ${name}
  generation: 3
spec:
  version: v1.26.4
  namespace: istio-system
  profile: default
  updateStrategy:
    type: RevisionBased
    inactiveRevisionDeletionGracePeriodSeconds: 30
  values:
    pilot:
      autoscaleEnabled: false
${status}`;

describe('sailIstios', () => {
  it('summarises a healthy Istio', () => {
    const problems: ControlPlaneProblem[] = [];
    const [healthy] = objects(
      istio(
        'default',
        `status:
  activeRevisionName: default-v1-26-4
  conditions:
    - lastTransitionTime: '2026-01-12T08:14:05Z'
      status: 'True'
      type: Reconciled
    - lastTransitionTime: '2026-01-12T08:14:41Z'
      status: 'True'
      type: Ready
  observedGeneration: 3
  revisions:
    inUse: 1
    ready: 1
    total: 1
  state: Healthy
`,
      ),
    );

    expect(sailIstios([healthy], problems)).toStrictEqual([
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
    ]);
    expect(problems).toStrictEqual([]);
  });

  it('says in plain words why an Istio is not healthy', () => {
    const [upgrading] = objects(
      istio(
        'default',
        `status:
  activeRevisionName: default-v1-27-1
  conditions:
    - status: 'True'
      type: Reconciled
    - status: 'False'
      type: Ready
      reason: IstiodNotReady
      message: 'istiod Deployment is not ready.'
  revisions:
    inUse: 2
    ready: 1
    total: 2
  state: IstiodNotReady
`,
      ),
    );

    expect(sailIstios([upgrading], [])).toStrictEqual([
      {
        name: 'default',
        version: 'v1.26.4',
        namespace: 'istio-system',
        updateStrategy: 'RevisionBased',
        state: 'IstiodNotReady',
        activeRevisionName: 'default-v1-27-1',
        revisions: { total: 2, ready: 1, inUse: 2 },
        conditions: [
          { type: 'Reconciled', status: 'True' },
          {
            type: 'Ready',
            status: 'False',
            reason: 'IstiodNotReady',
            message: 'istiod Deployment is not ready.',
          },
        ],
        healthy: false,
        message:
          'Istio default is not ready (IstiodNotReady): istiod Deployment is not ready.',
      },
    ]);
  });

  it('reports a failed reconcile, an unknown readiness and a missing status', () => {
    const istios = objects(
      [
        istio(
          'broken',
          `status:
  conditions:
    - status: 'False'
      type: Reconciled
      reason: ReconcileError
      message: 'failed to install/update Istio chart "istiod": values are invalid'
    - status: 'Unknown'
      type: Ready
      reason: ReadinessCheckFailed
  state: ReconcileError
`,
        ),
        istio('fresh', ''),
      ].join('---\n'),
    );

    expect(
      sailIstios(istios, []).map(({ name, healthy, message }) => ({
        name,
        healthy,
        message,
      })),
    ).toStrictEqual([
      {
        name: 'broken',
        healthy: false,
        message:
          'Istio broken is not reconciled (ReconcileError): failed to install/update Istio chart "istiod": values are invalid. ' +
          'Istio broken may not be ready, its Ready condition is Unknown (ReadinessCheckFailed).',
      },
      {
        name: 'fresh',
        healthy: false,
        message:
          'The Sail Operator has not reported a status for Istio fresh yet.',
      },
    ]);
  });

  it('leaves out an Istio with malformed status and names the field', () => {
    const problems: ControlPlaneProblem[] = [];
    const [broken] = objects(
      istio(
        'default',
        `status:
  revisions:
    total: one
`,
      ),
    );

    expect(sailIstios([broken], problems)).toStrictEqual([]);
    expect(problems).toStrictEqual([
      {
        kind: 'Istio',
        name: 'default',
        field: 'status.revisions.total',
        message:
          'status.revisions.total: Invalid input: expected number, received string',
      },
    ]);
  });

  it('keeps a long or whitespace-laden status message short, in linear time', () => {
    const message = `istiod is not ready${' .'.repeat(50_000)}x${' .'.repeat(
      50_000,
    )}`;
    const problems: ControlPlaneProblem[] = [];
    const [sail] = sailIstios(
      objects(
        istio(
          'default',
          `status:
  state: IstiodNotReady
  conditions:
  - {type: Reconciled, status: 'True'}
  - {type: Ready, status: 'False', reason: IstiodNotReady, message: ${JSON.stringify(
    message,
  )}}`,
        ),
      ),
      problems,
    );
    expect(sail.message!.length).toBeLessThan(600);
    expect(sail.message).toMatch(
      /^Istio default is not ready \(IstiodNotReady\): istiod is not ready( \.)+…\.$/,
    );
  });

  it('ignores kinds named Istio from other API groups', () => {
    const [other] = objects(`apiVersion: example.com/v1
kind: Istio
metadata:
  name: not-sail
`);
    expect(sailIstios([other], [])).toStrictEqual([]);
  });
});
