#!/usr/bin/env node
// @ts-check
/*
 * The API reports of the published packages: `report.api.md` (and
 * `report-<entry point>.api.md`) from API Extractor, and `cli-report.md` for
 * the CLI, written by `backstage-repo-tools api-reports`. With --ci nothing
 * is written: it fails when a committed report differs from the code.
 *
 * The reports print the declarations tsc emits, and tsc spells inferred
 * types (the scaffolder actions' schemas, `as const` lists) with their
 * members in the order it first met them. An incremental build meets them in
 * another order than a full one, so the declarations are compiled afresh,
 * never incrementally, into an emptied dist-types, as on a clean clone. Each
 * package then gets a repo-tools run of its own: a run over all of them
 * shares one compiler, and visits the packages in a varying order.
 *
 *   node scripts/api-reports.js [--ci] [package dir...]
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = name => path.join(root, 'node_modules', '.bin', name);

/**
 * Messages left out of the reports, as Backstage's own repositories do:
 * members without a doc comment are still marked "(undocumented)" in the
 * report, and workspace packages resolve each other to .ts sources, which
 * API Extractor flags as a wrong input file type.
 */
const OMITTED_MESSAGES = ['ae-wrong-input-file-type', 'ae-undocumented'];

/** Workspace packages that are published and have a Backstage role. */
function publishedPackages() {
  const workspaces = require(path.join(root, 'package.json')).workspaces;
  const dirs = [];
  for (const pattern of workspaces) {
    const parent = pattern.replace(/\/\*$/, '');
    for (const name of fs.readdirSync(path.join(root, parent)).sort()) {
      const dir = path.join(parent, name);
      const manifest = path.join(root, dir, 'package.json');
      if (!fs.existsSync(manifest)) continue;
      const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      if (!pkg.private && pkg.backstage?.role) dirs.push(dir);
    }
  }
  return dirs;
}

function main() {
  const args = process.argv.slice(2);
  const ci = args.includes('--ci');
  const chosen = args.filter(arg => arg !== '--ci');
  const packages = chosen.length > 0 ? chosen : publishedPackages();

  process.stdout.write('# tsc (declarations into an emptied dist-types)\n');
  fs.rmSync(path.join(root, 'dist-types'), { recursive: true, force: true });
  const tsc = spawnSync(bin('tsc'), ['--incremental', 'false'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (tsc.status !== 0) {
    process.stderr.write('tsc failed; no reports were checked\n');
    return 1;
  }

  const failed = [];
  for (const dir of packages) {
    const result = spawnSync(
      bin('backstage-repo-tools'),
      [
        'api-reports',
        ...(ci ? ['--ci'] : []),
        '--omit-messages',
        OMITTED_MESSAGES.join(','),
        '--validate-release-tags',
        dir,
      ],
      { cwd: root, stdio: 'inherit' },
    );
    if (result.status !== 0) failed.push(dir);
  }

  if (failed.length > 0) {
    process.stderr.write(
      ci
        ? `\nAPI reports out of date or failing: ${failed.join(', ')}.\n` +
            'Run `npm run build:api-reports` and commit the changed report files.\n'
        : `\nAPI reports failed: ${failed.join(', ')}\n`,
    );
    return 1;
  }
  process.stdout.write(
    `API reports ${ci ? 'match the code' : 'written'}: ${
      packages.length
    } packages\n`,
  );
  return 0;
}

process.exitCode = main();
