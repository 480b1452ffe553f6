import { renderManifests } from './renderManifests';
import { validateManifestSchema } from './schemaValidation';
import {
  AuthorizationPolicyInput,
  buildAuthorizationPolicies,
} from './authorizationPolicy';

const onlyFrontendCallsCheckout: AuthorizationPolicyInput = {
  name: 'checkoutservice-allow',
  namespace: 'boutique-dev',
  selector: { app: 'checkoutservice' },
  from: { serviceAccounts: ['frontend'] },
  to: {
    ports: [5050],
    methods: ['POST'],
    paths: ['/hipstershop.CheckoutService/PlaceOrder'],
  },
  template: 'istio-service-rbac',
};

describe('buildAuthorizationPolicies', () => {
  it('writes "only frontend can call checkout" with mTLS principals', () => {
    expect(
      renderManifests(buildAuthorizationPolicies(onlyFrontendCallsCheckout)),
    ).toBe(`apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: checkoutservice-allow
  namespace: boutique-dev
  labels:
    app.kubernetes.io/managed-by: backstage-istio-mesh
    istio-mesh.backstage.io/template: istio-service-rbac
spec:
  selector:
    matchLabels:
      app: checkoutservice
  action: ALLOW
  rules:
    - from:
        - source:
            principals:
              - cluster.local/ns/boutique-dev/sa/frontend
      to:
        - operation:
            ports:
              - '5050'
            methods:
              - POST
            paths:
              - /hipstershop.CheckoutService/PlaceOrder
`);
  });

  it('admits namespaces and service accounts of other namespaces, in separate sources', () => {
    const [policy] = buildAuthorizationPolicies({
      name: 'cartservice-allow',
      selector: { app: 'cartservice' },
      from: {
        serviceAccounts: [
          'boutique-dev/frontend',
          'boutique-dev/checkoutservice',
        ],
        namespaces: ['istio-ingress'],
      },
      trustDomain: 'homelab.local',
    });
    expect(policy.spec.rules).toStrictEqual([
      {
        from: [
          {
            source: {
              principals: [
                'homelab.local/ns/boutique-dev/sa/frontend',
                'homelab.local/ns/boutique-dev/sa/checkoutservice',
              ],
            },
          },
          { source: { namespaces: ['istio-ingress'] } },
        ],
      },
    ]);
    expect(validateManifestSchema(policy)).toStrictEqual([]);
  });

  it("adds the namespace's allow-nothing policy when asked", () => {
    const policies = buildAuthorizationPolicies({
      ...onlyFrontendCallsCheckout,
      allowNothing: true,
    });
    expect(policies.map(p => p.metadata.name)).toStrictEqual([
      'checkoutservice-allow',
      'allow-nothing',
    ]);
    expect(policies[1]).toStrictEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: {
        name: 'allow-nothing',
        namespace: 'boutique-dev',
        labels: {
          'app.kubernetes.io/managed-by': 'backstage-istio-mesh',
          'istio-mesh.backstage.io/template': 'istio-service-rbac',
        },
      },
      spec: {},
    });
    expect(renderManifests(policies)).toContain(
      '---\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: allow-nothing\n',
    );
  });

  it('gives byte-identical output for the same input', () => {
    expect(
      renderManifests(
        buildAuthorizationPolicies({ ...onlyFrontendCallsCheckout }),
      ),
    ).toBe(
      renderManifests(buildAuthorizationPolicies(onlyFrontendCallsCheckout)),
    );
  });

  it.each<[string, Partial<AuthorizationPolicyInput>, string]>([
    [
      'a policy without callers, which would let every caller in',
      { from: {} },
      'Invalid input "from" for AuthorizationPolicy boutique-dev/checkoutservice-allow: name at least one caller in serviceAccounts or namespaces',
    ],
    [
      'a service account without namespace when the policy has none',
      { namespace: undefined },
      `Invalid input "from.serviceAccounts[0]" for AuthorizationPolicy checkoutservice-allow: "frontend" has no namespace and the policy has none either: write '<namespace>/frontend'`,
    ],
    [
      'a malformed service account',
      { from: { serviceAccounts: ['a/b/c'] } },
      'Invalid input "from.serviceAccounts[0]" for AuthorizationPolicy boutique-dev/checkoutservice-allow: "a/b/c" is not a service account',
    ],
    [
      'a service account name that is not a DNS-1123 subdomain',
      { from: { serviceAccounts: ['boutique-dev/Frontend'] } },
      'Invalid input "from.serviceAccounts[0]" for AuthorizationPolicy boutique-dev/checkoutservice-allow: "Frontend" is not a DNS-1123 subdomain',
    ],
    [
      'a namespace that is not a DNS-1123 label',
      { from: { namespaces: ['istio_ingress'] } },
      'Invalid input "from.namespaces[0]" for AuthorizationPolicy boutique-dev/checkoutservice-allow',
    ],
    [
      'a lower-case method',
      { to: { methods: ['post'] } },
      'Invalid input "to.methods[0]" for AuthorizationPolicy boutique-dev/checkoutservice-allow: "post" is not an HTTP method',
    ],
    [
      'a path without leading slash',
      { to: { paths: ['hipstershop.CheckoutService/PlaceOrder'] } },
      'Invalid input "to.paths[0]" for AuthorizationPolicy boutique-dev/checkoutservice-allow',
    ],
    [
      'a port out of range',
      { to: { ports: [65536] } },
      'Invalid input "to.ports[0]" for AuthorizationPolicy boutique-dev/checkoutservice-allow: 65536 is not a port number (1-65535)',
    ],
    [
      'a bad selector label',
      { selector: { 'app/': 'x' } },
      'Invalid input "selector.app/" for AuthorizationPolicy boutique-dev/checkoutservice-allow',
    ],
    [
      'an allow-nothing policy with the same name as the allow policy',
      { allowNothing: true, allowNothingName: 'checkoutservice-allow' },
      'Invalid input "allowNothingName" for AuthorizationPolicy boutique-dev/checkoutservice-allow: "checkoutservice-allow" is also the name of the allow policy',
    ],
    [
      'a bad name',
      { name: 'checkout/allow' },
      'Invalid input "name" for AuthorizationPolicy boutique-dev/checkout/allow',
    ],
  ])('refuses %s, naming the field', (_, patch, message) => {
    expect(() =>
      buildAuthorizationPolicies({ ...onlyFrontendCallsCheckout, ...patch }),
    ).toThrow(message);
  });
});
