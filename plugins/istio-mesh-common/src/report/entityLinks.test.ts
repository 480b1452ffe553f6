import { entityLinks } from './entityLinks';

const workloads = [
  { namespace: 'boutique-dev', name: 'checkoutservice' },
  { namespace: 'boutique-dev', name: 'checkoutservice-v2' },
];

describe('entityLinks', () => {
  it('links Kiali, Grafana and Jaeger for the workloads and traced services', () => {
    expect(
      entityLinks(
        {
          kiali: 'https://kiali.example/kiali/',
          grafana: {
            url: 'https://grafana.example',
            workloadDashboardUid: 'istio-workload',
          },
          jaeger: 'https://jaeger.example',
        },
        workloads,
        ['checkoutservice.boutique-dev'],
        '30m',
      ),
    ).toStrictEqual([
      {
        kind: 'kiali',
        title: 'Kiali graph of boutique-dev',
        url: 'https://kiali.example/kiali/console/graph/namespaces/?namespaces=boutique-dev&graphType=versionedApp',
      },
      {
        kind: 'kiali',
        title: 'Kiali: workload boutique-dev/checkoutservice',
        url: 'https://kiali.example/kiali/console/namespaces/boutique-dev/workloads/checkoutservice',
      },
      {
        kind: 'kiali',
        title: 'Kiali: workload boutique-dev/checkoutservice-v2',
        url: 'https://kiali.example/kiali/console/namespaces/boutique-dev/workloads/checkoutservice-v2',
      },
      {
        kind: 'grafana',
        title:
          'Grafana: Istio Workload Dashboard of boutique-dev/checkoutservice',
        url: 'https://grafana.example/d/istio-workload/?var-namespace=boutique-dev&var-workload=checkoutservice',
      },
      {
        kind: 'grafana',
        title:
          'Grafana: Istio Workload Dashboard of boutique-dev/checkoutservice-v2',
        url: 'https://grafana.example/d/istio-workload/?var-namespace=boutique-dev&var-workload=checkoutservice-v2',
      },
      {
        kind: 'jaeger',
        title: 'Jaeger: traces of checkoutservice.boutique-dev',
        url: 'https://jaeger.example/search?service=checkoutservice.boutique-dev&lookback=30m',
      },
    ]);
  });

  it("searches Grafana for Istio's dashboard by title without its uid", () => {
    expect(
      entityLinks({ grafana: { url: 'http://grafana:3000' } }, workloads, []),
    ).toContainEqual({
      kind: 'grafana',
      title:
        'Grafana: Istio Workload Dashboard of boutique-dev/checkoutservice',
      url: 'http://grafana:3000/dashboards?query=Istio+Workload+Dashboard',
    });
  });

  it('has no links without tools', () => {
    expect(entityLinks({}, workloads, ['a.b'])).toStrictEqual([]);
  });
});
