import { EntityCallers } from '@istio-mesh/plugin-istio-mesh-common';
import checkoutservice from '../../__fixtures__/checkoutserviceMeshState.json';
import productcatalogservice from '../../__fixtures__/productcatalogserviceMeshState.json';
import { callersSentence, decidingPolicies } from './describeCallers';

describe('callersSentence', () => {
  it('names frontend as the only caller of checkoutservice, and denies everyone else', () => {
    expect(callersSentence(checkoutservice.callers as EntityCallers)).toBe(
      'frontend (boutique-dev) may call POST /hipstershop.CheckoutService/PlaceOrder on port 5050; everyone else is denied by default.',
    );
  });

  it('names one caller per service account, with its workloads', () => {
    expect(
      callersSentence(productcatalogservice.callers as EntityCallers),
    ).toBe(
      'checkoutservice, checkoutservice-v2 (boutique-dev) may call POST on port 3550; frontend (boutique-dev) may call POST on port 3550; recommendationservice (boutique-dev) may call POST on port 3550; everyone else is denied by default.',
    );
  });

  it('says who is denied explicitly, and who may call anything', () => {
    const callers: EntityCallers = {
      defaultDecision: 'DENY',
      allowed: [
        {
          namespace: 'shop',
          serviceAccount: 'web',
          workloads: ['storefront', 'admin'],
          policy: 'shop/orders-allow-web',
        },
      ],
      denied: [
        {
          namespace: 'shop',
          serviceAccount: 'batch',
          workloads: ['batch'],
          policy: 'shop/orders-deny-batch',
        },
      ],
      enforcedBy: 'sidecar',
    };
    expect(callersSentence(callers)).toBe(
      'storefront, admin (shop, as web) may call anything; batch (shop) is denied by shop/orders-deny-batch; everyone else is denied by default.',
    );
    expect(decidingPolicies(callers)).toStrictEqual([
      'shop/orders-allow-web',
      'shop/orders-deny-batch',
    ]);
  });

  it('says everyone may call a service no policy restricts, or one an allow-all policy opens', () => {
    expect(
      callersSentence({
        defaultDecision: 'ALLOW',
        allowed: [],
        denied: [],
        enforcedBy: 'sidecar',
      }),
    ).toBe('Everyone may call it: no AuthorizationPolicy restricts callers.');
    expect(
      callersSentence({
        defaultDecision: 'ALLOW',
        defaultPolicy: 'boutique-dev/frontend-allow-all',
        allowed: [],
        denied: [],
        enforcedBy: 'sidecar',
      }),
    ).toBe('Everyone may call it, allowed by boutique-dev/frontend-allow-all.');
  });
});
