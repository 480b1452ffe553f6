// @ts-check
/*
 * The scratch repository's backend: its config (PostgreSQL, the example
 * catalog and cluster snapshot, guest sign-in, the app it serves), starting
 * it on a free port, and asking it for an entity.
 */
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

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
  return /** @type {string} */ (process.env[name]);
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

/**
 * Writes the repository's app-config.yaml, which the app is built with and
 * the backend runs with.
 *
 * @param {string} dir the scratch repository
 * @returns {Promise<{ baseUrl: string, token: string, dropDatabases: () => Promise<void> }>}
 */
async function writeScratchConfig(dir) {
  const postgres = postgresConnection();
  const prefix = `istio_mesh_scratch_${randomBytes(4).toString('hex')}_`;
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const baseUrl = `http://127.0.0.1:${port}`;
  // JSON is YAML.
  const config = {
    app: { title: 'Scratch Backstage', baseUrl },
    backend: {
      baseUrl,
      listen: { host: '127.0.0.1', port },
      // Served over plain HTTP on loopback.
      csp: { 'upgrade-insecure-requests': false },
      // PostgreSQL, as adopters run it (and no native module to build):
      // one database per plugin, under a prefix of its own.
      database: { client: 'pg', connection: postgres, prefix },
      auth: {
        externalAccess: [
          { type: 'static', options: { token, subject: 'check-packages' } },
        ],
      },
    },
    // The backend runs with NODE_ENV=production, as a deployed one does.
    auth: {
      providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
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
  return {
    baseUrl,
    token,
    dropDatabases: () => dropDatabases(postgres, prefix),
  };
}

/**
 * Starts packages/backend of the scratch repository.
 *
 * @param {string} dir
 */
function startScratchBackend(dir) {
  /** @type {string[]} */
  const logs = [];
  const backend = spawn(
    process.execPath,
    ['packages/backend/index.js', '--config', 'app-config.yaml'],
    { cwd: dir, env: { ...process.env, NODE_ENV: 'production' } },
  );
  backend.stdout.on('data', chunk => logs.push(String(chunk)));
  backend.stderr.on('data', chunk => logs.push(String(chunk)));
  let running = true;
  const exited = new Promise(resolve =>
    backend.once('exit', () => {
      running = false;
      resolve(undefined);
    }),
  );
  return {
    isRunning: () => running,
    lastLines: (count = 40) =>
      logs.join('').split('\n').slice(-count).join('\n'),
    stop: async () => {
      backend.kill();
      await exited;
    },
  };
}

/**
 * Asks until the entity's mesh state is served, the backend exits, or 5
 * minutes pass.
 *
 * @param {string} url
 * @param {string} token
 * @param {() => boolean} isRunning
 */
async function waitForEntity(url, token, isRunning) {
  const deadline = Date.now() + 300_000;
  let last = 'no answer';
  while (isRunning() && Date.now() < deadline) {
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
    isRunning()
      ? `the scratch backend did not serve ${url} within 5 minutes (last: ${last})`
      : 'the scratch backend exited before it served the entity',
  );
}

module.exports = { startScratchBackend, waitForEntity, writeScratchConfig };
