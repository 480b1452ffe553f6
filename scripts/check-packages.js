#!/usr/bin/env node
// @ts-check
/*
 * Builds every published package and packs it as npm would publish it,
 * then checks each tarball: its package.json points `main` and `types` at
 * files under dist that the tarball holds, it declares no workspace-only
 * entry (`src/`), and common's main entry and the frontend's reach neither
 * ajv nor the vendored CRD schemas (common's `/validation` holds them).
 * Prints each tarball's size and dist JavaScript.
 *
 * Then installs the tarballs into a Backstage app and backend made outside
 * the workspace from scripts/scratch-app (check-packages/scratchApp.js):
 * builds the app and prints its JavaScript, starts the backend on
 * PostgreSQL, asks it for paymentservice, and opens the Mesh tab in
 * Chromium. Exits 1 on the first check that fails.
 *
 *   node scripts/check-packages.js
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { checkEntryContents } = require('./check-packages/entryContents');
const { checkScratchApp } = require('./check-packages/scratchApp');

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

const kib = bytes => `${(bytes / 1024).toFixed(0)} KiB`;

async function checkTarball(tarball, name) {
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
  await checkEntryContents(name, dir);
  const javascript = fs.existsSync(path.join(dir, 'dist'))
    ? sizeOf(path.join(dir, 'dist'), ['.js'])
    : 0;
  fs.rmSync(unpacked, { recursive: true, force: true });
  return { main: manifest.main, javascript };
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
    const { main: entry, javascript } = await checkTarball(tarball, name);
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
    await checkScratchApp(tarballs);
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
