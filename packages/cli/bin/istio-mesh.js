#!/usr/bin/env node
/*
 * Entry point of the istio-mesh CLI. A source checkout runs the TypeScript
 * sources through Backstage's transform, so that `npx istio-mesh` works
 * straight after `npm install`; the published package (no src/) runs its
 * build.
 *
 * The choice is made on src/, not dist/: in a checkout that has been built,
 * the workspace packages this one imports still resolve to their TypeScript
 * sources, which only the transform can load.
 */
const { existsSync } = require('node:fs');
const path = require('node:path');

const source = path.resolve(__dirname, '../src/index.ts');
let cli;
if (existsSync(source)) {
  require('@backstage/cli/config/nodeTransform.cjs');
  cli = require(source);
} else {
  cli = require('../dist/index.cjs.js');
}

cli.main(process.argv.slice(2)).then(code => {
  process.exitCode = code;
});
