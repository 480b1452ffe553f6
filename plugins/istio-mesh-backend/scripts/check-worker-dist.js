#!/usr/bin/env node
/* eslint-disable no-restricted-syntax */
// Checks that the analysis of POST /v1/analyze runs in its worker thread
// from built code, as in an install from a registry: the backend's dist,
// with @istio-mesh/plugin-istio-mesh-common resolved to its dist too, and no
// TypeScript transform anywhere (loading a .ts file throws). Build first:
//
//   npx tsc -p . &&
//   (cd plugins/istio-mesh-common && npx backstage-cli package build) &&
//   (cd plugins/istio-mesh-backend && npx backstage-cli package build)
//   node plugins/istio-mesh-backend/scripts/check-worker-dist.js
//
// This file is also preloaded (--require) into that run, so that worker
// threads, which inherit the preload, resolve the same way.
const Module = require('node:module');
const { join, resolve } = require('node:path');
const { spawnSync } = require('node:child_process');

const root = resolve(__dirname, '../../..');
const built = {
  '@istio-mesh/plugin-istio-mesh-common': join(
    root,
    'plugins/istio-mesh-common/dist/index.cjs.js',
  ),
};
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveBuilt(request, ...rest) {
  return built[request] ?? resolveFilename.call(this, request, ...rest);
};
require.extensions['.ts'] = (_module, filename) => {
  throw new Error(`TypeScript source loaded: ${filename}`);
};

function check() {
  const dist = join(root, 'plugins/istio-mesh-backend/dist');
  // The whole plugin loads from built code.
  require(join(dist, 'index.cjs.js'));
  const { runInWorker } = require(join(
    dist,
    'service/worker/runInWorker.cjs.js',
  ));
  const { manifestAnalysisTask } = require(join(
    dist,
    'service/analysis/manifestAnalysisTask.cjs.js',
  ));
  if (!manifestAnalysisTask.modulePath.endsWith('.cjs.js')) {
    throw new Error(`task module is ${manifestAnalysisTask.modulePath}`);
  }
  const started = Date.now();
  return runInWorker(
    manifestAnalysisTask,
    {
      files: [
        {
          path: 'vs.yaml',
          content: [
            'apiVersion: networking.istio.io/v1',
            'kind: VirtualService',
            'metadata: { name: reviews, namespace: shop }',
            'spec:',
            '  hosts: [reviews]',
            '  http: [{ route: [{ destination: { host: reviews-v9 } }] }]',
          ].join('\n'),
        },
      ],
      maxObjects: 10,
      rootNamespace: 'istio-system',
    },
    { timeoutMs: 30_000 },
  ).then(output => {
    const codes = output.messages.map(m => `${m.code} ${m.name}`);
    if (!codes.includes('IST0101 reviews')) {
      throw new Error(`unexpected messages: ${JSON.stringify(codes)}`);
    }
    console.log(
      `dist: ${manifestAnalysisTask.modulePath}\n` +
        `analyzed in a worker from built code in ${
          Date.now() - started
        } ms: ${codes.join(', ')}`,
    );
  });
}

exports.check = check;

if (require.main === module) {
  // Preloaded by --require and loaded again through -e (the main module
  // would come from the preload's cache and not run).
  const run = spawnSync(
    process.execPath,
    [
      '--require',
      __filename,
      '-e',
      `require(${JSON.stringify(__filename)}).check().catch(error => {
        console.error(error);
        process.exitCode = 1;
      })`,
    ],
    { stdio: 'inherit' },
  );
  process.exitCode = run.status ?? 1;
}
