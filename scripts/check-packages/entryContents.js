// @ts-check
/*
 * What an entry point of a built package brings along: the modules it
 * reaches through its imports, and whether ajv or the vendored CRD schemas
 * are among them. Schema validation is common's `/validation` entry point;
 * the main one, and so the frontend, must not reach it.
 */
const fs = require('node:fs');
const path = require('node:path');
const { init, parse } = require('es-module-lexer');

/** A key every vendored CRD schema file has, and only those files and their loader. */
const SCHEMA_MARKER = 'x-istio-mesh-group';
/** Bare imports that must stay behind `/validation`. */
const VALIDATION_ONLY = [
  'ajv',
  '@istio-mesh/plugin-istio-mesh-common/validation',
];

/**
 * The files an ES module reaches through relative imports, and the bare
 * specifiers (packages) it imports.
 *
 * @param {string} entry absolute path of an .esm.js file
 */
async function reachable(entry) {
  await init;
  const files = new Set();
  const packages = new Set();
  const pending = [entry];
  while (pending.length > 0) {
    const file = /** @type {string} */ (pending.pop());
    if (files.has(file)) continue;
    files.add(file);
    const [imports] = parse(fs.readFileSync(file, 'utf8'), file);
    for (const { n: specifier } of imports) {
      if (!specifier) continue;
      if (specifier.startsWith('.')) {
        pending.push(path.resolve(path.dirname(file), specifier));
      } else {
        packages.add(specifier);
      }
    }
  }
  return { files: [...files], packages: [...packages] };
}

/**
 * What of the validation entry an entry point reaches: bare imports of
 * ajv or `/validation`, and files holding a vendored schema.
 *
 * @param {string} entry
 */
async function validationReachedFrom(entry) {
  const { files, packages } = await reachable(entry);
  const found = packages.filter(specifier =>
    VALIDATION_ONLY.some(
      name => specifier === name || specifier.startsWith(`${name}/`),
    ),
  );
  const schemas = files.filter(file =>
    fs.readFileSync(file, 'utf8').includes(SCHEMA_MARKER),
  );
  if (schemas.length > 0) {
    found.push(`the vendored CRD schemas (${schemas.length} files)`);
  }
  return found;
}

/**
 * Checks an unpacked tarball: common's main entry and the frontend's entry
 * points reach neither ajv nor the schemas; common's `/validation` reaches
 * both (so the markers still find what they look for).
 *
 * @param {string} name package name
 * @param {string} dir the unpacked package
 */
async function checkEntryContents(name, dir) {
  const clean = {
    '@istio-mesh/plugin-istio-mesh-common': ['dist/index.esm.js'],
    '@istio-mesh/plugin-istio-mesh': ['dist/index.esm.js', 'dist/alpha.esm.js'],
  }[name];
  for (const entry of clean ?? []) {
    const found = await validationReachedFrom(path.join(dir, entry));
    if (found.length > 0) {
      throw new Error(`${name}: ${entry} reaches ${found.join(', ')}`);
    }
  }
  if (name === '@istio-mesh/plugin-istio-mesh-common') {
    const sizes = [];
    for (const entry of ['dist/index.esm.js', 'dist/validation.esm.js']) {
      const { files } = await reachable(path.join(dir, entry));
      const bytes = files.reduce(
        (sum, file) => sum + fs.statSync(file).size,
        0,
      );
      sizes.push(`${entry} reaches ${(bytes / 1024).toFixed(0)} KiB`);
    }
    process.stdout.write(`${name}: ${sizes.join(', ')}\n`);
    const found = await validationReachedFrom(
      path.join(dir, 'dist/validation.esm.js'),
    );
    if (!found.includes('ajv') || !found.some(f => f.includes('schemas'))) {
      throw new Error(
        `${name}: dist/validation.esm.js reaches ${
          found.join(', ') || 'nothing'
        }; expected ajv and the vendored CRD schemas`,
      );
    }
  }
}

/**
 * The built app's JavaScript: total bytes, the chunks that hold the
 * istio-mesh plugin, and the chunks that hold a vendored schema.
 *
 * @param {string} staticDir the app's dist/static
 */
function bundleContents(staticDir) {
  const chunks = fs
    .readdirSync(staticDir)
    .filter(file => file.endsWith('.js'))
    .map(file => {
      const text = fs.readFileSync(path.join(staticDir, file), 'utf8');
      return { file, bytes: Buffer.byteLength(text), text };
    });
  return {
    total: chunks.reduce((sum, chunk) => sum + chunk.bytes, 0),
    plugin: chunks
      .filter(chunk => chunk.text.includes('istio-mesh'))
      .map(({ file, bytes }) => ({ file, bytes })),
    schemas: chunks
      .filter(chunk => chunk.text.includes(SCHEMA_MARKER))
      .map(({ file }) => file),
  };
}

module.exports = { bundleContents, checkEntryContents };
