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

describe('staleAfterSeconds', () => {
  const every = (frequency: object | string) =>
    read({ refresh: { frequency, timeout: { minutes: 3 } } }).staleAfterSeconds;

  it('is two refresh intervals, whatever the frequency is written as', () => {
    expect(read({}).staleAfterSeconds).toBe(600);
    expect(every({ minutes: 15 })).toBe(1800);
    expect(every('PT1H')).toBe(7200);
    expect(every({ cron: '*/10 * * * *' })).toBe(1200);
  });

  it('takes the longest gap of a cron schedule, so a weekday schedule is not stale over a weekend', () => {
    // 02:00 on weekdays: Friday to Monday is three days.
    expect(every({ cron: '0 2 * * 1-5' })).toBe(2 * 3 * 86_400);
  });

  it('is undefined for a refresh triggered only by hand', () => {
    expect(every({ trigger: 'manual' })).toBeUndefined();
  });
});

describe('istioMesh.sources', () => {
  it('bounds every source read by default, and reads the bounds', () => {
    expect(read({}).sources).toStrictEqual({
      timeoutMs: 60_000,
      concurrency: 8,
      maxFileBytes: 10 * 1024 * 1024,
      maxReadBytes: 200 * 1024 * 1024,
    });
    expect(
      read({
        sources: {
          timeout: '2m',
          concurrency: 2,
          maxFileBytes: 1024,
          maxReadBytes: 4096,
        },
      }).sources,
    ).toStrictEqual({
      timeoutMs: 120_000,
      concurrency: 2,
      maxFileBytes: 1024,
      maxReadBytes: 4096,
    });
    expect(() => read({ sources: { maxFileBytes: 0 } })).toThrow(
      'istioMesh.sources.maxFileBytes',
    );
    expect(() => read({ sources: { concurrency: 0 } })).toThrow(
      'istioMesh.sources.concurrency',
    );
  });
});
