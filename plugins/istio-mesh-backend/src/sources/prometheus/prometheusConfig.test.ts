import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readPrometheusConfig } from './prometheusConfig';

const read = (prometheus: JsonObject[]) =>
  readPrometheusConfig(new ConfigReader({ istioMesh: { prometheus } }), '/');

describe('readPrometheusConfig', () => {
  it('fills the defaults: every cluster, a 5m window, 5 points of tolerance', () => {
    expect(
      read([{ name: 'homelab', url: 'http://prometheus.example:9090/' }]),
    ).toStrictEqual([
      {
        name: 'homelab',
        url: 'http://prometheus.example:9090',
        auth: {},
        window: '5m',
        splitTolerance: 5,
        maxResponseBytes: 16 * 1024 * 1024,
      },
    ]);
  });

  it('keeps clusters, a bearer token and a window', () => {
    expect(
      read([
        {
          name: 'homelab',
          url: 'https://prometheus.example',
          clusters: ['homelab'],
          auth: { bearerToken: 'token' },
          window: '10m',
          splitTolerance: 2,
        },
      ]),
    ).toStrictEqual([
      {
        name: 'homelab',
        url: 'https://prometheus.example',
        clusters: ['homelab'],
        auth: { bearerToken: 'token' },
        window: '10m',
        splitTolerance: 2,
        maxResponseBytes: 16 * 1024 * 1024,
      },
    ]);
  });

  it.each([
    [
      { name: 'a', url: 'http://p', window: '30s' },
      'istioMesh.prometheus[0].window must be at least 1m',
    ],
    [
      { name: 'a', url: 'http://p', window: 'five minutes' },
      'istioMesh.prometheus[0].window must be a duration such as 5m',
    ],
    [
      {
        name: 'a',
        url: 'http://p',
        auth: { bearerToken: 't', basic: { username: 'u', password: 'p' } },
      },
      'istioMesh.prometheus[0].auth: set bearerToken or basic, not both',
    ],
    [
      { name: 'a', url: 'ftp://p' },
      'istioMesh.prometheus[0].url is not an http(s) URL',
    ],
    [
      { name: 'a', url: 'http://admin:secret@p' },
      'istioMesh.prometheus[0].url must not hold credentials; set istioMesh.prometheus[0].auth.basic instead',
    ],
    [
      { name: 'a', url: 'http://p', splitTolerance: 150 },
      'istioMesh.prometheus[0].splitTolerance must be between 0 and 100',
    ],
  ])('refuses %j', (entry, message) => {
    expect(() => read([entry])).toThrow(message);
  });

  it('refuses two Prometheus servers of one name', () => {
    expect(() =>
      read([
        { name: 'a', url: 'http://p' },
        { name: 'a', url: 'http://q' },
      ]),
    ).toThrow('istioMesh.prometheus[1].name: another Prometheus is named a');
  });
});
