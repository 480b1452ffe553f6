import { Worker } from 'node:worker_threads';
import { CustomErrorBase, deserializeError } from '@backstage/errors';

/**
 * A function that {@link runInWorker} can run in a worker thread: exported
 * by name from a module file. Input and output cross threads by structured
 * clone: plain data only.
 */
export interface WorkerTask<I, O> {
  /** Absolute path of the module file, as its own `__filename` gives it. */
  modulePath: string;
  /** Name under which the module exports the function. */
  exportName: string;
  /** Carries the types only. */
  readonly run?: (input: I) => O | Promise<O>;
}

/**
 * Declares a task from the module that exports it:
 * `export const task = workerTask(__filename, { analyze })`. The single key
 * names the export, so renaming the function keeps the two in step.
 */
export function workerTask<I, O>(
  modulePath: string,
  exported: Record<string, (input: I) => O | Promise<O>>,
): WorkerTask<I, O> {
  const names = Object.keys(exported);
  if (names.length !== 1) {
    throw new Error(`workerTask needs exactly one function, got ${names}`);
  }
  return { modulePath, exportName: names[0] };
}

/** The task did not finish in time; its worker was stopped. */
export class WorkerDeadlineError extends CustomErrorBase {
  name = 'WorkerDeadlineError' as const;
}

// Plain JavaScript, so that the worker starts the same way in every mode:
// under `backstage-cli package start` the TypeScript transform is already
// registered through the inherited `--require`; under jest (whose transform
// does not reach worker threads) a `.ts` task module registers the CLI's
// node transform first; from a built `dist` the module is JavaScript.
const BOOTSTRAP = `
const { parentPort, workerData } = require('node:worker_threads');
const { dirname } = require('node:path');
const { modulePath, exportName, input } = workerData;
const plain = error => ({
  name: (error && error.name) || 'Error',
  message: (error && error.message) || String(error),
  stack: error && error.stack,
});
Promise.resolve()
  .then(() => {
    if (/\\.[cm]?tsx?$/.test(modulePath) && !require.extensions['.ts']) {
      require(require.resolve('@backstage/cli-node/config/nodeTransform.cjs', {
        paths: [dirname(modulePath)],
      }));
    }
    const run = require(modulePath)[exportName];
    if (typeof run !== 'function') {
      throw new TypeError(modulePath + ' exports no function ' + exportName);
    }
    return run(input);
  })
  .then(
    result => parentPort.postMessage({ result }),
    error => parentPort.postMessage({ error: plain(error) }),
  )
  .catch(error => parentPort.postMessage({ error: plain(error) }));
`;

/** Options of {@link runInWorker}. */
export interface RunInWorkerOptions {
  /** The worker is stopped after this many milliseconds. */
  timeoutMs: number;
}

/**
 * Runs a task in a fresh worker thread, so that CPU-bound work never holds
 * the event loop that answers every other request. The worker is terminated
 * at the deadline, which rejects with {@link WorkerDeadlineError}. Errors
 * thrown by the task keep their name and message (an `InputError` is still
 * answered 400).
 */
export function runInWorker<I, O>(
  task: WorkerTask<I, O>,
  input: I,
  options: RunInWorkerOptions,
): Promise<O> {
  return new Promise<O>((resolve, reject) => {
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: {
        modulePath: task.modulePath,
        exportName: task.exportName,
        input,
      },
    });
    // Settles once, with the first of: the result, an error, the worker's
    // exit, the deadline; then stops the worker and whatever it left
    // running (timers, loader threads).
    const state: {
      settled: boolean;
      deadline?: ReturnType<typeof setTimeout>;
    } = { settled: false };
    const settle = (outcome: () => void) => {
      if (state.settled) return;
      state.settled = true;
      clearTimeout(state.deadline);
      outcome();
      worker.terminate().catch(() => {});
    };
    state.deadline = setTimeout(
      () =>
        settle(() =>
          reject(
            new WorkerDeadlineError(
              `task ${task.exportName} did not finish within ${options.timeoutMs} ms`,
            ),
          ),
        ),
      options.timeoutMs,
    );
    worker.on('message', (message: { result?: O; error?: any }) =>
      settle(() =>
        message.error
          ? reject(deserializeError(message.error))
          : resolve(message.result as O),
      ),
    );
    worker.on('error', error => settle(() => reject(error)));
    worker.on('exit', code =>
      settle(() =>
        reject(
          new Error(
            `worker of task ${task.exportName} stopped with exit code ${code}`,
          ),
        ),
      ),
    );
  });
}
