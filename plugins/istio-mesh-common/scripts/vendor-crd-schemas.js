#!/usr/bin/env node
/* eslint-disable no-restricted-syntax */
// Vendors the OpenAPI v3 schemas the manifest builders validate against into
// src/builders/schemas/. The project must not read ../shared at run time, so
// the storage version's `openAPIV3Schema` of each kind is copied into the
// package, with `description` keywords removed (they are not used for
// validation and would triple the size) and a `$comment` naming the source.
// A test checks that the Istio files equal what this script produces.
//
// Istio kinds, from Istio's own CRDs (the file the `base` Helm chart installs):
//   node plugins/istio-mesh-common/scripts/vendor-crd-schemas.js
//   (reads ../shared/istio/crds/crd-all.gen.yaml and crd-index.json beside the repo,
//   or the directory given with --crds <dir>)
// Gateway API HTTPRoute, from a kubernetes-sigs/gateway-api CRD file:
//   node plugins/istio-mesh-common/scripts/vendor-crd-schemas.js \
//     --gateway-api-crd <gateway.networking.k8s.io_httproutes.yaml> \
//     --gateway-api-source '<owner/repo>@<tag> (<commit>):<path>'
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');
const prettier = require('prettier');
const yaml = require('yaml');

const SCHEMAS_DIR = path.resolve(__dirname, '../src/builders/schemas');
const DEFAULT_CRDS_DIR = path.resolve(
  __dirname,
  '../../../..',
  'shared/istio/crds',
);

/** Istio kinds whose schemas are vendored, and their file names. */
const ISTIO_KINDS = [
  { group: 'networking.istio.io', kind: 'VirtualService' },
  { group: 'networking.istio.io', kind: 'DestinationRule' },
  { group: 'networking.istio.io', kind: 'Gateway' },
  { group: 'networking.istio.io', kind: 'ServiceEntry' },
  { group: 'networking.istio.io', kind: 'Sidecar' },
  { group: 'security.istio.io', kind: 'PeerAuthentication' },
  { group: 'security.istio.io', kind: 'AuthorizationPolicy' },
  { group: 'security.istio.io', kind: 'RequestAuthentication' },
];

const SCHEMA_CHILDREN = ['items', 'additionalProperties', 'not'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];

/** Drops `description` keywords, keeping properties that are named `description`. */
function withoutDescriptions(schema) {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    return schema;
  }
  const result = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description') continue;
    if (key === 'properties') {
      result[key] = Object.fromEntries(
        Object.entries(value).map(([name, child]) => [
          name,
          withoutDescriptions(child),
        ]),
      );
    } else if (SCHEMA_CHILDREN.includes(key)) {
      result[key] = withoutDescriptions(value);
    } else if (SCHEMA_LISTS.includes(key)) {
      result[key] = value.map(withoutDescriptions);
    } else {
      result[key] = value;
    }
  }
  return result;
}

function sha256(text) {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function storageVersion(crd) {
  const version = crd.spec.versions.find(v => v.storage);
  if (!version?.schema?.openAPIV3Schema) {
    throw new Error(`${crd.metadata.name}: no storage version with a schema`);
  }
  return version;
}

function schemaFileText(crd, source) {
  const version = storageVersion(crd);
  const served = crd.spec.versions.filter(v => v.served).map(v => v.name);
  const document = {
    $comment:
      `${crd.spec.names.kind} (${crd.spec.group}) openAPIV3Schema of storage version ` +
      `${version.name}, also served as ${served.join(
        ', ',
      )}. Vendored from ${source} ` +
      `by plugins/istio-mesh-common/scripts/vendor-crd-schemas.js; description ` +
      `keywords removed. x-kubernetes-validations (CEL) rules are kept for reference ` +
      `but not evaluated.`,
    'x-istio-mesh-group': crd.spec.group,
    'x-istio-mesh-kind': crd.spec.names.kind,
    'x-istio-mesh-versions': served,
    ...withoutDescriptions(version.schema.openAPIV3Schema),
  };
  return prettier.format(JSON.stringify(document), { parser: 'json' });
}

function parseCrds(text) {
  return yaml
    .parseAllDocuments(text)
    .map(doc => doc.toJS())
    .filter(doc => doc?.kind === 'CustomResourceDefinition');
}

/**
 * The vendored Istio schema files, by file name, from the text of
 * crd-all.gen.yaml and the source description in crd-index.json.
 */
function istioSchemaFiles(crdAllText, sourceDescription) {
  const crds = parseCrds(crdAllText);
  const source = `${sourceDescription} (sha256 ${sha256(crdAllText)})`;
  const files = {};
  for (const { group, kind } of ISTIO_KINDS) {
    const crd = crds.find(
      c => c.spec.group === group && c.spec.names.kind === kind,
    );
    if (!crd) throw new Error(`crd-all.gen.yaml has no ${kind} (${group})`);
    files[`istio/${kind.toLowerCase()}.json`] = schemaFileText(crd, source);
  }
  return files;
}

/** The vendored HTTPRoute schema file from a Gateway API CRD file. */
function gatewayApiSchemaFiles(crdText, sourceDescription) {
  const crd = parseCrds(crdText).find(c => c.spec.names.kind === 'HTTPRoute');
  if (!crd) throw new Error('the Gateway API CRD file has no HTTPRoute');
  const bundle =
    crd.metadata.annotations?.['gateway.networking.k8s.io/bundle-version'];
  const channel =
    crd.metadata.annotations?.['gateway.networking.k8s.io/channel'];
  const source = `${sourceDescription} (bundle ${bundle}, ${channel} channel, sha256 ${sha256(
    crdText,
  )})`;
  return { 'gateway-api/httproute.json': schemaFileText(crd, source) };
}

function readIstioSource(crdsDir) {
  const crdAllText = fs.readFileSync(
    path.join(crdsDir, 'crd-all.gen.yaml'),
    'utf8',
  );
  const index = JSON.parse(
    fs.readFileSync(path.join(crdsDir, 'crd-index.json'), 'utf8'),
  );
  return { crdAllText, sourceDescription: index.source };
}

function writeFiles(files) {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(SCHEMAS_DIR, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
  }
}

function main(args) {
  const option = name => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const gatewayApiCrd = option('--gateway-api-crd');
  if (gatewayApiCrd) {
    const source = option('--gateway-api-source');
    if (!source) throw new Error('--gateway-api-source is required');
    writeFiles(
      gatewayApiSchemaFiles(fs.readFileSync(gatewayApiCrd, 'utf8'), source),
    );
    return;
  }
  const { crdAllText, sourceDescription } = readIstioSource(
    option('--crds') ?? DEFAULT_CRDS_DIR,
  );
  writeFiles(istioSchemaFiles(crdAllText, sourceDescription));
}

module.exports = {
  ISTIO_KINDS,
  SCHEMAS_DIR,
  istioSchemaFiles,
  gatewayApiSchemaFiles,
  readIstioSource,
};

if (require.main === module) {
  main(process.argv.slice(2));
}
