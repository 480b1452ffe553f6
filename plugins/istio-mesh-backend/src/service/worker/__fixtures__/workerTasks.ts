import { InputError } from '@backstage/errors';
import { workerTask } from '../runInWorker';

/** Doubles a number: proves the round trip. */
export function double(input: { value: number }) {
  return { doubled: input.value * 2 };
}

/** Never returns: only the deadline ends it. */
export function spinForever(_input: {}): never {
  for (;;) {
    // Busy: a worker that shared the event loop would block every test.
  }
}

/** Fails as a route handler would. */
export async function refuse(input: { reason: string }): Promise<never> {
  throw new InputError(input.reason);
}

export const doubleTask = workerTask(__filename, { double });
export const spinForeverTask = workerTask(__filename, { spinForever });
export const refuseTask = workerTask(__filename, { refuse });
