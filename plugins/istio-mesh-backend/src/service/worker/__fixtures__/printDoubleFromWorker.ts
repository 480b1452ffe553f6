// Run by runInWorker.test.ts as `backstage-cli package start` runs the
// backend: plain node with the CLI's TypeScript transform required.
import { runInWorker } from '../runInWorker';
import { doubleTask } from './workerTasks';

runInWorker(
  doubleTask,
  { value: Number(process.argv[2]) },
  { timeoutMs: 30_000 },
)
  .then(result => {
    process.stdout.write(
      JSON.stringify({
        result,
        transformInherited: !!require.extensions['.ts'],
      }),
    );
  })
  .catch(error => {
    process.stderr.write(String(error?.stack ?? error));
    process.exitCode = 1;
  });
