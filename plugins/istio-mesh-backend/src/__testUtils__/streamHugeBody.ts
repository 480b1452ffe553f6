import { ServerResponse } from 'node:http';

/** A JSON answer too large to buffer: its start, a repeated filler, its end. */
export interface HugeBody {
  head: string;
  /** Written again and again, each a complete JSON array element. */
  filler: Buffer;
  tail: string;
  /** Filler bytes to write before the tail, unless the client hangs up. */
  bytes: number;
}

/**
 * Streams `body` as a 200 answer, writing only as fast as the client reads
 * (so a test server never holds the huge body in memory), and reports the
 * filler bytes written so far: a client that stops reading at its limit
 * shows as a small count.
 */
export function streamHugeBody(
  res: ServerResponse,
  body: HugeBody,
  onWritten: (bytes: number) => void,
): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write(body.head);
  let sent = 0;
  const pump = () => {
    while (sent < body.bytes && !res.destroyed) {
      sent += body.filler.length;
      onWritten(sent);
      if (!res.write(body.filler)) {
        res.once('drain', pump);
        return;
      }
    }
    if (!res.destroyed) res.end(body.tail);
  };
  pump();
}
