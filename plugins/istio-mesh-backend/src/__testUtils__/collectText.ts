import type { Response } from 'superagent';

/**
 * A supertest `parse` callback that reads the body as text whatever its
 * content type, so a CSV response arrives as the string that was sent.
 */
export function collectText(
  res: Response,
  done: (error: Error | null, body: string) => void,
) {
  let body = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (body += chunk));
  res.on('end', () => done(null, body));
}
