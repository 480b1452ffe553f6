import { formatSeconds } from './formatSeconds';

/** How one source is read within its deadline. */
export interface SourceDeadlineOptions<T> {
  /** `istioMesh.sources.timeout`. */
  timeoutMs: number;
  /** The refresh's signal: the scheduler stops an overrunning refresh. */
  signal?: AbortSignal;
  /** Reads the source, passing the signal on to every request it makes. */
  read: (signal: AbortSignal) => Promise<T>;
  /** The result of a read that was stopped, saying why. */
  stopped: (message: string) => T;
}

/**
 * Reads a source within its deadline. When the deadline passes or the
 * refresh is stopped, the read's signal aborts, and the result is
 * `stopped(...)` at once, even from a reader that ignores its signal: a
 * stuck source never holds up the others, nor the read all callers share.
 */
export async function readWithinDeadline<T>(
  options: SourceDeadlineOptions<T>,
): Promise<T> {
  const deadline = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal
    ? AbortSignal.any([options.signal, deadline])
    : deadline;
  const why = () =>
    deadline.aborted
      ? `no answer within ${formatSeconds(
          options.timeoutMs,
        )} (istioMesh.sources.timeout)`
      : 'the refresh was stopped';
  let stop: (() => void) | undefined;
  const stopped = new Promise<T>(resolve => {
    stop = () => resolve(options.stopped(why()));
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
  try {
    return await Promise.race([
      options.read(signal).catch(error => {
        if (signal.aborted) return options.stopped(why());
        throw error;
      }),
      stopped,
    ]);
  } finally {
    signal.removeEventListener('abort', stop!);
  }
}
