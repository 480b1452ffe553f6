import { apiGroupOf } from '../resources/objects';
import {
  describeResourceRef,
  resourceRefKey,
  resourceRefOf,
} from './resourceRefs';

describe('resource references', () => {
  it('identify an object by API group, not version, as Argo CD does', () => {
    const v1beta1 = resourceRefOf(
      {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'VirtualService',
        metadata: { name: 'cartservice', namespace: 'boutique-dev' },
      },
      'homelab',
    );
    const v1 = resourceRefOf(
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name: 'cartservice', namespace: 'boutique-dev' },
      },
      'homelab',
    );
    expect(v1beta1).toStrictEqual({
      cluster: 'homelab',
      group: 'networking.istio.io',
      kind: 'VirtualService',
      namespace: 'boutique-dev',
      name: 'cartservice',
    });
    expect(resourceRefKey(v1beta1)).toBe(resourceRefKey(v1));
    expect(resourceRefKey({ ...v1, cluster: 'edge' })).not.toBe(
      resourceRefKey(v1),
    );
  });

  it('give the core group as empty', () => {
    expect(apiGroupOf('v1')).toBe('');
    expect(apiGroupOf('apps/v1')).toBe('apps');
  });

  it('describe namespaced and cluster-scoped resources', () => {
    expect(
      describeResourceRef({
        cluster: 'homelab',
        group: 'apps',
        kind: 'Deployment',
        namespace: 'boutique-dev',
        name: 'cartservice',
      }),
    ).toBe('Deployment boutique-dev/cartservice');
    expect(
      describeResourceRef({
        cluster: 'homelab',
        group: 'sailoperator.io',
        kind: 'Istio',
        namespace: '',
        name: 'default',
      }),
    ).toBe('Istio default');
  });
});
