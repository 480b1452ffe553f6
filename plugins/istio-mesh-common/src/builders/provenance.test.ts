import {
  MANAGED_BY_LABEL,
  provenanceLabels,
  TEMPLATE_LABEL,
  templateNameFromEntityRef,
} from './provenance';

describe('provenanceLabels', () => {
  it('marks every object as managed by the plugin', () => {
    expect(provenanceLabels()).toStrictEqual({
      'app.kubernetes.io/managed-by': 'backstage-istio-mesh',
    });
  });

  it('names the template when it is known', () => {
    expect(provenanceLabels('istio-canary-rollout')).toStrictEqual({
      [MANAGED_BY_LABEL]: 'backstage-istio-mesh',
      [TEMPLATE_LABEL]: 'istio-canary-rollout',
    });
  });

  it('refuses a template name that is not a label value, naming the template input', () => {
    expect(() =>
      provenanceLabels('template:default/istio-canary', {
        kind: 'VirtualService',
        name: 'reviews',
      }),
    ).toThrow(
      'Invalid input "template" for VirtualService reviews: label value "template:default/istio-canary" is not valid',
    );
  });
});

describe('templateNameFromEntityRef', () => {
  it('takes the name of a template entity reference', () => {
    expect(
      templateNameFromEntityRef('template:default/istio-canary-rollout'),
    ).toBe('istio-canary-rollout');
    expect(templateNameFromEntityRef('template:istio-strict-mtls')).toBe(
      'istio-strict-mtls',
    );
    expect(templateNameFromEntityRef('istio-jwt-auth')).toBe('istio-jwt-auth');
    expect(templateNameFromEntityRef(undefined)).toBeUndefined();
    expect(templateNameFromEntityRef('')).toBeUndefined();
  });
});
