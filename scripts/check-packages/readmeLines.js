// @ts-check
/*
 * The scratch app's skeleton adds the istio-mesh packages with the lines
 * their READMEs tell adopters to add; this keeps the two from drifting.
 */
const fs = require('node:fs');
const path = require('node:path');

/** Skeleton files and the READMEs whose lines they must use. */
const SKELETON_READMES = {
  'packages/app/src/App.tsx': ['plugins/istio-mesh/README.md'],
  'packages/backend/index.js': [
    'plugins/istio-mesh-backend/README.md',
    'plugins/scaffolder-backend-module-istio-mesh/README.md',
  ],
};

/** Code lines (not comments) that name an istio-mesh package or plugin. */
function istioMeshLines(text) {
  return text
    .split('\n')
    .map(line => line.trim())
    .filter(line => !line.startsWith('//') && /istio-?mesh/i.test(line));
}

/**
 * Throws when a skeleton line that adds an istio-mesh package is not,
 * word for word, a line of that package's README.
 *
 * @param {string} root the repository
 * @param {string} skeleton the skeleton folder
 */
function checkReadmeLines(root, skeleton) {
  const problems = [];
  for (const [file, readmes] of Object.entries(SKELETON_READMES)) {
    const documented = new Set(
      readmes.flatMap(readme =>
        fs
          .readFileSync(path.join(root, readme), 'utf8')
          .split('\n')
          .map(line => line.trim()),
      ),
    );
    const lines = istioMeshLines(
      fs.readFileSync(path.join(skeleton, file), 'utf8'),
    );
    if (lines.length === 0) problems.push(`${file} adds no istio-mesh package`);
    for (const line of lines) {
      if (!documented.has(line)) {
        problems.push(
          `${file}: "${line}" is in no line of ${readmes.join(' or ')}`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new Error(
      `the scratch app does not follow the READMEs: ${problems.join('; ')}`,
    );
  }
}

module.exports = { checkReadmeLines };
