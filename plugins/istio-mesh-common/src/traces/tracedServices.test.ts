import {
  entityTracedServices,
  istioTracingServiceName,
} from './tracedServices';

describe('the Jaeger service names of an entity', () => {
  const workload = (labels: Record<string, string>, name = 'checkout-v2') => ({
    namespace: 'boutique-dev',
    name,
    labels,
  });

  it("are Istio's <app>.<namespace>, the app by the canonical service name's labels", () => {
    expect(
      istioTracingServiceName(
        workload({
          app: 'checkoutservice',
          'service.istio.io/canonical-name': 'checkout',
        }),
      ),
    ).toBe('checkout.boutique-dev');
    expect(
      istioTracingServiceName(
        workload({ app: 'checkoutservice', 'app.kubernetes.io/name': 'co' }),
      ),
    ).toBe('co.boutique-dev');
    expect(istioTracingServiceName(workload({ app: 'checkoutservice' }))).toBe(
      'checkoutservice.boutique-dev',
    );
    expect(istioTracingServiceName(workload({}))).toBe(
      'checkout-v2.boutique-dev',
    );
  });

  it('are those of jaegertracing.io/service when it is set, once each', () => {
    const workloads = [
      workload({ app: 'checkoutservice' }, 'checkoutservice'),
      workload({ app: 'checkoutservice' }, 'checkoutservice-v2'),
    ];
    expect(entityTracedServices({}, workloads)).toStrictEqual([
      'checkoutservice.boutique-dev',
    ]);
    expect(
      entityTracedServices(
        { 'jaegertracing.io/service': 'checkout, checkout-worker' },
        workloads,
      ),
    ).toStrictEqual(['checkout', 'checkout-worker']);
  });
});
