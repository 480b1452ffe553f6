import { parse } from 'yaml';
import { examples } from './overlayResolve.examples';

describe('istio:overlay:resolve examples', () => {
  it('list the policy in the overlay it resolves', () => {
    const { steps } = parse(examples[0].example);
    expect(steps.map((step: { action: string }) => step.action)).toEqual([
      'istio:overlay:resolve',
      'istio:authorizationpolicy:create',
      'istio:kustomization:add',
    ]);
    expect(steps[2].input).toEqual({
      path: '${{ steps.overlay.output.path }}',
      files: ['${{ steps.policy.output.path }}'],
    });
  });
});
