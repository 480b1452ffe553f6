import statuses from 'statuses';
import { httpStatusOf } from '../MeshStateError/httpStatusOf';

/**
 * An error from the backend in words: its HTTP status with the status's
 * name ("503 Service Unavailable", whatever reason phrase the response
 * carried, which HTTP/2 drops), and the backend's own message where the
 * error carries its body.
 *
 * @internal
 */
export function describeError(error: Error): {
  status?: string;
  message: string;
} {
  const code = httpStatusOf(error);
  const words = code === undefined ? undefined : statuses.message[code];
  const body = (error as { body?: { error?: { message?: unknown } } }).body;
  const message = body?.error?.message;
  return {
    status: code === undefined ? undefined : [code, words].join(' ').trim(),
    message: typeof message === 'string' ? message : error.message,
  };
}
