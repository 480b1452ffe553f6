import express from 'express';
import request from 'supertest';
import {
  mockCredentials,
  mockErrorHandler,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  callerKey,
  CallerRateLimiter,
  rateLimitPerCaller,
} from './callerRateLimiter';

function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('CallerRateLimiter', () => {
  it('lets a caller make the limit of requests in a window, then says when to retry', () => {
    const time = clock();
    const limiter = new CallerRateLimiter({
      requests: 3,
      windowMs: 60_000,
      now: time.now,
    });
    expect(limiter.take('user:default/alice')).toEqual({ allowed: true });
    time.advance(10_000);
    expect(limiter.take('user:default/alice')).toEqual({ allowed: true });
    expect(limiter.take('user:default/alice')).toEqual({ allowed: true });
    expect(limiter.take('user:default/alice')).toEqual({
      allowed: false,
      retryAfterSeconds: 50,
    });
    // The first request leaves the window after 60 s.
    time.advance(49_000);
    expect(limiter.take('user:default/alice')).toEqual({
      allowed: false,
      retryAfterSeconds: 1,
    });
    time.advance(1_000);
    expect(limiter.take('user:default/alice')).toEqual({ allowed: true });
  });

  it('counts each caller on its own', () => {
    const time = clock();
    const limiter = new CallerRateLimiter({
      requests: 1,
      windowMs: 60_000,
      now: time.now,
    });
    expect(limiter.take('user:default/alice')).toEqual({ allowed: true });
    expect(limiter.take('user:default/bob')).toEqual({ allowed: true });
    expect(limiter.take('user:default/alice').allowed).toBe(false);
  });

  it('does not count refused requests', () => {
    const time = clock();
    const limiter = new CallerRateLimiter({
      requests: 1,
      windowMs: 1_000,
      now: time.now,
    });
    limiter.take('a');
    for (let i = 0; i < 100; i++) {
      time.advance(9);
      expect(limiter.take('a').allowed).toBe(false);
    }
    time.advance(100);
    expect(limiter.take('a')).toEqual({ allowed: true });
  });

  it('keys users by entity ref and services by subject', () => {
    expect(callerKey(mockCredentials.user('user:default/alice'))).toBe(
      'user:default/alice',
    );
    expect(
      callerKey(
        mockCredentials.user('user:default/alice', {
          actor: { subject: 'plugin:scaffolder' },
        } as any),
      ),
    ).toBe('user:default/alice');
    expect(callerKey(mockCredentials.service('plugin:scaffolder'))).toBe(
      'service:plugin:scaffolder',
    );
  });
});

describe('rateLimitPerCaller', () => {
  it('answers 429 with Retry-After and the config key once a caller is over the limit', async () => {
    const time = clock();
    const limiter = new CallerRateLimiter({
      requests: 1,
      windowMs: 30_000,
      now: time.now,
    });
    const app = express()
      .post(
        '/limited',
        rateLimitPerCaller({
          limiter,
          httpAuth: mockServices.httpAuth({
            pluginId: 'istio-mesh',
            defaultCredentials: mockCredentials.none(),
          }),
          configKey: 'istioMesh.analyze.rateLimit',
        }),
        (_req, res) => {
          res.json({ ok: true });
        },
      )
      .use(mockErrorHandler());
    const alice = { Authorization: mockCredentials.user.header() };

    expect((await request(app).post('/limited')).status).toBe(401);
    expect((await request(app).post('/limited').set(alice)).status).toBe(200);
    const refused = await request(app).post('/limited').set(alice);
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('30');
    expect(refused.body.error).toEqual({
      name: 'TooManyRequestsError',
      message: 'Too many requests; retry in 30 s (istioMesh.analyze.rateLimit)',
      statusCode: 429,
    });
    // A plugin calling on alice's behalf (the scaffolder) counts as alice.
    const onBehalfOfAlice = {
      Authorization: mockCredentials.service.header({
        onBehalfOf: mockCredentials.user(),
        targetPluginId: 'istio-mesh',
      }),
    };
    expect(
      (await request(app).post('/limited').set(onBehalfOfAlice)).status,
    ).toBe(429);
    const service = { Authorization: mockCredentials.service.header() };
    expect((await request(app).post('/limited').set(service)).status).toBe(200);
    time.advance(30_000);
    expect((await request(app).post('/limited').set(alice)).status).toBe(200);
  });
});
