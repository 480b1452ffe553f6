import { SourceState } from '@istio-mesh/plugin-istio-mesh-common';
import { sourcesForCaller } from './sourceVisibility';

const sources: SourceState[] = [
  { id: 'kubernetes:homelab', type: 'kubernetes', status: 'ok', ageSeconds: 3 },
  {
    id: 'argocd:homelab',
    type: 'argocd',
    status: 'ok',
    message: '2 Applications in cluster homelab',
    ageSeconds: 3,
  },
  {
    id: 'kubernetes:edge',
    type: 'kubernetes',
    status: 'partial',
    message:
      'https://10.0.0.12:6443: cannot list security.istio.io/v1 authorizationpolicies (403)',
    ageSeconds: 3,
  },
  {
    id: 'snapshot:lab',
    type: 'cluster-snapshot',
    status: 'error',
    message: 'cannot read snapshot file /srv/snapshots/lab.yaml (ENOENT)',
  },
  {
    id: 'kubernetes:dmz',
    type: 'kubernetes',
    status: 'timeout',
    message: 'https://dmz.internal:6443 did not answer within 15000 ms',
  },
  {
    id: 'kubernetes:prod',
    type: 'kubernetes',
    status: 'unauthorized',
    message: 'https://prod.internal:6443 refused the token (401)',
  },
  {
    id: 'argocd:lab',
    type: 'argocd',
    status: 'not-configured',
    message: 'the Application CRD is not installed in cluster lab',
  },
  {
    id: 'gitops:platform',
    type: 'gitops',
    status: 'stale',
    message:
      'last refreshed 700s ago; https://git.example.com/acme/gitops/tree/main',
    ageSeconds: 700,
  },
];

describe('sourcesForCaller', () => {
  it('gives callers allowed istio-mesh.refresh the full messages', () => {
    expect(sourcesForCaller(sources, true)).toBe(sources);
  });

  it('gives others the id, status, age and a plain reason per status', () => {
    expect(sourcesForCaller(sources, false)).toStrictEqual([
      {
        id: 'kubernetes:homelab',
        type: 'kubernetes',
        status: 'ok',
        ageSeconds: 3,
      },
      { id: 'argocd:homelab', type: 'argocd', status: 'ok', ageSeconds: 3 },
      {
        id: 'kubernetes:edge',
        type: 'kubernetes',
        status: 'partial',
        message: 'some of its data could not be read',
        ageSeconds: 3,
      },
      {
        id: 'snapshot:lab',
        type: 'cluster-snapshot',
        status: 'error',
        message: 'could not be read',
      },
      {
        id: 'kubernetes:dmz',
        type: 'kubernetes',
        status: 'timeout',
        message: 'did not answer in time',
      },
      {
        id: 'kubernetes:prod',
        type: 'kubernetes',
        status: 'unauthorized',
        message: "refused the backend's credentials",
      },
      {
        id: 'argocd:lab',
        type: 'argocd',
        status: 'not-configured',
        message: 'not configured or not installed',
      },
      {
        id: 'gitops:platform',
        type: 'gitops',
        status: 'stale',
        message: 'last refreshed 700s ago',
        ageSeconds: 700,
      },
    ]);
  });
});
