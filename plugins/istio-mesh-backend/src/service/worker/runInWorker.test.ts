import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { isMainThread } from 'node:worker_threads';
import { runInWorker, WorkerDeadlineError } from './runInWorker';
import {
  doubleTask,
  refuseTask,
  spinForeverTask,
} from './__fixtures__/workerTasks';

jest.setTimeout(60_000);

describe('runInWorker', () => {
  it('runs a TypeScript task under jest, whose transform does not reach workers', async () => {
    expect(isMainThread).toBe(true);
    await expect(
      runInWorker(doubleTask, { value: 21 }, { timeoutMs: 30_000 }),
    ).resolves.toEqual({ doubled: 42 });
  });

  it('runs it as `backstage-cli package start` runs the backend', async () => {
    // The same loader arguments as the CLI's runBackend: the worker inherits
    // them through process.execArgv.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        '--enable-source-maps',
        '--require',
        require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
        resolve(__dirname, '__fixtures__/printDoubleFromWorker.ts'),
        '5',
      ],
      { cwd: resolve(__dirname, '../../..') },
    );
    expect(JSON.parse(stdout)).toEqual({
      result: { doubled: 10 },
      transformInherited: true,
    });
  });

  it('keeps the event loop free while the task runs, and stops it at the deadline', async () => {
    let settled = false;
    const running = runInWorker(spinForeverTask, {}, { timeoutMs: 1_000 });
    running
      .catch(() => {})
      .finally(() => {
        settled = true;
      });
    // A task on this thread would hold the event loop forever: no timer
    // would fire before it ends, and it never ends.
    await new Promise(r => setTimeout(r, 0));
    expect(settled).toBe(false);
    await expect(running).rejects.toThrow(
      new WorkerDeadlineError('task spinForever did not finish within 1000 ms'),
    );
  });

  it('rejects with the error the task threw, by name', async () => {
    const error = await runInWorker(
      refuseTask,
      { reason: 'files: no manifests' },
      { timeoutMs: 30_000 },
    ).catch(e => e);
    expect(error.name).toBe('InputError');
    expect(error.message).toBe('files: no manifests');
  });
});
