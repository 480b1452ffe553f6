import {
  BackstageCredentials,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { Request, RequestHandler } from 'express';
import { TooManyRequestsError } from './httpErrors';

/** Options of {@link CallerRateLimiter}. */
export interface CallerRateLimiterOptions {
  /** Requests one caller may make per window. */
  requests: number;
  /** Length of the sliding window, in milliseconds. */
  windowMs: number;
  /** The clock; tests pass their own so that they never wait. */
  now?: () => number;
}

/** Whether a caller may go on, or how long it must wait. */
export type RateLimitDecision =
  | { allowed: true }
  | { allowed: false; retryAfterSeconds: number };

/**
 * The caller a request is counted against: the user (also when a plugin
 * such as the scaffolder calls on the user's behalf), or the calling
 * service.
 */
export function callerKey(credentials: BackstageCredentials): string {
  const principal = credentials.principal as
    | { type: 'user'; userEntityRef: string }
    | { type: 'service'; subject: string }
    | { type: 'none' };
  if (principal.type === 'user') return principal.userEntityRef;
  if (principal.type === 'service') return `service:${principal.subject}`;
  return 'none';
}

/**
 * At most `requests` requests per caller in any window of `windowMs`
 * (a sliding log of each caller's accepted requests). Refused requests are
 * not counted, so a caller that keeps retrying gets through once the
 * window has moved on. Counts live in memory: each backend replica limits
 * on its own.
 */
export class CallerRateLimiter {
  private readonly accepted = new Map<string, number[]>();
  private readonly now: () => number;
  private sweepAt = 1000;

  constructor(private readonly options: CallerRateLimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Counts one request of `caller`, unless it is over the limit. */
  take(caller: string): RateLimitDecision {
    const now = this.now();
    const since = now - this.options.windowMs;
    // At most `requests` entries, oldest first.
    const recent = (this.accepted.get(caller) ?? []).filter(t => t > since);
    if (recent.length >= this.options.requests) {
      this.accepted.set(caller, recent);
      const freeAt =
        recent[recent.length - this.options.requests] + this.options.windowMs;
      return {
        allowed: false,
        retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)),
      };
    }
    recent.push(now);
    this.accepted.set(caller, recent);
    if (this.accepted.size > this.sweepAt) this.forgetIdleCallers(since);
    return { allowed: true };
  }

  /** Callers whose requests all left the window no longer take memory. */
  private forgetIdleCallers(since: number) {
    for (const [caller, times] of this.accepted) {
      if (times[times.length - 1] <= since) this.accepted.delete(caller);
    }
    this.sweepAt = Math.max(1000, 2 * this.accepted.size);
  }
}

/**
 * Express middleware that authenticates the caller and counts the request
 * against its limit: 401 without credentials, 429 with `Retry-After` over
 * the limit. `configKey` is named in the refusal, so that an operator knows
 * what to raise.
 */
export function rateLimitPerCaller(options: {
  limiter: CallerRateLimiter;
  httpAuth: HttpAuthService;
  configKey: string;
}): RequestHandler {
  const { limiter, httpAuth, configKey } = options;
  return async (req: Request, res, next) => {
    try {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const decision = limiter.take(callerKey(credentials));
      if (!decision.allowed) {
        res.setHeader('Retry-After', String(decision.retryAfterSeconds));
        throw new TooManyRequestsError(
          `Too many requests; retry in ${decision.retryAfterSeconds} s (${configKey})`,
        );
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
