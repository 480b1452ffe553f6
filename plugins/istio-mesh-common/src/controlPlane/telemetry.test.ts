import { parseManifests } from '../resources/parseManifests';
import { KubernetesObject } from '../resources/objects';
import { summarizeControlPlane } from './controlPlaneSummary';
import { telemetryConfigs, telemetryForNamespace } from './telemetry';
import { ControlPlaneProblem } from './types';

function objects(yaml: string): KubernetesObject[] {
  const parsed = parseManifests(yaml, 'cluster.yaml');
  expect(parsed.problems).toStrictEqual([]);
  return parsed.objects.map(o => o.object);
}

const telemetry = objects(`
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: mesh-default
  namespace: istio-system
  creationTimestamp: '2026-01-12T08:14:02Z'
spec:
  tracing:
    - providers:
        - name: jaeger
      randomSamplingPercentage: 10
  accessLogging:
    - providers:
        - name: envoy
---
# Created later: istiod ignores it while mesh-default exists.
apiVersion: telemetry.istio.io/v1alpha1
kind: Telemetry
metadata:
  name: mesh-tracing-off
  namespace: istio-system
  creationTimestamp: '2026-02-01T10:00:00Z'
spec:
  tracing:
    - disableSpanReporting: true
---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: shop
  namespace: shop
  creationTimestamp: '2026-01-20T09:00:00Z'
spec:
  tracing:
    - randomSamplingPercentage: 100
  metrics:
    - providers:
        - name: prometheus
      overrides:
        - match:
            metric: REQUEST_SIZE
            mode: CLIENT
          disabled: true
        - match:
            metric: REQUEST_COUNT
          tagOverrides:
            request_host:
              operation: REMOVE
---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: checkout-logs
  namespace: shop
  creationTimestamp: '2026-01-21T09:00:00Z'
spec:
  selector:
    matchLabels:
      app: checkout
  accessLogging:
    - providers:
        - name: otel
      filter:
        expression: response.code >= 500
    - match:
        mode: CLIENT
      disabled: true
---
apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: gateway-metrics-off
  namespace: shop
  creationTimestamp: '2026-01-22T09:00:00Z'
spec:
  targetRefs:
    - group: gateway.networking.k8s.io
      kind: Gateway
      name: shop-gateway
  metrics:
    - overrides:
        - disabled: true
`);

const mesh = {
  namespace: 'istio-system',
  name: 'mesh-default',
  scope: 'mesh',
  tracing: [
    {
      providers: ['jaeger'],
      randomSamplingPercentage: 10,
      mode: 'CLIENT_AND_SERVER',
    },
  ],
  metrics: [],
  accessLogging: [{ providers: ['envoy'], mode: 'CLIENT_AND_SERVER' }],
};
const shadowed = {
  namespace: 'istio-system',
  name: 'mesh-tracing-off',
  scope: 'mesh',
  tracing: [
    { providers: [], disableSpanReporting: true, mode: 'CLIENT_AND_SERVER' },
  ],
  metrics: [],
  accessLogging: [],
  shadowedBy: 'istio-system/mesh-default',
};
const shop = {
  namespace: 'shop',
  name: 'shop',
  scope: 'namespace',
  tracing: [
    { providers: [], randomSamplingPercentage: 100, mode: 'CLIENT_AND_SERVER' },
  ],
  metrics: [
    {
      providers: ['prometheus'],
      disabled: [{ metric: 'REQUEST_SIZE', mode: 'CLIENT' }],
    },
  ],
  accessLogging: [],
};
const checkoutLogs = {
  namespace: 'shop',
  name: 'checkout-logs',
  scope: 'selector',
  selector: { app: 'checkout' },
  tracing: [],
  metrics: [],
  accessLogging: [
    {
      providers: ['otel'],
      mode: 'CLIENT_AND_SERVER',
      filter: 'response.code >= 500',
    },
    { providers: [], disabled: true, mode: 'CLIENT' },
  ],
};
const gatewayMetricsOff = {
  namespace: 'shop',
  name: 'gateway-metrics-off',
  scope: 'targetRefs',
  targetRefs: [
    {
      group: 'gateway.networking.k8s.io',
      kind: 'Gateway',
      name: 'shop-gateway',
    },
  ],
  tracing: [],
  metrics: [
    {
      providers: [],
      disabled: [{ metric: 'ALL_METRICS', mode: 'CLIENT_AND_SERVER' }],
    },
  ],
  accessLogging: [],
};

describe('telemetryConfigs', () => {
  it('gives each Telemetry its scope and what it turns on or off, oldest first', () => {
    const problems: ControlPlaneProblem[] = [];

    expect(telemetryConfigs(telemetry, 'istio-system', problems)).toStrictEqual(
      [mesh, shop, checkoutLogs, gatewayMetricsOff, shadowed],
    );
    expect(problems).toStrictEqual([]);
  });

  it('treats Telemetry in a custom root namespace as mesh-wide', () => {
    const [first] = telemetryConfigs(telemetry, 'shop', []);
    expect(first).toMatchObject({ name: 'mesh-default', scope: 'namespace' });
    expect(
      telemetryConfigs(telemetry, 'shop', []).find(t => t.name === 'shop'),
    ).toMatchObject({ scope: 'mesh' });
  });

  it('leaves out a Telemetry with an out-of-range sampling percentage and names the field', () => {
    const problems: ControlPlaneProblem[] = [];
    const broken = objects(`apiVersion: telemetry.istio.io/v1
kind: Telemetry
metadata:
  name: sample-everything-twice
  namespace: shop
spec:
  tracing:
    - randomSamplingPercentage: 200
`);

    expect(telemetryConfigs(broken, 'istio-system', problems)).toStrictEqual(
      [],
    );
    expect(problems).toStrictEqual([
      {
        kind: 'Telemetry',
        namespace: 'shop',
        name: 'sample-everything-twice',
        field: 'spec.tracing[0].randomSamplingPercentage',
        message:
          'spec.tracing[0].randomSamplingPercentage: Too big: expected number to be <=100',
      },
    ]);
  });
});

describe('telemetryForNamespace', () => {
  const summary = summarizeControlPlane(telemetry, {
    rootNamespace: 'istio-system',
  });

  it('lists the mesh-wide, namespace and workload Telemetry of a namespace', () => {
    expect(telemetryForNamespace(summary, 'shop')).toStrictEqual({
      mesh,
      namespace: shop,
      workloads: [checkoutLogs, gatewayMetricsOff],
    });
  });

  it('gives a namespace without its own Telemetry the mesh-wide one only', () => {
    expect(telemetryForNamespace(summary, 'search')).toStrictEqual({
      mesh,
      workloads: [],
    });
  });

  it('does not count the mesh-wide Telemetry twice for the root namespace', () => {
    expect(telemetryForNamespace(summary, 'istio-system')).toStrictEqual({
      mesh,
      workloads: [],
    });
  });

  it('is empty when no Telemetry exists', () => {
    expect(
      telemetryForNamespace(summarizeControlPlane([]), 'shop'),
    ).toStrictEqual({ workloads: [] });
  });
});
