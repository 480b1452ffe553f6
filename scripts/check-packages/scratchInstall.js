// @ts-check
/*
 * Makes an adopter's Backstage repository outside the workspace from the
 * skeleton in scripts/scratch-app: packages/app (new frontend system) and
 * packages/backend, with the istio-mesh packages from their tarballs and
 * Backstage's at the workspace's versions. Then installs and builds it.
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const SKELETON = path.join(root, 'scripts', 'scratch-app');

/**
 * The repository's tools, as in this workspace's root package.json: the CLI,
 * and the test packages it names as optional peers (left out, npm picks
 * versions the CLI refuses).
 */
const ROOT_DEV_DEPENDENCIES = [
  '@backstage/cli',
  '@backstage/cli-defaults',
  '@jest/environment-jsdom-abstract',
  'jest',
  'jsdom',
];
/** What the app installs from the registry, at the workspace's versions. */
const APP_DEPENDENCIES = [
  '@backstage/frontend-defaults',
  '@backstage/plugin-catalog',
  '@backstage/ui',
  'react',
  'react-dom',
  'react-router',
  'react-router-dom',
];
/** What the backend installs from the registry, at the workspace's versions. */
const BACKEND_DEPENDENCIES = [
  '@backstage/backend-defaults',
  '@backstage/plugin-app-backend',
  '@backstage/plugin-auth-backend',
  '@backstage/plugin-auth-backend-module-guest-provider',
  '@backstage/plugin-catalog-backend',
  '@backstage/plugin-permission-backend',
  '@backstage/plugin-permission-backend-module-allow-all-policy',
  '@backstage/plugin-scaffolder-backend',
];
/** The tarballs each installs; those they depend on come through overrides. */
const APP_TARBALLS = ['@istio-mesh/plugin-istio-mesh'];
const BACKEND_TARBALLS = [
  '@istio-mesh/plugin-istio-mesh-backend',
  '@istio-mesh/plugin-scaffolder-backend-module-istio-mesh',
];

function run(command, args, cwd) {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
}

function workspaceVersion(name) {
  const file = require.resolve(`${name}/package.json`, { paths: [root] });
  return JSON.parse(fs.readFileSync(file, 'utf8')).version;
}

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * @param {string[]} names registry packages
 * @param {string[]} tarballNames
 * @param {Map<string, string>} tarballs package name -> tarball path
 */
function dependencies(names, tarballNames, tarballs) {
  return {
    ...Object.fromEntries(names.map(name => [name, workspaceVersion(name)])),
    ...Object.fromEntries(
      tarballNames.map(name => [name, `file:${tarballs.get(name)}`]),
    ),
  };
}

/**
 * Copies the skeleton into `dir`, writes its package.json files and
 * installs it.
 *
 * @param {string} dir an empty folder outside the workspace
 * @param {Map<string, string>} tarballs package name -> tarball path
 */
function createScratchRepository(dir, tarballs) {
  fs.cpSync(SKELETON, dir, { recursive: true });
  const fromTarball = Object.fromEntries(
    [...tarballs].map(([name, tarball]) => [name, `file:${tarball}`]),
  );
  writeJson(path.join(dir, 'package.json'), {
    name: 'scratch-backstage',
    private: true,
    version: '0.0.0',
    workspaces: ['packages/*'],
    devDependencies: dependencies(ROOT_DEV_DEPENDENCIES, [], tarballs),
    // The packages name each other by version; these are the tarballs.
    overrides: fromTarball,
  });
  writeJson(path.join(dir, 'packages/app/package.json'), {
    name: 'app',
    private: true,
    version: '0.0.0',
    bundled: true,
    backstage: { role: 'frontend' },
    dependencies: dependencies(APP_DEPENDENCIES, APP_TARBALLS, tarballs),
    browserslist: ['last 1 chrome version'],
  });
  writeJson(path.join(dir, 'packages/backend/package.json'), {
    name: 'backend',
    private: true,
    version: '0.0.0',
    main: 'index.js',
    dependencies: {
      ...dependencies(BACKEND_DEPENDENCIES, BACKEND_TARBALLS, tarballs),
      app: '0.0.0',
    },
  });
  process.stdout.write(`installing the tarballs into ${dir}\n`);
  const started = Date.now();
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
  for (const [name, workspace] of [
    ['@istio-mesh/plugin-istio-mesh-backend', 'packages/backend'],
    ['@istio-mesh/plugin-istio-mesh/alpha', 'packages/app'],
  ]) {
    const resolved = require.resolve(name, {
      paths: [path.join(dir, workspace)],
    });
    if (!resolved.startsWith(dir) || !resolved.includes('/dist/')) {
      throw new Error(
        `the scratch ${workspace} loads ${name} from ${resolved}`,
      );
    }
  }
  process.stdout.write(
    `installed in ${Math.round((Date.now() - started) / 1000)} s\n`,
  );
}

/**
 * Builds the app with the config the backend serves it with.
 *
 * @param {string} dir the scratch repository, with its app-config.yaml
 * @returns {string} the app's dist/static
 */
function buildScratchApp(dir) {
  const app = path.join(dir, 'packages/app');
  run(
    path.join(dir, 'node_modules/.bin/backstage-cli'),
    ['package', 'build', '--config', path.join(dir, 'app-config.yaml')],
    app,
  );
  return path.join(app, 'dist', 'static');
}

module.exports = { SKELETON, buildScratchApp, createScratchRepository };
