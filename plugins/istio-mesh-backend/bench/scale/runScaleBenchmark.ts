/*
 * The scale benchmark of issue 17: generated clusters served over HTTP with
 * latency, a generated catalog, and a real backend process holding the
 * catalog, Backstage's Kubernetes plugin and this plugin. Measures the
 * refresh, the entity and compliance routes under concurrent clients, and
 * the Kubernetes plugin's workloads query for the same entities. The last
 * line printed is one JSON object.
 *
 *   npm run bench -- --profile S|M|L        (at the repository root)
 *
 * `--keep` keeps the generated config, catalog and backend log; `--cpu-prof`
 * also writes a CPU profile of the backend process into that folder;
 * `--trace-gc` writes V8's garbage collections into the backend log;
 * `--heap-snapshot` writes a V8 heap snapshot of the backend at the end of
 * the run (after the last refresh) into that folder;
 * `--max-semi-space-size MB` sizes V8's young generation;
 * `--max-old-space-size MB` limits the backend's V8 heap; `--catalog
 * file|stub` loads the entities through a file location into the real
 * catalog (the default for S and M) or serves them from a stub of the
 * catalog's read routes (catalogStub.ts, the default for L); `--database
 * postgres` puts every plugin's database in PostgreSQL
 * (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING, or the local
 * server as the postgres user) instead of SQLite in the backend's memory,
 * under a prefix of its own that is dropped afterwards.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import Knex from 'knex';
import {
  KubernetesApiTestServer,
  startKubernetesApiTestServer,
} from '../../src/__testUtils__/kubernetesApiTestServer';
import {
  generateMesh,
  renderCatalogYaml,
  SCALE_PROFILES,
  ScaleProfile,
} from './generateMesh';

const CLUSTER_LATENCY_MS = 50;
const ADDED_LATENCY_MS = 100;
const PLUGIN_DIR = resolve(__dirname, '../..');

function argument(name: string): string | undefined {
  const index = process.argv.lastIndexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function print(line = '') {
  process.stdout.write(`${line}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Resident set size and its peak (VmHWM) of a process, in MB. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return {
    rssMb: Math.round(kb('VmRSS') / 1024),
    peakMb: Math.round(kb('VmHWM') / 1024),
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(
    sorted.length - 1,
    Math.ceil((p / 100) * sorted.length) - 1,
  );
  return Math.round(sorted[Math.max(0, index)]);
}

interface LoadResult {
  requests: number;
  /** Answers other than 2xx, and requests that got no answer. */
  failures: number;
  p50: number;
  p95: number;
  /** The first request that got no answer, and why. */
  firstError?: string;
}

// How long the compliance list and summary are each asked for.
const COMPLIANCE_MS = 30_000;

/**
 * Runs `request` from `concurrency` clients, each one after the other,
 * until `total` requests were made or `until()` says stop.
 */
async function load(options: {
  concurrency: number;
  total?: number;
  until?: () => boolean;
  request: (i: number) => Promise<Response>;
}): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let unanswered = 0;
  let firstError: string | undefined;
  const more = () =>
    options.total !== undefined ? next < options.total : !options.until?.();
  const client = async () => {
    while (more()) {
      const i = next++;
      const start = performance.now();
      try {
        const response = await options.request(i);
        await response.arrayBuffer();
        latencies.push(performance.now() - start);
        if (!response.ok) failures += 1;
      } catch (error) {
        // Counted, not fatal: one reset connection must not end the run.
        failures += 1;
        unanswered += 1;
        firstError ??= `${error} ${(error as { cause?: unknown }).cause ?? ''}`;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, client));
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length + unanswered,
    failures,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    firstError,
  };
}

/** `N failed`, and why the first request without an answer got none. */
function failed(result: LoadResult): string {
  return `${result.failures} failed${
    result.firstError ? `; first without an answer: ${result.firstError}` : ''
  }`;
}

/** A repeatable sequence of indexes, so that every run asks for the same entities. */
function indexSequence(size: number, seed = 17) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state % size;
  };
}

/** Where the backend's plugins keep their databases. */
type DatabaseConfig =
  | { client: 'better-sqlite3'; connection: ':memory:' }
  | { client: 'pg'; connection: string; prefix: string };

/** Drops the databases a run's plugins created in PostgreSQL. */
async function dropDatabases(connection: string, prefix: string) {
  const knex = Knex({ client: 'pg', connection });
  try {
    const { rows } = await knex.raw(
      'SELECT datname FROM pg_database WHERE starts_with(datname, ?)',
      [prefix],
    );
    for (const { datname } of rows as Array<{ datname: string }>) {
      await knex.raw('DROP DATABASE ?? WITH (FORCE)', [datname]);
    }
  } finally {
    await knex.destroy();
  }
}

function appConfig(options: {
  port: number;
  token: string;
  database: DatabaseConfig;
  catalogPath: string;
  servers: Array<{ name: string; server: KubernetesApiTestServer }>;
}) {
  return {
    backend: {
      baseUrl: `http://127.0.0.1:${options.port}`,
      listen: { port: options.port, host: '127.0.0.1' },
      database: options.database,
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: options.token, subject: 'scale-benchmark' },
          },
        ],
      },
    },
    catalog: {
      rules: [{ allow: ['Component', 'Location'] }],
      locations: [{ type: 'file', target: options.catalogPath }],
    },
    permission: { enabled: true },
    kubernetes: {
      serviceLocatorMethod: { type: 'multiTenant' },
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: options.servers.map(({ name, server }) => ({
            name,
            url: server.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: server.token,
            skipTLSVerify: true,
          })),
        },
      ],
      // The Istio kinds, as an adopter showing them on the entity page lists them.
      customResources: [
        ['networking.istio.io', 'virtualservices'],
        ['networking.istio.io', 'destinationrules'],
        ['security.istio.io', 'peerauthentications'],
        ['security.istio.io', 'authorizationpolicies'],
      ].map(([group, plural]) => ({ group, apiVersion: 'v1', plural })),
    },
    istioMesh: {
      // Refreshes when the benchmark asks (POST /v1/refresh). The scheduler
      // takes no triggered run before the initial delay, so that is short:
      // the refreshes at start-up and their catalog warm-up retries run
      // while the catalog loads, before anything is measured.
      refresh: {
        frequency: { hours: 24 },
        timeout: { hours: 1 },
        initialDelay: { seconds: 1 },
      },
    },
  };
}

/** The backend process, its log, and a way to wait for its next refresh. */
class BackendProcess {
  private refreshes = 0;
  private waiters: Array<{
    count: number;
    done: () => void;
    fail: (error: Error) => void;
  }> = [];
  readonly child: ChildProcess;

  constructor(options: {
    configPath: string;
    logPath: string;
    pluginModule?: string;
    /** Folder for a CPU profile of the whole run (`node --cpu-prof`). */
    cpuProfileDir?: string;
    /** V8's old-space limit in MB; Node's default when undefined. */
    maxOldSpaceMb?: number;
    /** Logs every garbage collection (`node --trace-gc`). */
    traceGc?: boolean;
    /** V8's semi-space size in MB (the young generation); Node's default when undefined. */
    maxSemiSpaceMb?: number;
    /** Folder where SIGUSR2 makes the backend write a heap snapshot. */
    heapSnapshotDir?: string;
    /** A JSON file of entities the catalog stub serves, instead of the catalog. */
    catalogStubPath?: string;
  }) {
    const log = createWriteStream(options.logPath);
    this.child = spawn(
      process.execPath,
      [
        ...(options.maxOldSpaceMb
          ? [`--max-old-space-size=${options.maxOldSpaceMb}`]
          : []),
        ...(options.cpuProfileDir
          ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
          : []),
        ...(options.traceGc ? ['--trace-gc'] : []),
        ...(options.maxSemiSpaceMb
          ? [`--max-semi-space-size=${options.maxSemiSpaceMb}`]
          : []),
        ...(options.heapSnapshotDir
          ? [
              '--heapsnapshot-signal=SIGUSR2',
              `--diagnostic-dir=${options.heapSnapshotDir}`,
            ]
          : []),
        '-r',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        resolve(__dirname, 'scaleBackend.ts'),
        '--config',
        options.configPath,
      ],
      {
        cwd: PLUGIN_DIR,
        env: {
          ...process.env,
          NODE_ENV: 'development',
          LOG_LEVEL: 'info',
          ...(options.pluginModule
            ? { ISTIO_MESH_BENCH_PLUGIN: options.pluginModule }
            : {}),
          ...(options.catalogStubPath
            ? { ISTIO_MESH_BENCH_CATALOG_STUB: options.catalogStubPath }
            : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let pending = '';
    const onData = (chunk: Buffer) => {
      log.write(chunk);
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (line.includes('Refreshed the mesh state of')) {
          this.refreshes += 1;
          this.waiters = this.waiters.filter(w => {
            if (this.refreshes >= w.count) w.done();
            return this.refreshes < w.count;
          });
        }
      }
    };
    this.child.stdout!.on('data', onData);
    this.child.stderr!.on('data', onData);
    this.child.once('exit', (code, signal) => {
      const error = new Error(
        `The backend exited (${signal ?? code}); see ${options.logPath}`,
      );
      for (const waiter of this.waiters) waiter.fail(error);
      this.waiters = [];
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves when the refresh after the ones seen so far is logged. */
  nextRefresh(): Promise<void> {
    const count = this.refreshes + 1;
    if (this.child.exitCode !== null) {
      return Promise.reject(new Error('The backend has exited'));
    }
    return new Promise((done, fail) =>
      this.waiters.push({ count, done, fail }),
    );
  }

  /** Stops the backend and waits for it to exit (a CPU profile is written then). */
  async stop() {
    if (this.child.exitCode !== null) return;
    const exited = new Promise(r => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    await Promise.race([exited, sleep(30_000)]);
  }
}

async function main() {
  const profileName = (argument('profile') ?? 'S').toUpperCase();
  const profile: ScaleProfile | undefined =
    SCALE_PROFILES[profileName as keyof typeof SCALE_PROFILES];
  if (!profile) {
    throw new Error(`Unknown profile ${profileName}; one of S, M, L`);
  }
  const catalogMode =
    argument('catalog') ?? (profile.name === 'L' ? 'stub' : 'file');
  if (catalogMode !== 'stub' && catalogMode !== 'file') {
    throw new Error(`Unknown --catalog ${catalogMode}; one of file, stub`);
  }
  const databaseMode = argument('database') ?? 'sqlite';
  if (databaseMode !== 'sqlite' && databaseMode !== 'postgres') {
    throw new Error(
      `Unknown --database ${databaseMode}; one of sqlite, postgres`,
    );
  }
  const database: DatabaseConfig =
    databaseMode === 'postgres'
      ? {
          client: 'pg',
          connection:
            process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING ??
            'postgresql://postgres@127.0.0.1:5432',
          prefix: `istio_mesh_scale_${randomBytes(4).toString('hex')}_`,
        }
      : { client: 'better-sqlite3', connection: ':memory:' };
  const distModule = resolve(PLUGIN_DIR, 'dist/index.cjs.js');
  const pluginModule = existsSync(distModule) ? distModule : undefined;

  print(
    `Profile ${profile.name}: ${profile.clusters} clusters × ${profile.namespacesPerCluster} namespaces × ${profile.servicesPerNamespace} services`,
  );
  print(
    `Machine: ${cpus().length} cores, load ${loadavg()
      .map(l => l.toFixed(2))
      .join(' ')}, Node ${process.version}`,
  );
  print(
    pluginModule
      ? `Plugin: built dist (${distModule}), workspace packages under the transform`
      : 'Plugin: src under the transform (@backstage/cli nodeTransform; no built dist)',
  );

  let start = performance.now();
  const mesh = generateMesh(profile);
  const objects = mesh.clusters.reduce((n, c) => n + c.objects.length, 0);
  const count = (kind: string) =>
    mesh.clusters.reduce(
      (n, c) => n + c.objects.filter(o => o.kind === kind).length,
      0,
    );
  const istioKinds = [
    'PeerAuthentication',
    'AuthorizationPolicy',
    'VirtualService',
    'DestinationRule',
  ];
  print(
    `Generated in ${Math.round(
      performance.now() - start,
    )} ms: ${objects} objects, ${count('Service')} services, ${count(
      'Pod',
    )} pods, ${istioKinds.reduce(
      (n, k) => n + count(k),
      0,
    )} Istio resources, ${count('Application')} Argo CD Applications, ${
      mesh.entities.length
    } entities`,
  );

  const servers = await Promise.all(
    mesh.clusters.map(async cluster => ({
      name: cluster.name,
      server: await startKubernetesApiTestServer({
        objects: cluster.objects,
        latencyMs: CLUSTER_LATENCY_MS,
      }),
    })),
  );
  const k8sRequests = () =>
    servers.reduce((n, s) => n + s.server.requests.length, 0);

  const dir = await mkdtemp(join(tmpdir(), 'istio-mesh-scale-'));
  const catalogPath = join(dir, 'catalog.yaml');
  const configPath = join(dir, 'app-config.yaml');
  const logPath = join(dir, 'backend.log');
  const token = randomBytes(24).toString('hex');
  const port = await freePort();
  const catalogStubPath =
    catalogMode === 'stub' ? join(dir, 'entities.json') : undefined;
  if (catalogStubPath) {
    await writeFile(catalogStubPath, JSON.stringify(mesh.entities));
    print(
      'Catalog: a stub of its read routes over the generated entities (bench/scale/catalogStub.ts), not the catalog backend',
    );
  } else {
    await writeFile(catalogPath, renderCatalogYaml(mesh.entities));
    print('Catalog: the catalog backend, loading a file location');
  }
  await writeFile(
    configPath,
    stringify(appConfig({ port, token, database, catalogPath, servers })),
  );
  print(
    database.client === 'pg'
      ? `Databases: PostgreSQL, prefix ${database.prefix} (dropped afterwards)`
      : 'Databases: SQLite in the backend’s memory',
  );
  print(`Backend on 127.0.0.1:${port}; config, catalog and log in ${dir}`);

  const base = `http://127.0.0.1:${port}/api`;
  const headers = { authorization: `Bearer ${token}` };
  const get = (path: string) => fetch(`${base}${path}`, { headers });
  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const cpuProfileDir = process.argv.includes('--cpu-prof')
    ? join(dir, 'cpu-profile')
    : undefined;
  if (cpuProfileDir) print(`CPU profile of the backend in ${cpuProfileDir}`);
  const heapSnapshotDir = process.argv.includes('--heap-snapshot')
    ? join(dir, 'heap-snapshot')
    : undefined;
  if (heapSnapshotDir) {
    await mkdir(heapSnapshotDir);
    print(`Heap snapshot of the backend at the end, in ${heapSnapshotDir}`);
  }
  const megabytes = (name: string) => {
    const value = argument(name);
    return value ? Number(value) : undefined;
  };
  const maxOldSpaceMb = megabytes('max-old-space-size');
  const maxSemiSpaceMb = megabytes('max-semi-space-size');
  if (maxOldSpaceMb) print(`Backend heap limit: ${maxOldSpaceMb} MB`);
  if (maxSemiSpaceMb) print(`Backend semi-space: ${maxSemiSpaceMb} MB`);
  const backend = new BackendProcess({
    configPath,
    logPath,
    pluginModule,
    cpuProfileDir,
    maxOldSpaceMb,
    traceGc: process.argv.includes('--trace-gc'),
    maxSemiSpaceMb,
    heapSnapshotDir,
    catalogStubPath,
  });
  let peakSampledMb = 0;
  const sampler = setInterval(() => {
    try {
      peakSampledMb = Math.max(peakSampledMb, memoryOf(backend.pid).rssMb);
    } catch {
      // the process is gone; the run fails below
    }
  }, 250);
  const results: Array<[string, string | number]> = [];
  const row = (what: string, value: string | number) => {
    results.push([what, value]);
    print(`  ${what.padEnd(64)} ${value}`);
  };

  try {
    // Started, and the whole catalog loaded.
    start = performance.now();
    for (;;) {
      if (backend.child.exitCode !== null) {
        throw new Error(`The backend exited; see ${logPath}`);
      }
      const response = await get(
        '/catalog/entities/by-query?filter=kind=component&limit=1',
      ).catch(() => undefined);
      if (response?.ok) {
        const { totalItems } = (await response.json()) as {
          totalItems: number;
        };
        if (totalItems >= mesh.entities.length) break;
      }
      await sleep(1000);
    }
    row(
      'backend started and catalog loaded (s)',
      ((performance.now() - start) / 1000).toFixed(1),
    );
    row('RSS before the first refresh (MB)', memoryOf(backend.pid).rssMb);

    const refresh = async () => {
      // 409 while a start-up refresh still runs: wait for it to end.
      for (;;) {
        const running = backend.nextRefresh();
        const response = await post('/istio-mesh/v1/refresh', {});
        if (response.status === 202) break;
        if (response.status !== 409) {
          throw new Error(
            `POST /v1/refresh answered ${
              response.status
            }: ${await response.text()}`,
          );
        }
        await running;
      }
      const before = k8sRequests();
      const done = backend.nextRefresh();
      const begin = performance.now();
      await done;
      return {
        seconds: (performance.now() - begin) / 1000,
        requests: k8sRequests() - before,
      };
    };

    // Three refreshes: time, requests and memory.
    const first = await refresh();
    await sleep(2000);
    const rssAfterFirst = memoryOf(backend.pid).rssMb;
    row('refresh: wall time (s)', first.seconds.toFixed(1));
    row('refresh: Kubernetes requests', first.requests);
    row('RSS after refresh 1 (MB)', rssAfterFirst);
    const seconds = [first.seconds];
    for (const n of [2, 3]) {
      const next = await refresh();
      seconds.push(next.seconds);
      await sleep(2000);
      row(
        `refresh ${n}: wall time (s), RSS after (MB)`,
        `${next.seconds.toFixed(1)}, ${memoryOf(backend.pid).rssMb}`,
      );
    }
    const rssAfterThird = memoryOf(backend.pid).rssMb;
    const peakRssMb = Math.max(memoryOf(backend.pid).peakMb, peakSampledMb);
    row('peak RSS so far (MB, VmHWM)', peakRssMb);
    row(
      'RSS growth from refresh 1 to refresh 3 (MB)',
      rssAfterThird - rssAfterFirst,
    );

    // The entity route, as the Mesh tab calls it.
    const names = mesh.entities.map(e => e.metadata.name);
    const entityRequest = () => {
      const pick = indexSequence(names.length);
      return () =>
        get(`/istio-mesh/v1/entities/component/default/${names[pick()]}`);
    };
    const entity: Record<number, LoadResult> = {};
    for (const [concurrency, total] of [
      [1, 100],
      [10, 500],
      [50, 1000],
    ]) {
      entity[concurrency] = await load({
        concurrency,
        total,
        request: entityRequest(),
      });
      row(
        `entity mesh state, ${concurrency} clients: p50 / p95 (ms)`,
        `${entity[concurrency].p50} / ${entity[concurrency].p95} (${
          entity[concurrency].requests
        } requests, ${failed(entity[concurrency])})`,
      );
    }
    let refreshing = true;
    const during = refresh().then(r => {
      refreshing = false;
      return r;
    });
    const duringLoad = await load({
      concurrency: 10,
      until: () => !refreshing,
      request: entityRequest(),
    });
    const duringRefresh = await during;
    row(
      'entity mesh state, 10 clients during a refresh: p50 / p95 (ms)',
      `${duringLoad.p50} / ${duringLoad.p95} (${
        duringLoad.requests
      } requests, ${failed(
        duringLoad,
      )}; refresh ${duringRefresh.seconds.toFixed(1)} s)`,
    );

    // The compliance page: a caller's first request, which asks the catalog
    // for every entity the caller may read (kept 10 s), timed alone; then a
    // filtered, sorted page, and the summary, at 10 clients, each for
    // COMPLIANCE_MS: three times as long as the caller's entities are kept,
    // so that the catalog queries after the first count too.
    const phase = () => {
      const begun = performance.now();
      return () => performance.now() - begun >= COMPLIANCE_MS;
    };
    const coldStart = performance.now();
    const cold = await get('/istio-mesh/v1/compliance?limit=50');
    await cold.arrayBuffer();
    row(
      "compliance list, a caller's first request (ms)",
      `${Math.round(performance.now() - coldStart)} (${cold.status})`,
    );
    const pages = Math.max(1, Math.floor(names.length / 50));
    const pick = indexSequence(pages);
    const namespaces = profile.namespacesPerCluster;
    const list = await load({
      concurrency: 10,
      until: phase(),
      request: i =>
        get(
          i % 2 === 0
            ? `/istio-mesh/v1/compliance?limit=50&offset=${
                pick() * 50
              }&orderBy=level&order=desc`
            : `/istio-mesh/v1/compliance?limit=50&namespace=team-${
                i % namespaces
              }&criterion=traffic-policy&status=warn&orderBy=updatedAt`,
        ),
    });
    row(
      'compliance list, 10 clients: p50 / p95 (ms)',
      `${list.p50} / ${list.p95} (${list.requests} requests, ${failed(list)})`,
    );
    const summary = await load({
      concurrency: 10,
      until: phase(),
      request: i =>
        get(
          i % 2 === 0
            ? '/istio-mesh/v1/compliance/summary'
            : `/istio-mesh/v1/compliance/summary?cluster=cluster-${
                i % profile.clusters
              }`,
        ),
    });
    row(
      'compliance summary, 10 clients: p50 / p95 (ms)',
      `${summary.p50} / ${summary.p95} (${summary.requests} requests, ${failed(
        summary,
      )})`,
    );

    // The Kubernetes plugin's entity page for the same entities.
    const queries = 50;
    const beforeQueries = k8sRequests();
    const k8sPick = indexSequence(names.length, 4711);
    const k8s = await load({
      concurrency: 10,
      total: queries,
      request: () =>
        post('/kubernetes/resources/workloads/query', {
          entityRef: `component:default/${names[k8sPick()]}`,
          auth: {},
        }),
    });
    const perPage = (k8sRequests() - beforeQueries) / queries;
    row(
      'Kubernetes plugin workloads query, 10 clients: p50 / p95 (ms)',
      `${k8s.p50} / ${k8s.p95} (${k8s.requests} requests, ${failed(k8s)})`,
    );
    row('Kubernetes plugin: upstream requests per entity page', perPage);
    row(
      'Kubernetes plugin: upstream requests, every entity page once',
      Math.round(perPage * names.length),
    );
    row('istio-mesh: upstream requests per refresh', first.requests);

    // Slower clusters.
    for (const { server } of servers) {
      server.setLatencyMs(CLUSTER_LATENCY_MS + ADDED_LATENCY_MS);
    }
    const slow = await refresh();
    row(
      `refresh with ${ADDED_LATENCY_MS} ms added per request: wall time (s)`,
      slow.seconds.toFixed(1),
    );
    row(
      'peak RSS over the run (MB, VmHWM)',
      Math.max(memoryOf(backend.pid).peakMb, peakSampledMb),
    );
    if (heapSnapshotDir) {
      // V8 writes the snapshot on the backend's event loop: once the
      // backend answers again, the file is complete.
      process.kill(backend.pid, 'SIGUSR2');
      while ((await readdir(heapSnapshotDir)).length === 0) {
        if (backend.child.exitCode !== null) {
          throw new Error(`The backend exited; see ${logPath}`);
        }
        await sleep(500);
      }
      await (await get('/istio-mesh/v1/compliance?limit=1')).arrayBuffer();
      row('heap snapshot (after the last refresh)', heapSnapshotDir);
    }

    print(
      JSON.stringify({
        profile: profile.name,
        refreshSeconds: Number(first.seconds.toFixed(1)),
        k8sRequestsPerRefresh: first.requests,
        peakRssMb,
        rssGrowthMb: rssAfterThird - rssAfterFirst,
        entityP50Ms: entity[10].p50,
        entityP95Ms: entity[10].p95,
        entityP95MsAt50: entity[50].p95,
        entityP95MsDuringRefresh: duringLoad.p95,
        complianceListP95Ms: list.p95,
        complianceSummaryP95Ms: summary.p95,
        k8sPluginRequestsPerEntityPage: perPage,
        k8sPluginEntityP95Ms: k8s.p95,
      }),
    );
  } finally {
    clearInterval(sampler);
    await backend.stop();
    await Promise.all(servers.map(s => s.server.close()));
    if (database.client === 'pg') {
      await dropDatabases(database.connection, database.prefix);
    }
    if (
      !process.argv.includes('--keep') &&
      !cpuProfileDir &&
      !heapSnapshotDir
    ) {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exitCode = 1;
});
