import { ConfigReader } from '@backstage/config';
import { readIstioMeshConfig } from './config';

const read = (istioMesh: object) =>
  readIstioMeshConfig(new ConfigReader({ istioMesh }), '/repo');

describe('readIstioMeshConfig', () => {
  it('bounds POST /v1/analyze by default', () => {
    expect(read({}).analyze).toStrictEqual({
      maxBodyBytes: 1024 * 1024,
      maxObjects: 2000,
      rateLimit: { requests: 10, windowMs: 60_000 },
      timeoutMs: 20_000,
    });
  });

  it('reads the analyze limits, durations as objects or strings', () => {
    expect(
      read({
        analyze: {
          maxBodyBytes: 4096,
          maxObjects: 50,
          rateLimit: { requests: 3, window: { seconds: 10 } },
          timeout: '1500ms',
        },
      }).analyze,
    ).toStrictEqual({
      maxBodyBytes: 4096,
      maxObjects: 50,
      rateLimit: { requests: 3, windowMs: 10_000 },
      timeoutMs: 1500,
    });
  });

  it.each([
    [{ maxObjects: 0 }, 'istioMesh.analyze.maxObjects'],
    [{ maxBodyBytes: 1.5 }, 'istioMesh.analyze.maxBodyBytes'],
    [{ rateLimit: { requests: -1 } }, 'istioMesh.analyze.rateLimit.requests'],
    [{ timeout: { seconds: 0 } }, 'istioMesh.analyze.timeout'],
  ])('refuses %j naming the key', (analyze, key) => {
    expect(() => read({ analyze })).toThrow(key);
  });
});

describe('istioMesh.mapping', () => {
  it('maps entities without a namespace unless told to refuse them', () => {
    expect(read({}).mapping).toStrictEqual({ requireNamespace: false });
    expect(read({ mapping: { requireNamespace: true } }).mapping).toStrictEqual(
      { requireNamespace: true },
    );
  });
});
