import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseManifests } from '../resources/parseManifests';
import { buildMeshIndex } from '../resources/meshIndex';
import { KubernetesObject } from '../resources/objects';
import { resolveWorkloads } from '../resolution/workloads';
import { evaluateAuthzEnforced } from './authzEnforced';
import { evaluateMesh } from '../report/workloadReports';

const serviceAccountsOf = (objects: KubernetesObject[]) =>
  new Set(
    objects
      .filter(o => o.kind === 'ServiceAccount')
      .map(o => `${o.metadata.namespace}/${o.metadata.name}`),
  );

function evaluate(yaml: string, workloadName = 'ratings-v1') {
  const { objects, problems } = parseManifests(yaml, 'bookinfo.yaml');
  expect(problems).toStrictEqual([]);
  const all = objects.map(o => o.object);
  const index = buildMeshIndex(all);
  const workload = resolveWorkloads(index).find(w => w.name === workloadName);
  if (!workload) throw new Error(`no workload ${workloadName}`);
  return evaluateAuthzEnforced({
    workload,
    index,
    serviceAccounts: serviceAccountsOf(all),
    trustDomain: 'cluster.local',
  });
}

const WORKLOAD = `
apiVersion: v1
kind: ServiceAccount
metadata: {name: bookinfo-ratings, namespace: bookinfo}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: bookinfo-reviews, namespace: bookinfo}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ratings-v1, namespace: bookinfo}
spec:
  selector: {matchLabels: {app: ratings, version: v1}}
  template:
    metadata: {labels: {app: ratings, version: v1}}
    spec:
      serviceAccountName: bookinfo-ratings
      containers:
      - name: ratings
        image: docker.io/istio/examples-bookinfo-ratings-v1:1.20.2
        ports: [{containerPort: 9080}]
---
apiVersion: v1
kind: Pod
metadata:
  name: ratings-v1-5d8f7
  namespace: bookinfo
  labels: {app: ratings, version: v1}
spec:
  serviceAccountName: bookinfo-ratings
  containers:
  - {name: ratings, image: docker.io/istio/examples-bookinfo-ratings-v1:1.20.2}
  - {name: istio-proxy, image: docker.io/istio/proxyv2:1.26.4}
status: {phase: Running}
---`;

function policy(name: string, spec: string, annotations = '') {
  return `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata:
  name: ${name}
  namespace: bookinfo${annotations}
spec:
  selector:
    matchLabels: {app: ratings}
${spec}
---`;
}

const FROM_REVIEWS = policy(
  'ratings-viewer',
  `  action: ALLOW
  rules:
  - from:
    - source:
        principals: [cluster.local/ns/bookinfo/sa/bookinfo-reviews]
    to:
    - operation:
        methods: [GET]
        paths: [/ratings/*]
        ports: ["9080"]`,
);

const ratingsPolicy = (name: string, message: string) => ({
  kind: 'AuthorizationPolicy',
  namespace: 'bookinfo',
  name,
  message,
});

describe('evaluateAuthzEnforced', () => {
  it('passes when an ALLOW policy names existing callers', () => {
    expect(evaluate(`${WORKLOAD}${FROM_REVIEWS}`)).toStrictEqual({
      id: 'authz-enforced',
      status: 'pass',
      summary:
        'Deployment bookinfo/ratings-v1 only accepts callers named by bookinfo/ratings-viewer',
      evidence: [
        ratingsPolicy(
          'ratings-viewer',
          'allows cluster.local/ns/bookinfo/sa/bookinfo-reviews (GET /ratings/* on port 9080)',
        ),
      ],
    });
  });

  it('fails when no policy applies', () => {
    const elsewhere = FROM_REVIEWS.replace('{app: ratings}', '{app: reviews}');
    expect(evaluate(`${WORKLOAD}${elsewhere}`)).toStrictEqual({
      id: 'authz-enforced',
      status: 'fail',
      summary:
        'No AuthorizationPolicy is enforced on Deployment bookinfo/ratings-v1; any caller is allowed',
      evidence: [
        {
          kind: 'Deployment',
          namespace: 'bookinfo',
          name: 'ratings-v1',
          message: 'no AuthorizationPolicy applies',
        },
      ],
      fixTemplate: 'istio-service-rbac',
    });
  });

  it('fails on an allow-all rule, even next to a strict policy', () => {
    const allowAll = policy('ratings-allow-all', '  rules:\n  - {}');
    expect(evaluate(`${WORKLOAD}${FROM_REVIEWS}${allowAll}`)).toStrictEqual({
      id: 'authz-enforced',
      status: 'fail',
      summary:
        'bookinfo/ratings-allow-all on Deployment bookinfo/ratings-v1: any caller is allowed',
      evidence: [
        ratingsPolicy(
          'ratings-allow-all',
          'allows any caller; allow-all: a rule without sources matches every caller',
        ),
        ratingsPolicy(
          'ratings-viewer',
          'allows cluster.local/ns/bookinfo/sa/bookinfo-reviews (GET /ratings/* on port 9080)',
        ),
      ],
      fixTemplate: 'istio-service-rbac',
    });
  });

  it('fails on a rule without `from`, which admits any caller to its operations', () => {
    const openPort = policy(
      'ratings-open',
      `  rules:
  - to:
    - operation: {ports: ["9080"]}`,
    );
    const result = evaluate(`${WORKLOAD}${openPort}`);
    expect(result.status).toBe('fail');
    expect(result.evidence).toStrictEqual([
      ratingsPolicy(
        'ratings-open',
        'allows any caller (on port 9080); allow-all: a rule without sources matches every caller',
      ),
    ]);
  });

  it('applies mesh-wide policies from the root namespace', () => {
    const meshWide = `
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: allow-all, namespace: istio-system}
spec:
  rules:
  - {}
---`;
    const result = evaluate(`${WORKLOAD}${FROM_REVIEWS}${meshWide}`);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      'istio-system/allow-all on Deployment bookinfo/ratings-v1: any caller is allowed',
    );
  });

  it('warns when a named ServiceAccount does not exist', () => {
    const typo = FROM_REVIEWS.replace(
      'principals: [cluster.local/ns/bookinfo/sa/bookinfo-reviews]',
      `principals:
        - cluster.local/ns/bookinfo/sa/bookinfo-reveiws
        - cluster.local/ns/bookinfo/sa/default
        - spiffe.example.org/ns/bookinfo/sa/external
        - cluster.local/ns/shop/sa/*
    - source:
        serviceAccounts: [bookinfo-reviews, productpage]`,
    );
    expect(evaluate(`${WORKLOAD}${typo}`)).toStrictEqual({
      id: 'authz-enforced',
      status: 'warn',
      summary:
        'Authorization on Deployment bookinfo/ratings-v1 is weak: bookinfo/ratings-viewer names cluster.local/ns/bookinfo/sa/bookinfo-reveiws, bookinfo/productpage, which do not exist',
      evidence: [
        ratingsPolicy(
          'ratings-viewer',
          'allows cluster.local/ns/bookinfo/sa/bookinfo-reveiws, cluster.local/ns/bookinfo/sa/default, spiffe.example.org/ns/bookinfo/sa/external, cluster.local/ns/shop/sa/* or service account bookinfo/bookinfo-reviews, bookinfo/productpage (GET /ratings/* on port 9080); no ServiceAccount backs cluster.local/ns/bookinfo/sa/bookinfo-reveiws, bookinfo/productpage',
        ),
      ],
      fixTemplate: 'istio-service-rbac',
    });
  });

  it('fails when only DENY policies apply: callers without an identity get through', () => {
    const deny = policy(
      'ratings-deny-delete',
      `  action: DENY
  rules:
  - to:
    - operation: {methods: [DELETE]}`,
    );
    expect(evaluate(`${WORKLOAD}${deny}`)).toStrictEqual({
      id: 'authz-enforced',
      status: 'fail',
      summary:
        'Authorization on Deployment bookinfo/ratings-v1 does not hold: a caller without an mTLS identity is allowed on port 9080, as no ALLOW policy is enforced there',
      evidence: [
        ratingsPolicy('ratings-deny-delete', 'denies any caller (DELETE)'),
      ],
      fixTemplate: 'istio-service-rbac',
    });
  });

  it('does not count dry-run policies as enforcing', () => {
    const dryRun = FROM_REVIEWS.replace(
      'namespace: bookinfo\n',
      "namespace: bookinfo\n  annotations: {istio.io/dry-run: 'true'}\n",
    );
    expect(evaluate(`${WORKLOAD}${dryRun}`)).toStrictEqual({
      id: 'authz-enforced',
      status: 'fail',
      summary:
        'No AuthorizationPolicy is enforced on Deployment bookinfo/ratings-v1; any caller is allowed',
      evidence: [
        {
          kind: 'Deployment',
          namespace: 'bookinfo',
          name: 'ratings-v1',
          message: 'only dry-run AuthorizationPolicies apply; none is enforced',
        },
        ratingsPolicy(
          'ratings-viewer',
          'dry-run (istio.io/dry-run: "true"), not enforced: would allow cluster.local/ns/bookinfo/sa/bookinfo-reviews (GET /ratings/* on port 9080)',
        ),
      ],
      fixTemplate: 'istio-service-rbac',
    });
  });

  it('warns on an ALLOW policy without rules, which denies every caller', () => {
    const nothing = policy('ratings-allow-nothing', '  action: ALLOW');
    expect(evaluate(`${WORKLOAD}${nothing}`)).toMatchObject({
      status: 'warn',
      summary:
        'Authorization on Deployment bookinfo/ratings-v1 is weak: ALLOW policies without rules deny every caller',
      evidence: [
        ratingsPolicy(
          'ratings-allow-nothing',
          'ALLOW without rules: allows nothing, so every request is denied',
        ),
      ],
    });
  });

  it('fails when callers are restricted only by JWT, which a plaintext caller can carry', () => {
    const jwt = policy(
      'ratings-jwt',
      `  rules:
  - from:
    - source: {requestPrincipals: ["*"]}`,
    );
    expect(evaluate(`${WORKLOAD}${jwt}`)).toMatchObject({
      status: 'fail',
      summary:
        'Authorization on Deployment bookinfo/ratings-v1 does not hold: a caller without an mTLS identity is allowed on port 9080 by bookinfo/ratings-jwt; bookinfo/ratings-jwt admits callers without naming them by mesh identity (requests with a valid JWT)',
      evidence: [
        ratingsPolicy(
          'ratings-jwt',
          'allows requests with a valid JWT; does not name the callers it admits: requests with a valid JWT',
        ),
      ],
    });
  });

  it('accepts namespaces and identity conditions as explicit sources', () => {
    const byNamespace = policy(
      'ratings-from-bookinfo',
      `  rules:
  - from:
    - source: {namespaces: [bookinfo]}
  - when:
    - key: source.principal
      values: [cluster.local/ns/bookinfo/sa/bookinfo-reviews]`,
    );
    expect(evaluate(`${WORKLOAD}${byNamespace}`)).toMatchObject({
      status: 'pass',
      evidence: [
        ratingsPolicy(
          'ratings-from-bookinfo',
          'allows workloads in namespace bookinfo; any caller (when source.principal in cluster.local/ns/bookinfo/sa/bookinfo-reviews)',
        ),
      ],
    });
  });
});

describe('evaluateAuthzEnforced at the proxy that enforces', () => {
  const ambient = (namespaceLabels: string, objects: string) => {
    const { objects: parsed, problems } = parseManifests(
      `
apiVersion: v1
kind: Namespace
metadata: {name: amb, labels: ${namespaceLabels}}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: amb}
---
apiVersion: v1
kind: Service
metadata: {name: store, namespace: amb}
spec:
  selector: {app: store}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: v1
kind: Pod
metadata:
  name: store-1
  namespace: amb
  labels: {app: store}
  annotations: {ambient.istio.io/redirection: enabled}
spec:
  containers: [{name: store, image: store:1, ports: [{containerPort: 8080}]}]
status: {phase: Running}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: waypoint, namespace: amb}
spec: {gatewayClassName: istio-waypoint, listeners: [{name: mesh, port: 15008, protocol: HBONE}]}
---
${objects}`,
      'amb.yaml',
    );
    expect(problems).toStrictEqual([]);
    return evaluateMesh(parsed.map(o => o.object))
      .workloads.find(w => w.workload.name === 'store-1')!
      .report.criteria.find(c => c.id === 'authz-enforced')!;
  };

  it('fails a policy that only excludes callers: everyone but X includes callers without an identity', () => {
    const butUntrusted = policy(
      'ratings-not-untrusted',
      `  rules:
  - from:
    - source: {notNamespaces: [untrusted]}`,
    );
    expect(evaluate(`${WORKLOAD}${butUntrusted}`)).toMatchObject({
      status: 'fail',
      summary:
        'Authorization on Deployment bookinfo/ratings-v1 does not hold: a caller without an mTLS identity is allowed on port 9080 by bookinfo/ratings-not-untrusted; bookinfo/ratings-not-untrusted admits callers without naming them by mesh identity (except namespace untrusted)',
    });
  });

  it('fails any authenticated peer: principals ["*"] names nobody', () => {
    const anyPeer = policy(
      'ratings-any-peer',
      `  rules:
  - from:
    - source: {principals: ["*"]}`,
    );
    const result = evaluate(`${WORKLOAD}${anyPeer}`);
    expect(result.status).toBe('fail');
    expect(result.summary).toBe(
      'Authorization on Deployment bookinfo/ratings-v1 does not hold: bookinfo/ratings-any-peer admits callers without naming them by mesh identity (any mTLS peer)',
    );
  });

  it('passes at ztunnel when the policy names callers at L4', () => {
    const criterion = ambient(
      '{istio.io/dataplane-mode: ambient}',
      `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: store-from-web, namespace: amb}
spec:
  selector: {matchLabels: {app: store}}
  rules: [{from: [{source: {principals: [cluster.local/ns/amb/sa/web]}}]}]
`,
    );
    expect(criterion.status).toBe('pass');
  });

  it('fails at ztunnel a policy whose rules use HTTP attributes, with the reason in the evidence', () => {
    const criterion = ambient(
      '{istio.io/dataplane-mode: ambient}',
      `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: store-get, namespace: amb}
spec:
  selector: {matchLabels: {app: store}}
  rules:
  - from: [{source: {principals: [cluster.local/ns/amb/sa/web]}}]
    to: [{operation: {methods: [GET]}}]
`,
    );
    expect(criterion.status).toBe('fail');
    expect(criterion.summary).toContain(
      'amb/store-get cannot be enforced by ztunnel as written: its rules that use HTTP attributes (methods) are dropped, so the callers they name are denied; a waypoint is needed',
    );
    expect(criterion.evidence[0].message).toBe(
      'allows cluster.local/ns/amb/sa/web (GET); ztunnel drops its rules that use HTTP attributes (methods)',
    );
  });

  it('fails a CUSTOM policy ztunnel does not enforce', () => {
    const criterion = ambient(
      '{istio.io/dataplane-mode: ambient}',
      `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: store-ext, namespace: amb}
spec:
  action: CUSTOM
  provider: {name: opa}
  rules: [{}]
`,
    );
    expect(criterion).toMatchObject({
      status: 'fail',
      summary:
        'No AuthorizationPolicy is enforced on Pod amb/store-1; any caller is allowed',
    });
  });

  it('passes behind a waypoint whose targetRefs policy names callers with L7 rules', () => {
    const criterion = ambient(
      '{istio.io/dataplane-mode: ambient, istio.io/use-waypoint: waypoint}',
      `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: store-get, namespace: amb}
spec:
  targetRefs: [{kind: Service, group: "", name: store}]
  rules:
  - from: [{source: {principals: [cluster.local/ns/amb/sa/web]}}]
    to: [{operation: {methods: [GET]}}]
`,
    );
    expect(criterion.status).toBe('pass');
  });
});

describe('evaluateAuthzEnforced on the example cluster', () => {
  const { objects } = parseManifests(
    readFileSync(
      resolve(__dirname, '../../../../examples/cluster/homelab.yaml'),
      'utf8',
    ),
    'homelab.yaml',
  );
  const all = objects.map(o => o.object);
  const index = buildMeshIndex(all);
  const workloads = resolveWorkloads(index);
  const criterion = (name: string) =>
    evaluateAuthzEnforced({
      workload: workloads.find(w => w.name === name)!,
      index,
      serviceAccounts: serviceAccountsOf(all),
      trustDomain: 'cluster.local',
    });

  it('fails for emailservice, which no policy protects', () => {
    expect(criterion('emailservice')).toMatchObject({
      status: 'fail',
      summary:
        'No AuthorizationPolicy is enforced on Deployment boutique-dev/emailservice; any caller is allowed',
    });
  });

  it('fails for frontend, whose policy allows everyone', () => {
    expect(criterion('frontend')).toStrictEqual({
      id: 'authz-enforced',
      status: 'fail',
      summary:
        'boutique-dev/frontend-allow-all on Deployment boutique-dev/frontend: any caller is allowed',
      evidence: [
        {
          kind: 'AuthorizationPolicy',
          namespace: 'boutique-dev',
          name: 'frontend-allow-all',
          message:
            'allows any caller; allow-all: a rule without sources matches every caller',
        },
      ],
      fixTemplate: 'istio-service-rbac',
    });
  });

  it('passes for checkoutservice, which only frontend may call', () => {
    expect(criterion('checkoutservice')).toStrictEqual({
      id: 'authz-enforced',
      status: 'pass',
      summary:
        'Deployment boutique-dev/checkoutservice only accepts callers named by boutique-dev/checkoutservice-allow',
      evidence: [
        {
          kind: 'AuthorizationPolicy',
          namespace: 'boutique-dev',
          name: 'checkoutservice-allow',
          message:
            'allows cluster.local/ns/boutique-dev/sa/frontend (POST /hipstershop.CheckoutService/PlaceOrder on port 5050)',
        },
      ],
    });
  });
});
