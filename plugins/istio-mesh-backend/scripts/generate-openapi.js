#!/usr/bin/env node
/* eslint-disable no-restricted-syntax */
// Writes src/schema/openapi.generated.ts from src/schema/openapi.yaml, the
// spec's source of truth: the router is validated against the generated
// object, and a test fails when the two differ. Run after editing the YAML:
//   node plugins/istio-mesh-backend/scripts/generate-openapi.js
const fs = require('fs');
const path = require('path');
const yaml = require('yaml');

const dir = path.resolve(__dirname, '../src/schema');
const spec = yaml.parse(
  fs.readFileSync(path.join(dir, 'openapi.yaml'), 'utf8'),
);
const body = JSON.stringify(spec, null, 2);
fs.writeFileSync(
  path.join(dir, 'openapi.generated.ts'),
  `// Generated from openapi.yaml by scripts/generate-openapi.js; do not edit.\n\n` +
    `/** The plugin's OpenAPI spec. */\nexport const spec = ${body} as const;\n`,
);
