import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { parseAllDocuments } from 'yaml';
import { createWorkloadResolveAction } from './workloadResolve';

// The example catalog's components, as catalog:fetch outputs them.
const components = new Map(
  parseAllDocuments(
    readFileSync(
      resolve(__dirname, '../../../../examples/catalog/online-boutique.yaml'),
      'utf8',
    ),
  )
    .map(document => document.toJS())
    .filter(entity => entity.kind === 'Component')
    .map(entity => [entity.metadata.name as string, entity]),
);

/** cartservice with other annotations. */
const cartserviceWith = (annotations: Record<string, string>) => ({
  ...components.get('cartservice'),
  metadata: { name: 'cartservice', namespace: 'default', annotations },
});

describe('istio:workload:resolve', () => {
  const action = createWorkloadResolveAction();

  async function run(input: Record<string, unknown>, isDryRun = false) {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({ input: input as any, logger });
    await action.handler({ ...ctx, isDryRun });
    return {
      outputs: Object.fromEntries((ctx.output as jest.Mock).mock.calls),
      logger,
    };
  }

  it('resolves checkoutservice from its backstage.io/kubernetes-id, also in a dry run', async () => {
    const expected = {
      namespace: 'boutique-dev',
      workload: 'checkoutservice',
      host: 'checkoutservice',
      labelSelector: 'backstage.io/kubernetes-id=checkoutservice',
      entityRef: 'component:default/checkoutservice',
    };
    const input = { entity: components.get('checkoutservice') };
    const { outputs, logger } = await run(input);
    expect(outputs).toStrictEqual(expected);
    expect(logger.info).toHaveBeenCalledWith(
      'component:default/checkoutservice: workload checkoutservice in namespace boutique-dev, host checkoutservice',
    );
    expect((await run(input, true)).outputs).toStrictEqual(expected);
  });

  it("resolves cartservice from its label selector's app label", async () => {
    const { outputs } = await run({ entity: components.get('cartservice') });
    expect(outputs).toStrictEqual({
      namespace: 'boutique-dev',
      workload: 'cartservice',
      host: 'cartservice',
      labelSelector: 'app=cartservice',
      entityRef: 'component:default/cartservice',
    });
  });

  it("takes the form's values over the entity's, empty fields counting as unset", async () => {
    const { outputs } = await run({
      entity: components.get('frontend'),
      namespace: 'boutique-prod',
      workload: '',
      host: 'frontend-external',
    });
    expect(outputs).toStrictEqual({
      namespace: 'boutique-prod',
      workload: 'frontend',
      host: 'frontend-external',
      labelSelector: 'backstage.io/kubernetes-id=frontend',
      entityRef: 'component:default/frontend',
    });
  });

  it("falls back to the entity's name, with no selector to report", async () => {
    const { outputs } = await run({
      entity: cartserviceWith({
        'backstage.io/kubernetes-namespace': 'boutique-dev',
      }),
    });
    expect(outputs).toStrictEqual({
      namespace: 'boutique-dev',
      workload: 'cartservice',
      host: 'cartservice',
      labelSelector: '',
      entityRef: 'component:default/cartservice',
    });
  });

  it.each([
    [
      'an entity without a namespace annotation',
      { entity: cartserviceWith({ 'backstage.io/kubernetes-id': 'cart' }) },
      'entity component:default/cartservice has no backstage.io/kubernetes-namespace annotation; fill in namespace',
    ],
    [
      'a label selector without a single app value',
      {
        entity: cartserviceWith({
          'backstage.io/kubernetes-label-selector': 'app in (cart,carts)',
          'backstage.io/kubernetes-namespace': 'boutique-dev',
        }),
      },
      'entity component:default/cartservice has no single app label in its backstage.io/kubernetes-label-selector annotation ("app in (cart,carts)"); fill in workload',
    ],
    [
      'a workload that is not a DNS-1123 label',
      { entity: components.get('cartservice'), workload: 'Cart_Service' },
      'Invalid input "workload": "Cart_Service" is not a DNS-1123 label',
    ],
    [
      'a host that is not a DNS-1123 label',
      { entity: components.get('cartservice'), host: 'cart.boutique-dev' },
      'Invalid input "host": "cart.boutique-dev" is not a DNS-1123 label',
    ],
  ])('refuses %s', async (_, input, message) => {
    const error = await run(input).catch(e => e);
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toContain(message);
  });
});
