#!/usr/bin/env node
// @ts-check
/*
 * Builds every published package and packs it as npm would publish it,
 * then checks each tarball: its package.json points `main` and `types` at
 * files under dist that the tarball holds, and it declares no workspace-only
 * entry (`src/`). Prints each tarball's size and the frontend's JavaScript,
 * which an app bundles. Exits 1 on the first package that would not install.
 *
 *   node scripts/check-packages.js
 */
const { execFileSync, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const net = require('node:net');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const PACKAGES = [
  'plugins/istio-mesh-common',
  'plugins/istio-mesh-node',
  'plugins/istio-mesh-backend',
  'plugins/scaffolder-backend-module-istio-mesh',
  'plugins/istio-mesh',
  'packages/cli',
];

function run(command, args, cwd = root) {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

/** Bytes of the files under `dir` whose names end with one of `endings`. */
function sizeOf(dir, endings) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) total += sizeOf(file, endings);
    else if (endings.some(ending => entry.name.endsWith(ending))) {
      total += fs.statSync(file).size;
    }
  }
  return total;
}

/** Packages the scratch backend installs from the registry, at the workspace's versions. */
const SCRATCH_DEPENDENCIES = [
  '@backstage/backend-defaults',
  '@backstage/plugin-catalog-backend',
  '@backstage/plugin-permission-backend',
  '@backstage/plugin-permission-backend-module-allow-all-policy',
  '@backstage/plugin-scaffolder-backend',
];
/** The tarballs it installs, and those its packages depend on. */
const SCRATCH_TARBALLS = [
  '@istio-mesh/plugin-istio-mesh-common',
  '@istio-mesh/plugin-istio-mesh-node',
  '@istio-mesh/plugin-istio-mesh-backend',
  '@istio-mesh/plugin-scaffolder-backend-module-istio-mesh',
];
const ENTITY = 'component/default/paymentservice';

const kib = bytes => `${(bytes / 1024).toFixed(0)} KiB`;

function checkTarball(tarball, name) {
  const unpacked = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mesh-pack-'));
  run('tar', ['-xzf', tarball, '-C', unpacked]);
  const dir = path.join(unpacked, 'package');
  const manifest = JSON.parse(
    fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
  );
  const problems = [];
  // A CLI is run, not imported: it has no types.
  const entryPoints = [['main', manifest.main]];
  if (manifest.backstage?.role !== 'cli') {
    entryPoints.push(['types', manifest.types]);
  }
  for (const [field, target] of entryPoints) {
    if (typeof target !== 'string' || !target.startsWith('dist/')) {
      problems.push(`${field} is ${JSON.stringify(target)}, not under dist/`);
    } else if (!fs.existsSync(path.join(dir, target))) {
      problems.push(`${field} ${target} is not in the tarball`);
    }
  }
  for (const [command, target] of Object.entries(manifest.bin ?? {})) {
    if (!fs.existsSync(path.join(dir, target))) {
      problems.push(`bin ${command} (${target}) is not in the tarball`);
    }
  }
  const entries = JSON.stringify(manifest.exports ?? {});
  if (entries.includes('src/')) {
    problems.push(`exports still name src/: ${entries}`);
  }
  if (problems.length > 0) {
    throw new Error(`${name}: ${problems.join('; ')}`);
  }
  const javascript = fs.existsSync(path.join(dir, 'dist'))
    ? sizeOf(path.join(dir, 'dist'), ['.js'])
    : 0;
  fs.rmSync(unpacked, { recursive: true, force: true });
  return { main: manifest.main, javascript };
}

function workspaceVersion(name) {
  const file = require.resolve(`${name}/package.json`, { paths: [root] });
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/**
 * Installs the tarballs into a backend outside the workspace, starts it,
 * and waits until it serves the example paymentservice's mesh state from
 * the example cluster snapshot.
 *
 * @param {Map<string, string>} tarballs package name -> tarball path
 */
async function checkScratchBackend(tarballs) {
  const postgres = postgresConnection();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mesh-scratch-'));
  /** @type {Array<() => Promise<void>>} */
  const cleanups = [];
  try {
    fs.copyFileSync(
      path.join(__dirname, 'scratch-backend', 'index.js'),
      path.join(dir, 'index.js'),
    );
    const fromTarball = Object.fromEntries(
      SCRATCH_TARBALLS.map(name => [name, `file:${tarballs.get(name)}`]),
    );
    const manifest = {
      name: 'scratch-backend',
      private: true,
      version: '0.0.0',
      dependencies: {
        ...Object.fromEntries(
          SCRATCH_DEPENDENCIES.map(name => [name, workspaceVersion(name)]),
        ),
        ...fromTarball,
      },
      // The packages name each other by version; these are the tarballs.
      overrides: fromTarball,
    };
    fs.writeFileSync(
      path.join(dir, 'package.json'),
      `${JSON.stringify(manifest, null, 2)}\n`,
    );
    process.stdout.write(`installing the tarballs into ${dir}\n`);
    run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
      ],
      dir,
    );
    const resolved = run(
      'node',
      ['-p', "require.resolve('@istio-mesh/plugin-istio-mesh-backend')"],
      dir,
    ).trim();
    if (!resolved.startsWith(dir) || !resolved.includes('/dist/')) {
      throw new Error(`the scratch backend loads the plugin from ${resolved}`);
    }

    const prefix = `istio_mesh_scratch_${randomBytes(4).toString('hex')}_`;
    cleanups.push(() => dropDatabases(postgres, prefix));
    const port = await freePort();
    const token = randomBytes(24).toString('hex');
    const baseUrl = `http://127.0.0.1:${port}`;
    // JSON is YAML: the config the backend reads.
    const config = {
      backend: {
        baseUrl,
        listen: { host: '127.0.0.1', port },
        // PostgreSQL, as adopters run it (and no native module to build):
        // one database per plugin, under a prefix of its own.
        database: { client: 'pg', connection: postgres, prefix },
        auth: {
          externalAccess: [
            { type: 'static', options: { token, subject: 'check-packages' } },
          ],
        },
      },
      catalog: {
        rules: [{ allow: ['Component', 'System', 'Group', 'Location'] }],
        locations: [
          {
            type: 'file',
            target: path.join(root, 'examples/catalog/online-boutique.yaml'),
          },
        ],
      },
      istioMesh: {
        clusterSnapshots: [
          {
            cluster: 'homelab',
            path: path.join(root, 'examples/cluster/homelab.yaml'),
          },
        ],
      },
    };
    fs.writeFileSync(path.join(dir, 'app-config.yaml'), JSON.stringify(config));
    const logs = [];
    const backend = spawn(
      process.execPath,
      ['index.js', '--config', 'app-config.yaml'],
      { cwd: dir, env: { ...process.env, NODE_ENV: 'production' } },
    );
    backend.stdout.on('data', chunk => logs.push(String(chunk)));
    backend.stderr.on('data', chunk => logs.push(String(chunk)));
    const exited = new Promise(resolve => backend.once('exit', resolve));
    try {
      const state = await waitForEntity(
        `${baseUrl}/api/istio-mesh/v1/entities/${ENTITY}`,
        token,
        exited,
      );
      const mtls = state.criteria.find(c => c.id === 'mtls-strict');
      if (state.criteria.length !== 9 || mtls?.status !== 'fail') {
        throw new Error(
          `paymentservice came back with ${state.criteria.length} criteria and mtls-strict ${mtls?.status}; expected 9 and fail (its PERMISSIVE policy)`,
        );
      }
      process.stdout.write(
        `scratch backend (plugin from ${path.relative(
          dir,
          resolved,
        )}): paymentservice ${state.level.level}, mtls-strict ${mtls.status}\n`,
      );
    } catch (error) {
      process.stderr.write(logs.join('').split('\n').slice(-40).join('\n'));
      throw error;
    } finally {
      backend.kill();
      await exited;
    }
  } finally {
    for (const cleanup of cleanups) await cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The PostgreSQL the tests use (BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING). */
function postgresConnection() {
  const name = Object.keys(process.env).find(key =>
    /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(key),
  );
  if (!name) {
    throw new Error(
      'the scratch backend needs PostgreSQL: set BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING (e.g. postgresql://postgres@127.0.0.1:5432), as .ci/run does',
    );
  }
  return process.env[name];
}

/** Drops the databases the scratch backend's plugins created. */
async function dropDatabases(connectionString, prefix) {
  const { Client } = require(require.resolve('pg', { paths: [root] }));
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const { rows } = await client.query(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [prefix],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

/** Asks until the entity's state is served, the backend exits, or 5 minutes pass. */
async function waitForEntity(url, token, exited) {
  const deadline = Date.now() + 300_000;
  let stopped = false;
  exited.then(() => {
    stopped = true;
  });
  let last = 'no answer';
  while (!stopped && Date.now() < deadline) {
    try {
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.ok) return await response.json();
      last = `HTTP ${response.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  throw new Error(
    stopped
      ? 'the scratch backend exited before it served the entity'
      : `the scratch backend did not serve ${ENTITY} within 5 minutes (last: ${last})`,
  );
}

async function main() {
  // Declarations first: package builds bundle them from dist-types.
  process.stdout.write('tsc (declarations into dist-types)\n');
  run('npx', ['tsc']);
  const destination = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mesh-tgz-'));
  const rows = [['package', 'main', 'tarball', 'dist JavaScript']];
  const tarballs = new Map();
  for (const folder of PACKAGES) {
    const cwd = path.join(root, folder);
    const { name } = JSON.parse(
      fs.readFileSync(path.join(cwd, 'package.json'), 'utf8'),
    );
    run('npx', ['backstage-cli', 'package', 'build'], cwd);
    // npm runs prepack (publishConfig into package.json) and postpack.
    const [packed] = JSON.parse(
      run('npm', ['pack', '--json', '--pack-destination', destination], cwd),
    );
    const tarball = path.join(destination, packed.filename);
    tarballs.set(name, tarball);
    const { main: entry, javascript } = checkTarball(tarball, name);
    rows.push([name, entry, kib(fs.statSync(tarball).size), kib(javascript)]);
    const after = JSON.parse(
      fs.readFileSync(path.join(cwd, 'package.json'), 'utf8'),
    );
    if (after.main !== 'src/index.ts') {
      throw new Error(`${name}: postpack left main at ${after.main}`);
    }
  }
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map(row => row[column].length)),
  );
  for (const row of rows) {
    process.stdout.write(
      `${row
        .map((cell, column) => cell.padEnd(widths[column] + 2))
        .join('')}\n`,
    );
  }
  try {
    await checkScratchBackend(tarballs);
  } finally {
    fs.rmSync(destination, { recursive: true, force: true });
  }
}

/** Leaves the checkout as it was: no dist, no dist-types. */
function clean() {
  for (const folder of PACKAGES) {
    fs.rmSync(path.join(root, folder, 'dist'), {
      recursive: true,
      force: true,
    });
  }
  fs.rmSync(path.join(root, 'dist-types'), { recursive: true, force: true });
}

main()
  .catch(error => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  })
  .finally(clean);
