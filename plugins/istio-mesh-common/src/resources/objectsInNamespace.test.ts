import { objectsInNamespace } from './objectsInNamespace';

const object = (name: string, namespace?: string) => ({
  metadata: { name, ...(namespace ? { namespace } : {}) },
});

describe('objectsInNamespace', () => {
  it('gives the objects of one namespace in list order, none for objects without one', () => {
    const objects = [
      object('cart', 'boutique-dev'),
      object('istiod', 'istio-system'),
      object('bare'),
      object('frontend', 'boutique-dev'),
    ];
    expect(
      objectsInNamespace(objects, 'boutique-dev').map(o => o.metadata.name),
    ).toStrictEqual(['cart', 'frontend']);
    expect(objectsInNamespace(objects, '')).toStrictEqual([]);
    expect(objectsInNamespace(objects, 'nowhere')).toStrictEqual([]);
  });

  it('sees an object added to a list already looked up', () => {
    const objects = [object('cart', 'boutique-dev')];
    expect(objectsInNamespace(objects, 'boutique-dev')).toHaveLength(1);
    objects.push(object('checkout', 'boutique-dev'));
    expect(
      objectsInNamespace(objects, 'boutique-dev').map(o => o.metadata.name),
    ).toStrictEqual(['cart', 'checkout']);
  });
});
