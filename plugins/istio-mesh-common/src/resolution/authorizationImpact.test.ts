import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KubernetesObject } from '../resources/objects';
import { parseManifests } from '../resources/parseManifests';
import { authorizationImpact, DeniedCaller } from './authorizationImpact';

// The live homelab cluster: Online Boutique in boutique-dev, every service
// but emailservice behind an ALLOW policy naming its callers' principals,
// frontend open to all, redis-cart outside the mesh.
const HOMELAB = resolve(__dirname, '../../../../examples/cluster/homelab.yaml');

function objects(yaml: string, file: string): KubernetesObject[] {
  const { objects: parsed, problems } = parseManifests(yaml, file);
  expect(problems).toStrictEqual([]);
  return parsed.map(entry => entry.object);
}

const live = objects(readFileSync(HOMELAB, 'utf8'), 'homelab.yaml');

// checkoutservice's account runs its v1 and its rolled-out v2.
const WORKLOADS_OF: Record<string, string[]> = {
  checkoutservice: ['checkoutservice', 'checkoutservice-v2'],
};

const caller = (serviceAccount: string): DeniedCaller => ({
  namespace: 'boutique-dev',
  serviceAccount,
  workloads: WORKLOADS_OF[serviceAccount] ?? [serviceAccount],
});

const IN_MESH_SERVICES = [
  'adservice',
  'cartservice',
  'checkoutservice',
  'currencyservice',
  'frontend',
  'paymentservice',
  'productcatalogservice',
  'recommendationservice',
  'shippingservice',
];

function impact(yaml: string, options = {}) {
  return authorizationImpact(live, objects(yaml, 'added.yaml'), options);
}

describe('authorizationImpact', () => {
  it('lists every caller a first ALLOW policy shuts out', () => {
    expect(
      impact(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: emailservice-allow, namespace: boutique-dev}
spec:
  selector: {matchLabels: {app: emailservice}}
  action: ALLOW
  rules:
    - from:
        - source: {principals: [cluster.local/ns/boutique-dev/sa/checkoutservice]}
      to:
        - operation: {methods: [POST], ports: ["8080"]}
`),
    ).toStrictEqual([
      {
        policy: 'boutique-dev/emailservice-allow',
        targets: ['boutique-dev/emailservice'],
        deniedCallers: IN_MESH_SERVICES.filter(
          s => s !== 'checkoutservice',
        ).map(caller),
      },
    ]);
  });

  it('replaces the live policy of the same name', () => {
    expect(
      impact(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: cartservice-allow, namespace: boutique-dev}
spec:
  selector: {matchLabels: {app: cartservice}}
  action: ALLOW
  rules:
    - from:
        - source: {principals: [cluster.local/ns/boutique-dev/sa/frontend]}
      to:
        - operation: {methods: [POST], ports: ["7070"]}
`),
    ).toStrictEqual([
      {
        policy: 'boutique-dev/cartservice-allow',
        targets: ['boutique-dev/cartservice'],
        deniedCallers: [caller('checkoutservice')],
      },
    ]);
  });

  it('reads HTTP constraints in the caller’s favour', () => {
    // Narrowing cartservice to GET on a path keeps both callers able to make
    // some request; a DENY on one path leaves the others open.
    expect(
      impact(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: cartservice-allow, namespace: boutique-dev}
spec:
  selector: {matchLabels: {app: cartservice}}
  rules:
    - from:
        - source:
            principals:
              - cluster.local/ns/boutique-dev/sa/frontend
              - cluster.local/ns/boutique-dev/sa/checkoutservice
      to:
        - operation: {methods: [GET], paths: [/hipstershop.CartService/GetCart]}
      when:
        - key: request.headers[x-user]
          values: ["*"]
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: frontend-deny-admin, namespace: boutique-dev}
spec:
  selector: {matchLabels: {app: frontend}}
  action: DENY
  rules:
    - to:
        - operation: {paths: [/admin*]}
`),
    ).toStrictEqual([
      {
        policy: 'boutique-dev/cartservice-allow',
        targets: ['boutique-dev/cartservice'],
        deniedCallers: [],
      },
      {
        policy: 'boutique-dev/frontend-deny-admin',
        targets: ['boutique-dev/frontend'],
        deniedCallers: [],
      },
    ]);
  });

  it('lists a caller only when it is denied on every port', () => {
    const denyFrontendPorts = (ports: string) => `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: frontend-deny-recommendations, namespace: boutique-dev}
spec:
  selector: {matchLabels: {app: frontend}}
  action: DENY
  rules:
    - from:
        - source: {principals: [cluster.local/ns/boutique-dev/sa/recommendationservice]}
      to:
        - operation: {ports: ${ports}}
`;
    // frontend listens on 8080 and 9090 (metrics).
    expect(
      impact(denyFrontendPorts('["8080"]'))[0].deniedCallers,
    ).toStrictEqual([]);
    expect(
      impact(denyFrontendPorts('["8080", "9090"]'))[0].deniedCallers,
    ).toStrictEqual([caller('recommendationservice')]);
  });

  it('applies a namespace-wide allow-nothing policy to every workload', () => {
    // Only emailservice had no ALLOW policy, so only its callers lose access.
    expect(
      impact(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-nothing, namespace: boutique-dev}
spec: {}
`),
    ).toStrictEqual([
      {
        policy: 'boutique-dev/allow-nothing',
        targets: [
          'adservice',
          'cartservice',
          'checkoutservice',
          'checkoutservice-v2',
          'currencyservice',
          'emailservice',
          'frontend',
          'paymentservice',
          'productcatalogservice',
          'recommendationservice',
          'redis-cart',
          'shippingservice',
        ].map(name => `boutique-dev/${name}`),
        deniedCallers: IN_MESH_SERVICES.map(caller),
      },
    ]);
  });

  it('denies nobody through a workload without a proxy', () => {
    expect(
      impact(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: redis-cart-deny-all, namespace: boutique-dev}
spec:
  selector: {matchLabels: {app: redis-cart}}
  action: DENY
  rules: [{}]
`),
    ).toStrictEqual([
      {
        policy: 'boutique-dev/redis-cart-deny-all',
        targets: ['boutique-dev/redis-cart'],
        deniedCallers: [],
      },
    ]);
  });

  it('ignores dry-run policies and objects that are not policies', () => {
    expect(
      impact(`
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: emailservice-deny-all
  namespace: boutique-dev
  annotations: {istio.io/dry-run: "true"}
spec:
  selector: {matchLabels: {app: emailservice}}
  action: DENY
  rules: [{}]
---
apiVersion: v1
kind: Service
metadata: {name: emailservice-v2, namespace: boutique-dev}
spec:
  selector: {app: emailservice}
  ports: [{port: 5000, targetPort: 8080}]
`),
    ).toStrictEqual([
      {
        policy: 'boutique-dev/emailservice-deny-all',
        targets: ['boutique-dev/emailservice'],
        deniedCallers: [],
      },
    ]);
    expect(authorizationImpact(live, [])).toStrictEqual([]);
  });

  it('uses the configured root namespace and trust domain', () => {
    const meshWideDeny = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-shipping, namespace: istio-config}
spec:
  action: DENY
  rules:
    - from:
        - source: {principals: [td.example/ns/boutique-dev/sa/shippingservice]}
`;
    // In istio-config the policy applies to nothing, unless that is the root.
    expect(impact(meshWideDeny)[0].targets).toStrictEqual([]);
    const meshWide = impact(meshWideDeny, {
      rootNamespace: 'istio-config',
      trustDomain: 'td.example',
    })[0];
    expect(meshWide.targets).toHaveLength(13);
    // Live ALLOW policies name cluster.local principals, so in td.example
    // shippingservice could only reach the services open to everyone.
    expect(meshWide.deniedCallers).toStrictEqual([caller('shippingservice')]);
  });

  it('decides where the target enforces: ztunnel drops an ALLOW rule that needs a method', () => {
    const ambient = objects(
      `
apiVersion: v1
kind: Namespace
metadata: {name: amb, labels: {istio.io/dataplane-mode: ambient}}
---
apiVersion: v1
kind: Pod
metadata:
  name: store-1
  namespace: amb
  labels: {app: store}
  annotations: {ambient.istio.io/redirection: enabled}
spec:
  serviceAccountName: store
  containers: [{name: store, image: store:1, ports: [{containerPort: 8080}]}]
status: {phase: Running}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-1
  namespace: amb
  labels: {app: web}
  annotations: {ambient.istio.io/redirection: enabled}
spec:
  serviceAccountName: web
  containers: [{name: web, image: web:1}]
status: {phase: Running}
`,
      'ambient.yaml',
    );
    const getFromWeb = objects(
      `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: store-get, namespace: amb}
spec:
  selector: {matchLabels: {app: store}}
  rules:
  - from: [{source: {principals: [cluster.local/ns/amb/sa/web]}}]
    to: [{operation: {methods: [GET]}}]
`,
      'added.yaml',
    );
    // A sidecar would let web through for GET; ztunnel drops the rule, so
    // web loses all access.
    expect(authorizationImpact(ambient, getFromWeb)).toStrictEqual([
      {
        policy: 'amb/store-get',
        targets: ['amb/store-1'],
        deniedCallers: [
          { namespace: 'amb', serviceAccount: 'web', workloads: ['web-1'] },
        ],
      },
    ]);
  });
});
