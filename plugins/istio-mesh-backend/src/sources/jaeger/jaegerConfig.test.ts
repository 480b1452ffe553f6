import { ConfigReader } from '@backstage/config';
import { JsonObject } from '@backstage/types';
import { readJaegerConfig } from './jaegerConfig';

const read = (jaeger: object[]) =>
  readJaegerConfig(
    new ConfigReader({ istioMesh: { jaeger } } as JsonObject),
    __dirname,
  );

describe('readJaegerConfig', () => {
  it('reads a Jaeger with the defaults: every cluster, 1h, 16 MiB', () => {
    expect(
      read([{ name: 'homelab', url: 'http://jaeger.example:16686/' }]),
    ).toStrictEqual([
      {
        name: 'homelab',
        url: 'http://jaeger.example:16686',
        auth: {},
        lookback: '1h',
        lookbackMs: 3_600_000,
        maxResponseBytes: 16 * 1024 * 1024,
      },
    ]);
  });

  it('reads clusters, auth and lookback', () => {
    expect(
      read([
        {
          name: 'homelab',
          url: 'https://jaeger.example',
          clusters: ['homelab'],
          auth: { basic: { username: 'u', password: 'p' } },
          lookback: '30m',
        },
      ])[0],
    ).toMatchObject({
      clusters: ['homelab'],
      auth: { basic: { username: 'u', password: 'p' } },
      lookback: '30m',
      lookbackMs: 1_800_000,
    });
  });

  it.each([
    [
      { name: 'a', url: 'http://u:p@jaeger' },
      'istioMesh.jaeger[0].url must not hold credentials; set istioMesh.jaeger[0].auth.basic instead',
    ],
    [
      { name: 'a', url: 'jaeger:16686' },
      'istioMesh.jaeger[0].url is not an http(s) URL',
    ],
    [
      { name: 'a', url: 'http://jaeger', lookback: '2d' },
      'istioMesh.jaeger[0].lookback must be whole minutes or hours from 1m to 24h, such as 30m or 1h, not 2d',
    ],
    [
      { name: 'a', url: 'http://jaeger', lookback: '25h' },
      'istioMesh.jaeger[0].lookback must be whole minutes or hours from 1m to 24h, such as 30m or 1h, not 25h',
    ],
    [
      { name: 'a', url: 'http://jaeger', clusters: [] },
      'istioMesh.jaeger[0].clusters must not be empty; leave it out for every cluster',
    ],
    [
      {
        name: 'a',
        url: 'http://jaeger',
        auth: { bearerToken: 't', basic: { username: 'u', password: 'p' } },
      },
      'istioMesh.jaeger[0].auth: set bearerToken or basic, not both',
    ],
  ])('refuses %j', (entry, message) => {
    expect(() => read([entry])).toThrow(message);
  });

  it('refuses two Jaegers of one name', () => {
    expect(() =>
      read([
        { name: 'a', url: 'http://a' },
        { name: 'a', url: 'http://b' },
      ]),
    ).toThrow('istioMesh.jaeger[1].name: another Jaeger is named a');
  });
});
