// @ts-check
/*
 * The tarballs in an adopter's Backstage: a repository made from the
 * skeleton in scripts/scratch-app, installed and built outside the
 * workspace. Its backend answers one entity request, and the app it serves
 * shows the entity's Mesh tab in Chromium.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { bundleContents } = require('./entryContents');
const { checkMeshTab } = require('./meshTabInBrowser');
const { checkReadmeLines } = require('./readmeLines');
const {
  startScratchBackend,
  waitForEntity,
  writeScratchConfig,
} = require('./scratchBackend');
const {
  buildScratchApp,
  createScratchRepository,
  SKELETON,
} = require('./scratchInstall');

const root = path.resolve(__dirname, '..', '..');
const ENTITY = 'paymentservice';

const kib = bytes => `${(bytes / 1024).toFixed(0)} KiB`;

function print(line) {
  process.stdout.write(`${line}\n`);
}

/**
 * Builds the app and prints its JavaScript; fails when a vendored CRD
 * schema is in it.
 *
 * @param {string} dir
 */
function checkAppBundle(dir) {
  const started = Date.now();
  const bundle = bundleContents(buildScratchApp(dir));
  print(
    `scratch app built in ${Math.round((Date.now() - started) / 1000)} s: ${kib(
      bundle.total,
    )} of JavaScript; the istio-mesh plugin's chunks: ${bundle.plugin
      .map(chunk => `${chunk.file} ${kib(chunk.bytes)}`)
      .join(', ')}`,
  );
  if (bundle.plugin.length === 0) {
    throw new Error('no chunk of the scratch app holds the istio-mesh plugin');
  }
  if (bundle.schemas.length > 0) {
    throw new Error(
      `the scratch app bundles the vendored CRD schemas, in ${bundle.schemas.join(
        ', ',
      )}`,
    );
  }
}

/** @param {Map<string, string>} tarballs package name -> tarball path */
async function checkScratchApp(tarballs) {
  checkReadmeLines(root, SKELETON);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'istio-mesh-scratch-'));
  try {
    createScratchRepository(dir, tarballs);
    const config = await writeScratchConfig(dir);
    try {
      checkAppBundle(dir);
      const backend = startScratchBackend(dir);
      try {
        const state = await waitForEntity(
          `${config.baseUrl}/api/istio-mesh/v1/entities/component/default/${ENTITY}`,
          config.token,
          backend.isRunning,
        );
        const mtls = state.criteria.find(c => c.id === 'mtls-strict');
        if (state.criteria.length !== 9 || mtls?.status !== 'fail') {
          throw new Error(
            `${ENTITY} came back with ${state.criteria.length} criteria and mtls-strict ${mtls?.status}; expected 9 and fail (its PERMISSIVE policy)`,
          );
        }
        print(
          `scratch backend: ${ENTITY} ${state.level.level}, mtls-strict ${mtls.status}`,
        );
        const seen = await checkMeshTab(config.baseUrl, ENTITY);
        print(
          `scratch app, ${ENTITY}'s Mesh tab in Chromium: ${seen.join('; ')}`,
        );
      } catch (error) {
        process.stderr.write(`${backend.lastLines()}\n`);
        throw error;
      } finally {
        await backend.stop();
      }
    } finally {
      await config.dropDatabases();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { checkScratchApp };
