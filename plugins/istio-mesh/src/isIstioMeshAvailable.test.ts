import { Entity } from '@backstage/catalog-model';
import { isIstioMeshAvailable } from './isIstioMeshAvailable';

function component(annotations?: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'frontend', annotations },
  };
}

describe('isIstioMeshAvailable', () => {
  it('is true with backstage.io/kubernetes-id', () => {
    expect(
      isIstioMeshAvailable(
        component({ 'backstage.io/kubernetes-id': 'frontend' }),
      ),
    ).toBe(true);
  });

  it('is true with backstage.io/kubernetes-label-selector', () => {
    expect(
      isIstioMeshAvailable(
        component({ 'backstage.io/kubernetes-label-selector': 'app=frontend' }),
      ),
    ).toBe(true);
  });

  it('is false with only a namespace, or without annotations', () => {
    expect(
      isIstioMeshAvailable(
        component({ 'backstage.io/kubernetes-namespace': 'boutique-dev' }),
      ),
    ).toBe(false);
    expect(isIstioMeshAvailable(component())).toBe(false);
  });
});
