import { readFileSync } from 'fs';
import { resolve } from 'path';
import { parseManifests } from '../resources/parseManifests';
import { buildMeshIndex } from '../resources/meshIndex';
import { resolveWorkloads } from '../resolution/workloads';
import { evaluateTrafficPolicy } from './trafficPolicy';

function evaluate(yaml: string, workloadName: string) {
  const { objects, problems } = parseManifests(yaml, 'bookinfo.yaml');
  expect(problems).toStrictEqual([]);
  const index = buildMeshIndex(objects.map(o => o.object));
  const workload = resolveWorkloads(index).find(w => w.name === workloadName);
  if (!workload) throw new Error(`no workload ${workloadName}`);
  return evaluateTrafficPolicy({ workload, index });
}

/** A Deployment, its ReplicaSet and `replicas` running pods, as the API returns them. */
function deployment(name: string, version: string, replicas: number) {
  const labels = `{app: reviews, version: ${version}}`;
  const pods = Array.from(
    { length: replicas },
    (_, i) => `
apiVersion: v1
kind: Pod
metadata:
  name: ${name}-7c9d8-${i}
  namespace: bookinfo
  labels: ${labels}
  ownerReferences:
  - {apiVersion: apps/v1, kind: ReplicaSet, name: ${name}-7c9d8, controller: true}
spec:
  serviceAccountName: bookinfo-reviews
  containers:
  - name: reviews
    image: docker.io/istio/examples-bookinfo-reviews-${version}:1.20.2
    ports: [{containerPort: 9080}]
  - {name: istio-proxy, image: docker.io/istio/proxyv2:1.26.4}
status:
  phase: Running
  containerStatuses:
  - {name: reviews, ready: true}
  - {name: istio-proxy, ready: true}
---`,
  );
  return `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: bookinfo, labels: {app: reviews}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: ${labels}}
  template:
    metadata: {labels: ${labels}}
    spec:
      serviceAccountName: bookinfo-reviews
      containers:
      - {name: reviews, image: docker.io/istio/examples-bookinfo-reviews-${version}:1.20.2}
---
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: ${name}-7c9d8
  namespace: bookinfo
  ownerReferences:
  - {apiVersion: apps/v1, kind: Deployment, name: ${name}, controller: true}
spec:
  selector: {matchLabels: ${labels}}
---${pods.join('')}`;
}

const SERVICE = `
apiVersion: v1
kind: Service
metadata: {name: reviews, namespace: bookinfo}
spec:
  selector: {app: reviews}
  ports:
  - {name: http, port: 9080}
---`;

const WORKLOADS = `${deployment('reviews-v1', 'v1', 2)}${deployment(
  'reviews-v2',
  'v2',
  2,
)}${SERVICE}`;

const CANARY_VS = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews]
  http:
  - name: canary
    route:
    - destination: {host: reviews, subset: v1}
      weight: 80
    - destination: {host: reviews, subset: v2}
      weight: 20
    retries: {attempts: 3, perTryTimeout: 2s, retryOn: "5xx,connect-failure"}
    timeout: 10s
---`;

const COMPLETE_DR = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews, namespace: bookinfo}
spec:
  host: reviews
  trafficPolicy:
    connectionPool:
      tcp: {maxConnections: 100}
      http: {http2MaxRequests: 1000}
    outlierDetection:
      consecutive5xxErrors: 5
      interval: 10s
      baseEjectionTime: 30s
      maxEjectionPercent: 100
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
---`;

const DR_EVIDENCE = [
  {
    kind: 'DestinationRule',
    namespace: 'bookinfo',
    name: 'reviews',
    message:
      'trafficPolicy.outlierDetection: ejects a pod after 5 consecutive 5xx (interval 10s, base ejection 30s, at most 100% of pods)',
  },
  {
    kind: 'DestinationRule',
    namespace: 'bookinfo',
    name: 'reviews',
    message:
      'trafficPolicy.connectionPool: tcp.maxConnections 100, http.http2MaxRequests 1000',
  },
];

describe('evaluateTrafficPolicy', () => {
  it('passes a canary with retries, a timeout, outlier detection and a pool', () => {
    expect(
      evaluate(`${WORKLOADS}${CANARY_VS}${COMPLETE_DR}`, 'reviews-v1'),
    ).toStrictEqual({
      id: 'traffic-policy',
      status: 'pass',
      summary:
        'Traffic to Deployment bookinfo/reviews-v1 has retries, a timeout, outlier detection and a connection pool',
      evidence: [
        {
          kind: 'VirtualService',
          namespace: 'bookinfo',
          name: 'reviews',
          message: 'http[0].retries: 3 attempts, perTryTimeout 2s',
        },
        {
          kind: 'VirtualService',
          namespace: 'bookinfo',
          name: 'reviews',
          message: 'http[0].timeout: 10s',
        },
        {
          kind: 'VirtualService',
          namespace: 'bookinfo',
          name: 'reviews',
          message: 'http[0].route: 80% to subset v1, 20% to subset v2',
        },
        ...DR_EVIDENCE,
      ],
    });
  });

  it('reports relative weights that do not sum to 100', () => {
    const vs = CANARY_VS.replace('weight: 80', 'weight: 1').replace(
      'weight: 20',
      'weight: 2',
    );
    const { status, evidence } = evaluate(
      `${WORKLOADS}${vs}${COMPLETE_DR}`,
      'reviews-v2',
    );
    expect(status).toBe('pass');
    expect(evidence.map(e => e.message)).toContain(
      'http[0].route: 33.3% to subset v1, 66.7% to subset v2',
    );
  });

  it('is unknown for a workload no Service selects', () => {
    expect(
      evaluate(deployment('reviews-v1', 'v1', 1), 'reviews-v1'),
    ).toStrictEqual({
      id: 'traffic-policy',
      status: 'unknown',
      summary:
        'Deployment bookinfo/reviews-v1 has no Service, so no mesh traffic is routed to it',
      evidence: [
        {
          kind: 'Deployment',
          namespace: 'bookinfo',
          name: 'reviews-v1',
          message: 'no Service in its namespace selects its pods',
        },
      ],
    });
  });

  it('fails without a VirtualService or DestinationRule', () => {
    expect(evaluate(WORKLOADS, 'reviews-v1')).toStrictEqual({
      id: 'traffic-policy',
      status: 'fail',
      summary:
        'No VirtualService or DestinationRule governs traffic to Deployment bookinfo/reviews-v1 (Service reviews)',
      evidence: [
        {
          kind: 'Service',
          namespace: 'bookinfo',
          name: 'reviews',
          message:
            "no VirtualService routes reviews.bookinfo.svc.cluster.local; Istio's default retries apply and there is no timeout",
        },
        {
          kind: 'Service',
          namespace: 'bookinfo',
          name: 'reviews',
          message:
            'no DestinationRule applies to reviews.bookinfo.svc.cluster.local for clients in bookinfo',
        },
      ],
      fixTemplate: 'istio-retries-timeouts',
    });
  });

  it('ignores a VirtualService bound only to an ingress gateway', () => {
    const gatewayOnly = CANARY_VS.replace(
      'hosts: [reviews]',
      'hosts: [reviews]\n  gateways: [bookinfo-gateway]',
    );
    expect(evaluate(`${WORKLOADS}${gatewayOnly}`, 'reviews-v1').status).toBe(
      'fail',
    );
  });

  it('fails when a route sends traffic to a subset that selects no pod', () => {
    const vs = CANARY_VS.replace('subset: v2', 'subset: v3');
    const dr = COMPLETE_DR.replace(
      '- {name: v2, labels: {version: v2}}',
      '- {name: v3, labels: {version: v3}}',
    );
    expect(evaluate(`${WORKLOADS}${vs}${dr}`, 'reviews-v1')).toStrictEqual({
      id: 'traffic-policy',
      status: 'fail',
      summary:
        'Routes to Deployment bookinfo/reviews-v1 send traffic to subsets that do not exist or select no pod, which fails with 503: v3 of reviews',
      evidence: [
        {
          kind: 'VirtualService',
          namespace: 'bookinfo',
          name: 'reviews',
          message: 'http[0].retries: 3 attempts, perTryTimeout 2s',
        },
        {
          kind: 'VirtualService',
          namespace: 'bookinfo',
          name: 'reviews',
          message: 'http[0].timeout: 10s',
        },
        {
          kind: 'VirtualService',
          namespace: 'bookinfo',
          name: 'reviews',
          message: 'http[0].route: 80% to subset v1, 20% to subset v3',
        },
        {
          kind: 'VirtualService',
          namespace: 'bookinfo',
          name: 'reviews',
          message:
            'http[0].route[1]: subset v3 selects no pod of Service reviews; its 20% of requests fail with 503',
        },
        ...DR_EVIDENCE,
      ],
      fixTemplate: 'istio-canary-rollout',
    });
  });

  it('fails when a route names a subset without any DestinationRule', () => {
    const result = evaluate(`${WORKLOADS}${CANARY_VS}`, 'reviews-v2');
    expect(result.status).toBe('fail');
    expect(result.fixTemplate).toBe('istio-canary-rollout');
    expect(result.evidence).toContainEqual({
      kind: 'VirtualService',
      namespace: 'bookinfo',
      name: 'reviews',
      message:
        'http[0].route[0]: subset v1 is not defined by any DestinationRule; its 80% of requests fail with 503',
    });
  });

  it('warns, without failing, about a broken subset that gets no traffic', () => {
    const vs = CANARY_VS.replace('weight: 80', 'weight: 100')
      .replace('subset: v2', 'subset: v3')
      .replace('weight: 20', 'weight: 0');
    const result = evaluate(`${WORKLOADS}${vs}${COMPLETE_DR}`, 'reviews-v1');
    expect(result).toMatchObject({
      status: 'warn',
      summary:
        'Traffic policy for Deployment bookinfo/reviews-v1 is incomplete: routes name broken subsets (0% of traffic): v3 of reviews',
      fixTemplate: 'istio-canary-rollout',
    });
  });

  it("warns when a route relies on Istio's default retries", () => {
    const vs = CANARY_VS.replace(
      '    retries: {attempts: 3, perTryTimeout: 2s, retryOn: "5xx,connect-failure"}\n',
      '',
    );
    const result = evaluate(`${WORKLOADS}${vs}${COMPLETE_DR}`, 'reviews-v1');
    expect(result).toMatchObject({
      status: 'warn',
      summary:
        'Traffic policy for Deployment bookinfo/reviews-v1 is incomplete: no explicit retries',
      fixTemplate: 'istio-retries-timeouts',
    });
    expect(result.evidence[0]).toStrictEqual({
      kind: 'VirtualService',
      namespace: 'bookinfo',
      name: 'reviews',
      message:
        "http[0]: no retries; Istio's default applies (2 attempts on connect-failure,refused-stream,unavailable,cancelled,retriable-status-codes)",
    });
  });

  it('counts attempts: 0 and timeout: 0s as missing', () => {
    const vs = CANARY_VS.replace(
      'retries: {attempts: 3, perTryTimeout: 2s, retryOn: "5xx,connect-failure"}',
      'retries: {attempts: 0}',
    ).replace('timeout: 10s', 'timeout: 0s');
    const result = evaluate(`${WORKLOADS}${vs}${COMPLETE_DR}`, 'reviews-v1');
    expect(result.summary).toBe(
      'Traffic policy for Deployment bookinfo/reviews-v1 is incomplete: no explicit retries, no timeout',
    );
    expect(result.evidence.slice(0, 2).map(e => e.message)).toStrictEqual([
      'http[0].retries: attempts 0 disables retries',
      'http[0]: no timeout; Istio sets none by default',
    ]);
  });

  it('warns when the DestinationRule has no connection pool', () => {
    const dr = COMPLETE_DR.replace(/ {4}connectionPool:\n.*\n.*\n/, '');
    const result = evaluate(`${WORKLOADS}${CANARY_VS}${dr}`, 'reviews-v1');
    expect(result).toMatchObject({
      status: 'warn',
      summary:
        'Traffic policy for Deployment bookinfo/reviews-v1 is incomplete: no connection pool',
      fixTemplate: 'istio-circuit-breaker',
    });
  });

  it('warns when outlier detection can never eject a pod', () => {
    // 10% (Envoy's default) of 2 pods is less than one pod.
    const dr = COMPLETE_DR.replace('      maxEjectionPercent: 100\n', '');
    const result = evaluate(`${WORKLOADS}${CANARY_VS}${dr}`, 'reviews-v1');
    expect(result).toMatchObject({
      status: 'warn',
      summary:
        'Traffic policy for Deployment bookinfo/reviews-v1 is incomplete: outlier detection cannot eject any of the 2 pods of subset v1 (maxEjectionPercent 10)',
      fixTemplate: 'istio-circuit-breaker',
    });
    expect(result.evidence).toContainEqual({
      kind: 'DestinationRule',
      namespace: 'bookinfo',
      name: 'reviews',
      message:
        'trafficPolicy.outlierDetection.maxEjectionPercent: 10% of 2 pods of subset v2 is less than one pod, so none is ever ejected',
    });
  });

  it('fails when the VirtualService sets none of the four', () => {
    const vs = `
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: bookinfo}
spec:
  hosts: [reviews.bookinfo.svc.cluster.local]
  http:
  - route:
    - destination: {host: reviews.bookinfo.svc.cluster.local}
`;
    expect(evaluate(`${WORKLOADS}${vs}`, 'reviews-v1')).toMatchObject({
      status: 'fail',
      summary:
        'Traffic to Deployment bookinfo/reviews-v1 has no retries, timeout, outlier detection or connection pool',
      fixTemplate: 'istio-retries-timeouts',
    });
  });

  it("uses the client namespace's DestinationRule before the service's", () => {
    const override = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: {name: reviews-local, namespace: bookinfo}
spec:
  host: reviews.bookinfo.svc.cluster.local
  subsets:
  - {name: v1, labels: {version: v1}}
  - {name: v2, labels: {version: v2}}
---`;
    const other = COMPLETE_DR.replace(
      'namespace: bookinfo',
      'namespace: shop',
    ).replace('host: reviews', 'host: reviews.bookinfo.svc.cluster.local');
    const result = evaluate(
      `${WORKLOADS}${CANARY_VS}${other}${override}`,
      'reviews-v1',
    );
    expect(result.summary).toBe(
      'Traffic policy for Deployment bookinfo/reviews-v1 is incomplete: no outlier detection, no connection pool',
    );
  });
});

describe('evaluateTrafficPolicy on the example cluster', () => {
  const { objects } = parseManifests(
    readFileSync(
      resolve(__dirname, '../../../../examples/cluster/homelab.yaml'),
      'utf8',
    ),
    'homelab.yaml',
  );
  const index = buildMeshIndex(objects.map(o => o.object));
  const workloads = resolveWorkloads(index);
  const criterion = (name: string) =>
    evaluateTrafficPolicy({
      workload: workloads.find(w => w.name === name)!,
      index,
    });

  it('warns for cartservice: 50% of its single pod can never be ejected', () => {
    const vs = {
      kind: 'VirtualService',
      namespace: 'boutique-dev',
      name: 'cartservice',
    };
    const dr = { ...vs, kind: 'DestinationRule' };
    expect(criterion('cartservice')).toStrictEqual({
      id: 'traffic-policy',
      status: 'warn',
      summary:
        'Traffic policy for Deployment boutique-dev/cartservice is incomplete: outlier detection cannot eject any of the 1 pod of cartservice (maxEjectionPercent 50)',
      evidence: [
        { ...vs, message: 'http[0].retries: 3 attempts, perTryTimeout 2s' },
        { ...vs, message: 'http[0].timeout: 10s' },
        {
          ...dr,
          message:
            'trafficPolicy.outlierDetection: ejects a pod after 5 consecutive 5xx (interval 30s, base ejection 30s, at most 50% of pods)',
        },
        {
          ...dr,
          message:
            'trafficPolicy.outlierDetection.maxEjectionPercent: 50% of 1 pod of cartservice is less than one pod, so none is ever ejected',
        },
        {
          ...dr,
          message:
            'trafficPolicy.connectionPool: http.http1MaxPendingRequests 50, http.maxRequestsPerConnection 10, tcp.maxConnections 100',
        },
      ],
      fixTemplate: 'istio-circuit-breaker',
    });
  });

  it('fails for productcatalogservice: 10% goes to the undefined subset v2', () => {
    const result = criterion('productcatalogservice');
    expect(result).toMatchObject({
      status: 'fail',
      fixTemplate: 'istio-canary-rollout',
    });
    expect(result.evidence).toContainEqual({
      kind: 'VirtualService',
      namespace: 'boutique-dev',
      name: 'productcatalogservice',
      message:
        'http[0].route[1]: subset v2 is not defined by DestinationRule boutique-dev/productcatalogservice; its 10% of requests fail with 503',
    });
  });

  it('fails for services without a VirtualService or DestinationRule', () => {
    expect(criterion('emailservice').status).toBe('fail');
  });
});
