import { ConfigReader } from '@backstage/config';
import { readLinksConfig } from './linksConfig';
import { meshLinkBases } from './meshLinkBases';

const read = (links: object) =>
  readLinksConfig(new ConfigReader({ istioMesh: { links } } as any));

describe('istioMesh.links', () => {
  it('reads the tools, without their trailing slashes', () => {
    const links = read({
      kiali: { url: 'https://kiali.example/kiali/' },
      grafana: {
        url: 'https://grafana.example',
        token: 'grafana-sa-token',
        dashboards: { workload: 'istio-workload' },
      },
    });
    expect(links).toStrictEqual({
      kiali: { url: 'https://kiali.example/kiali' },
      grafana: {
        url: 'https://grafana.example',
        token: 'grafana-sa-token',
        dashboards: { workload: 'istio-workload', service: undefined },
      },
    });
    // The token is for the backend only: it is no link base.
    expect(
      meshLinkBases({
        links,
        jaeger: [{ url: 'http://jaeger-query:16686' } as any],
      }),
    ).toStrictEqual({
      kiali: 'https://kiali.example/kiali',
      grafana: {
        url: 'https://grafana.example',
        workloadDashboardUid: 'istio-workload',
      },
      jaeger: 'http://jaeger-query:16686',
    });
  });

  it('refuses URLs that hold credentials, since every reader gets them', () => {
    expect(() => read({ kiali: { url: 'https://u:p@kiali.example' } })).toThrow(
      'istioMesh.links.kiali.url must not hold credentials',
    );
    expect(() => read({ jaeger: { url: 'jaeger' } })).toThrow(
      'istioMesh.links.jaeger.url is not an http(s) URL',
    );
  });
});
