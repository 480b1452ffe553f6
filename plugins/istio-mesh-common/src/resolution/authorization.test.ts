import { parseManifests } from '../resources/parseManifests';
import { AuthorizationPolicy } from '../resources/objects';
import { PolicyTarget } from './policyTargeting';
import {
  applicableAuthorizationPolicies,
  AuthorizationRequest,
  decideAuthorization,
} from './authorization';

function policies(yaml: string): AuthorizationPolicy[] {
  const { objects, problems } = parseManifests(yaml, 'policies.yaml');
  expect(problems).toStrictEqual([]);
  return objects.map(o => o.object as AuthorizationPolicy);
}

const checkout = {
  namespace: 'boutique-dev',
  labels: { app: 'checkoutservice', version: 'v1' },
};
const fromFrontend: AuthorizationRequest = {
  sourcePrincipal: 'cluster.local/ns/boutique-dev/sa/frontend',
  method: 'POST',
  path: '/hipstershop.CheckoutService/PlaceOrder',
  port: 5050,
};
const fromCart: AuthorizationRequest = {
  ...fromFrontend,
  sourcePrincipal: 'cluster.local/ns/boutique-dev/sa/cartservice',
};

const onlyFrontend = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: checkoutservice-allow, namespace: boutique-dev}
spec:
  selector:
    matchLabels: {app: checkoutservice}
  action: ALLOW
  rules:
    - from:
        - source:
            principals: [cluster.local/ns/boutique-dev/sa/frontend]
      to:
        - operation:
            methods: [POST]
            ports: ["5050"]
`;

function decide(
  yaml: string,
  request: AuthorizationRequest,
  target: PolicyTarget = checkout,
) {
  return decideAuthorization(
    applicableAuthorizationPolicies(target, policies(yaml), 'istio-system'),
    request,
  );
}

describe('applicableAuthorizationPolicies', () => {
  const all = policies(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ns-wide, namespace: boutique-dev}
spec: {}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: cart-only, namespace: boutique-dev}
spec:
  selector: {matchLabels: {app: cartservice}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: mesh-wide, namespace: istio-system}
spec: {action: DENY, rules: [{from: [{source: {notNamespaces: ["*"]}}]}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: mesh-v1, namespace: istio-system}
spec:
  selector: {matchLabels: {version: v1}}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: other-ns, namespace: payments}
spec: {}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: waypoint, namespace: boutique-dev}
spec:
  targetRefs: [{kind: Service, group: "", name: checkoutservice}]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ingress, namespace: boutique-dev}
spec:
  targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: boutique-gw}]
`);

  it('takes namespace and root-namespace policies by selector, ignoring targetRefs on sidecars', () => {
    expect(
      applicableAuthorizationPolicies(checkout, all, 'istio-system').map(
        p => p.metadata.name,
      ),
    ).toStrictEqual(['ns-wide', 'mesh-v1', 'mesh-wide']);
  });

  it('applies targetRefs naming a Gateway API gateway to its pods', () => {
    const gatewayPod = {
      namespace: 'boutique-dev',
      labels: { 'gateway.networking.k8s.io/gateway-name': 'boutique-gw' },
    };
    expect(
      applicableAuthorizationPolicies(gatewayPod, all, 'istio-system').map(
        p => p.metadata.name,
      ),
    ).toStrictEqual(['ingress', 'ns-wide', 'mesh-wide']);
  });
});

describe('decideAuthorization', () => {
  it('allows when no policy applies', () => {
    expect(decide('', fromCart)).toStrictEqual({
      decision: 'ALLOW',
      policy: null,
      action: null,
      reason: 'no ALLOW policy applies, so Istio allows by default',
      enforcedBy: 'sidecar',
    });
  });

  it('allows the listed principal and denies others by default ("only frontend can call checkout")', () => {
    expect(decide(onlyFrontend, fromFrontend)).toStrictEqual({
      decision: 'ALLOW',
      policy: 'boutique-dev/checkoutservice-allow',
      action: 'ALLOW',
      reason: 'allowed by ALLOW policy boutique-dev/checkoutservice-allow',
      enforcedBy: 'sidecar',
    });
    expect(decide(onlyFrontend, fromCart)).toStrictEqual({
      decision: 'DENY',
      policy: null,
      action: null,
      reason:
        'denied by default: ALLOW policies apply (boutique-dev/checkoutservice-allow) but none matches',
      enforcedBy: 'sidecar',
    });
  });

  it('ANDs fields within an operation', () => {
    expect(
      decide(onlyFrontend, { ...fromFrontend, method: 'GET' }).decision,
    ).toBe('DENY');
    expect(decide(onlyFrontend, { ...fromFrontend, port: 8080 }).decision).toBe(
      'DENY',
    );
  });

  it('lets DENY win over ALLOW', () => {
    const yaml = `${onlyFrontend}---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: no-admin, namespace: boutique-dev}
spec:
  action: DENY
  rules: [{to: [{operation: {paths: ["/admin*"]}}]}]
`;
    expect(
      decide(yaml, { ...fromFrontend, path: '/admin/users' }),
    ).toMatchObject({
      decision: 'DENY',
      policy: 'boutique-dev/no-admin',
      action: 'DENY',
    });
    expect(decide(yaml, fromFrontend).decision).toBe('ALLOW');
  });

  it('treats ALLOW without rules as allow-nothing and rules: [{}] as allow-all', () => {
    const allowNothing = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-nothing, namespace: boutique-dev}
spec: {}
`;
    expect(decide(allowNothing, fromFrontend).decision).toBe('DENY');
    const allowAll = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-all, namespace: boutique-dev}
spec:
  rules: [{}]
`;
    expect(decide(`${allowNothing}---${allowAll}`, fromCart)).toMatchObject({
      decision: 'ALLOW',
      policy: 'boutique-dev/allow-all',
    });
  });

  it('treats DENY with rules: [{}] as deny-all and DENY without rules as no effect', () => {
    const denyAll = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-all, namespace: boutique-dev}
spec: {action: DENY, rules: [{}]}
`;
    expect(decide(denyAll, fromFrontend).decision).toBe('DENY');
    const denyNothing = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-nothing, namespace: boutique-dev}
spec: {action: DENY}
`;
    expect(decide(denyNothing, fromFrontend).decision).toBe('ALLOW');
  });

  it('derives the namespace from the principal; plaintext has none', () => {
    const yaml = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: same-ns, namespace: boutique-dev}
spec:
  rules: [{from: [{source: {namespaces: [boutique-*]}}]}]
`;
    expect(decide(yaml, fromCart).decision).toBe('ALLOW');
    expect(
      decide(yaml, { method: 'GET', sourceIp: '10.244.1.7' }).decision,
    ).toBe('DENY');
    expect(
      decide(yaml, {
        sourcePrincipal: 'cluster.local/ns/default/sa/sleep',
        sourceNamespace: 'boutique-dev',
      }).decision,
    ).toBe('DENY');
  });

  it('matches ipBlocks by CIDR and notIpBlocks by exclusion', () => {
    const yaml = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: office, namespace: boutique-dev}
spec:
  rules: [{from: [{source: {ipBlocks: [10.244.0.0/16], notIpBlocks: [10.244.9.0/24]}}]}]
`;
    expect(decide(yaml, { sourceIp: '10.244.1.7' }).decision).toBe('ALLOW');
    expect(decide(yaml, { sourceIp: '10.244.9.7' }).decision).toBe('DENY');
    expect(decide(yaml, { sourceIp: '192.168.1.1' }).decision).toBe('DENY');
  });

  it('requires a JWT through requestPrincipals and when conditions', () => {
    const yaml = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: require-jwt, namespace: boutique-dev}
spec:
  rules:
    - from: [{source: {requestPrincipals: ["https://auth.example.com/*"]}}]
      when:
        - key: request.headers[x-tenant]
          values: [boutique]
`;
    const withToken = {
      requestPrincipal: 'https://auth.example.com/alice',
      headers: { 'X-Tenant': 'boutique' },
    };
    expect(decide(yaml, withToken).decision).toBe('ALLOW');
    expect(decide(yaml, { ...withToken, headers: {} }).decision).toBe('DENY');
    expect(decide(yaml, { headers: { 'x-tenant': 'boutique' } }).decision).toBe(
      'DENY',
    );
  });

  it('ignores AUDIT and dry-run policies for the decision, and reports CUSTOM', () => {
    const yaml = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: audit-all, namespace: boutique-dev}
spec: {action: AUDIT, rules: [{}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: shadow-deny
  namespace: boutique-dev
  annotations: {istio.io/dry-run: "true"}
spec: {action: DENY, rules: [{}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: ext-authz, namespace: boutique-dev}
spec:
  action: CUSTOM
  provider: {name: opa}
  rules: [{to: [{operation: {paths: ["/api/*"]}}]}]
`;
    expect(decide(yaml, { ...fromCart, path: '/api/cart' })).toStrictEqual({
      decision: 'ALLOW',
      policy: 'boutique-dev/ext-authz',
      action: 'CUSTOM',
      reason:
        'no ALLOW policy applies; CUSTOM policy boutique-dev/ext-authz sends it to provider opa, which decides at run time; audited by boutique-dev/audit-all',
      enforcedBy: 'sidecar',
    });
  });

  it('matches serviceAccounts in the policy namespace by default', () => {
    const yaml = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: by-sa, namespace: boutique-dev}
spec:
  rules: [{from: [{source: {serviceAccounts: [frontend, other/robot]}}]}]
`;
    expect(decide(yaml, fromFrontend).decision).toBe('ALLOW');
    expect(
      decide(yaml, { sourcePrincipal: 'cluster.local/ns/other/sa/robot' })
        .decision,
    ).toBe('ALLOW');
    expect(decide(yaml, fromCart).decision).toBe('DENY');
  });

  it('matches trustDomains against the principal', () => {
    const yaml = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: our-mesh, namespace: boutique-dev}
spec:
  rules: [{from: [{source: {trustDomains: [cluster.local], notPrincipals: ["*/sa/legacy"]}}]}]
`;
    expect(decide(yaml, fromCart).decision).toBe('ALLOW');
    expect(
      decide(yaml, { sourcePrincipal: 'partner.example/ns/x/sa/y' }).decision,
    ).toBe('DENY');
    expect(
      decide(yaml, { sourcePrincipal: 'cluster.local/ns/x/sa/legacy' })
        .decision,
    ).toBe('DENY');
  });

  it('on TCP drops ALLOW rules with HTTP-only fields but only the HTTP-only conditions of DENY rules', () => {
    const redis = { namespace: 'boutique-dev', labels: { app: 'redis-cart' } };
    const allowByMethod = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: redis-allow, namespace: boutique-dev}
spec:
  selector: {matchLabels: {app: redis-cart}}
  rules:
    - from: [{source: {principals: [cluster.local/ns/boutique-dev/sa/cartservice]}}]
      to: [{operation: {methods: [GET], ports: ["6379"]}}]
`;
    const tcp: AuthorizationRequest = {
      sourcePrincipal: 'cluster.local/ns/boutique-dev/sa/cartservice',
      port: 6379,
      protocol: 'tcp',
    };
    // The ALLOW rule needs a method, which TCP has not: allow becomes narrower.
    expect(decide(allowByMethod, tcp, redis).decision).toBe('DENY');
    expect(
      decide(allowByMethod, { ...tcp, protocol: 'http', method: 'GET' }, redis)
        .decision,
    ).toBe('ALLOW');
    const denyByPath = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: redis-deny, namespace: boutique-dev}
spec:
  selector: {matchLabels: {app: redis-cart}}
  action: DENY
  rules:
    - to: [{operation: {paths: ["/admin"], ports: ["6379"]}}]
`;
    // The DENY rule loses its path condition: deny becomes broader.
    expect(decide(denyByPath, tcp, redis)).toMatchObject({
      decision: 'DENY',
      policy: 'boutique-dev/redis-deny',
    });
    expect(decide(denyByPath, { ...tcp, port: 6380 }, redis).decision).toBe(
      'ALLOW',
    );
  });
});
