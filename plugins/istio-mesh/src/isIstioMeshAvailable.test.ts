import { Entity } from '@backstage/catalog-model';
import { MESH_ENTITY_KINDS } from '@istio-mesh/plugin-istio-mesh-common';
import { isIstioMeshAvailable } from './isIstioMeshAvailable';

function entity(kind: string, annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'frontend', annotations },
  };
}

describe('isIstioMeshAvailable', () => {
  it('is true for every kind the backend evaluates, annotated or not', () => {
    expect(MESH_ENTITY_KINDS).toStrictEqual(['Component', 'Resource']);
    expect(
      isIstioMeshAvailable(
        entity('Component', { 'backstage.io/kubernetes-id': 'frontend' }),
      ),
    ).toBe(true);
    expect(
      isIstioMeshAvailable(
        entity('Resource', {
          'backstage.io/kubernetes-label-selector': 'app=redis-cart',
        }),
      ),
    ).toBe(true);
    // Without annotations the tab explains how to add them.
    expect(isIstioMeshAvailable(entity('Component'))).toBe(true);
    expect(isIstioMeshAvailable(entity('component'))).toBe(true);
  });

  it('is false for kinds the backend does not evaluate', () => {
    for (const kind of ['API', 'System', 'Group', 'User', 'Template']) {
      expect(
        isIstioMeshAvailable(
          entity(kind, { 'backstage.io/kubernetes-id': 'frontend' }),
        ),
      ).toBe(false);
    }
  });
});
