import { ChildProcess, execFile, spawn } from 'child_process';
import { mkdtemp, rm, writeFile } from 'fs/promises';
import { createServer } from 'net';
import { tmpdir } from 'os';
import { join } from 'path';
import { promisify } from 'util';

const run = promisify(execFile);

/** A Prometheus of the tests, on a loopback port, with backfilled series. */
export interface TestPrometheus {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise(resolve => server.close(resolve));
  return port;
}

async function requireCommand(command: string) {
  try {
    await run(command, ['--version']);
  } catch {
    throw new Error(
      `${command} is not installed: the runtime-evidence tests need a real Prometheus. Install the Debian package (apt-get install prometheus, as .ci/run does).`,
    );
  }
}

/** Resolves once `/-/ready` answers 200, or rejects when Prometheus exits. */
async function ready(url: string, child: ChildProcess, log: () => string) {
  let exited: Error | undefined;
  child.once('exit', code => {
    exited = new Error(`Prometheus exited with ${code}: ${log()}`);
  });
  for (;;) {
    if (exited) throw exited;
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

/**
 * Starts Prometheus (the Debian package's binary) on a free loopback port
 * over a temporary TSDB holding `openMetrics`, backfilled with promtool.
 * Nothing is scraped: the series are all there is.
 */
export async function startTestPrometheus(
  openMetrics: string,
): Promise<TestPrometheus> {
  await requireCommand('prometheus');
  await requireCommand('promtool');
  const dir = await mkdtemp(join(tmpdir(), 'istio-mesh-prometheus-'));
  const data = join(dir, 'data');
  await writeFile(join(dir, 'series.om'), openMetrics);
  await run('promtool', [
    'tsdb',
    'create-blocks-from',
    'openmetrics',
    join(dir, 'series.om'),
    data,
  ]);
  await writeFile(join(dir, 'prometheus.yml'), 'global: {}\n');
  const port = await freePort();
  const child = spawn(
    'prometheus',
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // Backfilled blocks are old; keep them whatever their age.
      '--storage.tsdb.retention.time=100y',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await ready(url, child, () => stderr);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
