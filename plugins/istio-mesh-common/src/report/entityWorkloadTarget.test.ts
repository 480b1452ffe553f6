import { readFileSync } from 'fs';
import { resolve } from 'path';
import { InputError } from '@backstage/errors';
import { parseAllDocuments } from 'yaml';
import {
  entityWorkloadTarget,
  EntityWorkloadSource,
} from './entityWorkloadTarget';

interface CatalogEntity {
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
}

// The example catalog's components: frontend and checkoutservice carry
// backstage.io/kubernetes-id, the others backstage.io/kubernetes-label-selector.
const components = new Map(
  parseAllDocuments(
    readFileSync(
      resolve(__dirname, '../../../../examples/catalog/online-boutique.yaml'),
      'utf8',
    ),
  )
    .map(document => document.toJS() as CatalogEntity)
    .filter(entity => entity.kind === 'Component')
    .map(entity => [entity.metadata.name, entity]),
);

function component(
  name: string,
  annotations?: Record<string, string>,
): EntityWorkloadSource {
  const entity = components.get(name);
  return {
    entityRef: `component:default/${name}`,
    name,
    annotations: annotations ?? entity?.metadata.annotations,
  };
}

describe('entityWorkloadTarget', () => {
  it('takes the workload of an entity from backstage.io/kubernetes-id', () => {
    expect(entityWorkloadTarget(component('checkoutservice'))).toStrictEqual({
      namespace: 'boutique-dev',
      workload: 'checkoutservice',
      host: 'checkoutservice',
      labelSelector: 'backstage.io/kubernetes-id=checkoutservice',
    });
  });

  it("takes the workload from the label selector's app label", () => {
    expect(entityWorkloadTarget(component('cartservice'))).toStrictEqual({
      namespace: 'boutique-dev',
      workload: 'cartservice',
      host: 'cartservice',
      labelSelector: 'app=cartservice',
    });
  });

  it.each([
    ['app in (cartservice)', 'app in (cartservice)'],
    ['tier=backend, app == cartservice', 'tier=backend, app == cartservice'],
  ])('reads the app label of the selector %s', (selector, labelSelector) => {
    const target = entityWorkloadTarget(
      component('cartservice', {
        'backstage.io/kubernetes-label-selector': selector,
        'backstage.io/kubernetes-namespace': 'boutique-dev',
      }),
    );
    expect(target.workload).toBe('cartservice');
    expect(target.labelSelector).toBe(labelSelector);
  });

  it('prefers backstage.io/kubernetes-id for the workload, the label selector for the mapping', () => {
    expect(
      entityWorkloadTarget(
        component('cart', {
          'backstage.io/kubernetes-id': 'cartservice',
          'backstage.io/kubernetes-label-selector': 'app=cart',
          'backstage.io/kubernetes-namespace': 'boutique-dev',
        }),
      ),
    ).toStrictEqual({
      namespace: 'boutique-dev',
      workload: 'cartservice',
      host: 'cartservice',
      labelSelector: 'app=cart',
    });
  });

  it("falls back to the entity's name without a selector annotation", () => {
    expect(
      entityWorkloadTarget(
        component('emailservice', {
          'backstage.io/kubernetes-namespace': 'boutique-dev',
        }),
      ),
    ).toStrictEqual({
      namespace: 'boutique-dev',
      workload: 'emailservice',
      host: 'emailservice',
    });
  });

  it("lets the user's values win, empty ones counting as not given", () => {
    expect(
      entityWorkloadTarget(component('cartservice'), {
        namespace: 'boutique-prod',
        workload: 'cartservice-v2',
        host: '',
      }),
    ).toStrictEqual({
      namespace: 'boutique-prod',
      workload: 'cartservice-v2',
      host: 'cartservice-v2',
      labelSelector: 'app=cartservice',
    });
    expect(
      entityWorkloadTarget(component('cartservice'), {
        namespace: '',
        workload: '',
        host: 'carts',
      }),
    ).toStrictEqual({
      namespace: 'boutique-dev',
      workload: 'cartservice',
      host: 'carts',
      labelSelector: 'app=cartservice',
    });
  });

  it('needs no app label in the selector when the user names the workload', () => {
    const tierOnly = component('cartservice', {
      'backstage.io/kubernetes-label-selector': 'tier=backend',
      'backstage.io/kubernetes-namespace': 'boutique-dev',
    });
    expect(
      entityWorkloadTarget(tierOnly, { workload: 'cartservice' }),
    ).toStrictEqual({
      namespace: 'boutique-dev',
      workload: 'cartservice',
      host: 'cartservice',
      labelSelector: 'tier=backend',
    });
  });

  it.each([
    [
      'a selector without an app label',
      { 'backstage.io/kubernetes-label-selector': 'tier=backend' },
      'entity component:default/cartservice has no single app label in its backstage.io/kubernetes-label-selector annotation ("tier=backend"); fill in workload',
    ],
    [
      'a selector with two app values',
      {
        'backstage.io/kubernetes-label-selector':
          'app in (cartservice,cartservice-v2)',
      },
      'entity component:default/cartservice has no single app label in its backstage.io/kubernetes-label-selector annotation ("app in (cartservice,cartservice-v2)"); fill in workload',
    ],
    [
      'a selector that excludes an app',
      { 'backstage.io/kubernetes-label-selector': 'app!=cartservice' },
      // Refused before any app is looked for: a selector of exclusions only
      // would match every workload of the cluster.
      'entity component:default/cartservice has an invalid backstage.io/kubernetes-label-selector annotation: The label selector "app!=cartservice" only excludes labels, so it would match every workload of the cluster, istiod included; add a requirement the entity\'s pods carry, such as app=<name>.',
    ],
    [
      'a malformed selector',
      { 'backstage.io/kubernetes-label-selector': 'app=(cart' },
      'entity component:default/cartservice has an invalid backstage.io/kubernetes-label-selector annotation: invalid label selector requirement "app=(cart"',
    ],
  ])('refuses %s', (_, annotations, message) => {
    expect(() =>
      entityWorkloadTarget(
        component('cartservice', {
          ...annotations,
          'backstage.io/kubernetes-namespace': 'boutique-dev',
        }),
      ),
    ).toThrow(message);
  });

  it('asks for the namespace when the entity has no namespace annotation', () => {
    const withoutNamespace = component('cartservice', {
      'backstage.io/kubernetes-label-selector': 'app=cartservice',
    });
    expect(() => entityWorkloadTarget(withoutNamespace)).toThrow(InputError);
    expect(() => entityWorkloadTarget(withoutNamespace)).toThrow(
      'entity component:default/cartservice has no backstage.io/kubernetes-namespace annotation; fill in namespace',
    );
  });

  it.each([
    [
      'namespace',
      { namespace: 'Boutique_Dev' },
      'Invalid input "namespace": "Boutique_Dev" is not a DNS-1123 label',
    ],
    [
      'host',
      { host: 'cartservice.boutique-dev' },
      'Invalid input "host": "cartservice.boutique-dev" is not a DNS-1123 label',
    ],
    [
      'workload',
      { workload: 'a'.repeat(64) },
      `Invalid input "workload": "${'a'.repeat(
        64,
      )}" is longer than 63 characters`,
    ],
  ])(
    'names the field %s when a value is not a DNS-1123 label',
    (_, overrides, message) => {
      expect(() =>
        entityWorkloadTarget(component('cartservice'), overrides),
      ).toThrow(message);
    },
  );

  it('says where a bad value of the entity came from', () => {
    expect(() =>
      entityWorkloadTarget(
        component('Cart_Service', {
          'backstage.io/kubernetes-namespace': 'boutique-dev',
        }),
      ),
    ).toThrow(
      `Invalid input "workload": "Cart_Service" is not a DNS-1123 label: use lower case letters, digits and '-', starting and ending with a letter or digit (e.g. 'my-name') (taken from the name of entity component:default/Cart_Service; fill in workload)`,
    );
    expect(() =>
      entityWorkloadTarget(
        component('cartservice', {
          'backstage.io/kubernetes-id': 'cartservice',
          'backstage.io/kubernetes-namespace': 'Boutique',
        }),
      ),
    ).toThrow(
      '(taken from the backstage.io/kubernetes-namespace annotation of entity component:default/cartservice; fill in namespace)',
    );
  });
});
