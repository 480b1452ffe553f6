import {
  Criterion,
  EntityMeshState,
} from '@istio-mesh/plugin-istio-mesh-common';
import frontendMeshState from '../../__fixtures__/frontendMeshState.json';
import { fixTemplateLink } from './fixTemplateLink';

const state = frontendMeshState as EntityMeshState;
const mtlsStrict = state.criteria.find(c => c.id === 'mtls-strict')!;

function formDataOf(link: string | undefined) {
  const query = new URL(link!, 'http://backstage').searchParams;
  return JSON.parse(query.get('formData')!);
}

describe('fixTemplateLink', () => {
  it('pre-fills the template with the entity and its first workload', () => {
    const link = fixTemplateLink(mtlsStrict, state);

    expect(link).toMatch(/^\/create\/templates\/default\/istio-strict-mtls\?/);
    expect(formDataOf(link)).toStrictEqual({
      entityRef: 'component:default/frontend',
      namespace: 'boutique-dev',
      workload: 'frontend',
      host: 'frontend',
    });
  });

  it("takes the host from the workload's first Service", () => {
    const [workload] = state.workloads;
    const link = fixTemplateLink(mtlsStrict, {
      ...state,
      workloads: [{ ...workload, services: ['storefront'] }],
    });

    expect(formDataOf(link).host).toBe('storefront');
  });

  it('falls back to the mapped namespace when no workload matched', () => {
    const link = fixTemplateLink(mtlsStrict, { ...state, workloads: [] });

    expect(formDataOf(link)).toStrictEqual({
      entityRef: 'component:default/frontend',
      namespace: 'boutique-dev',
    });
  });

  it('has no link for a passing criterion or one without a template', () => {
    const passing: Criterion = { ...mtlsStrict, status: 'pass' };
    const { fixTemplate: _, ...withoutTemplate } = mtlsStrict;

    expect(fixTemplateLink(passing, state)).toBeUndefined();
    expect(fixTemplateLink(withoutTemplate, state)).toBeUndefined();
  });
});
