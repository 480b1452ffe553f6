import { CustomErrorBase } from '@backstage/errors';

// @backstage/errors has no types for these two statuses. The backend's
// error middleware answers with an error's numeric `statusCode` field and
// serializes its name and message like those of @backstage/errors.

/** The request is larger than the route accepts: answered 413. */
export class PayloadTooLargeError extends CustomErrorBase {
  name = 'PayloadTooLargeError' as const;
  readonly statusCode = 413;
}

/**
 * The caller made too many requests: answered 429. The route sets
 * `Retry-After` before throwing it, since the error middleware sets no
 * headers.
 */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  readonly statusCode = 429;
}
