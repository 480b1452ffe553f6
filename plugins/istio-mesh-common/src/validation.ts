/**
 * Checks built Istio and Gateway API manifests against the CRD schemas
 * vendored in this package, with ajv. Its own entry point,
 * `@istio-mesh/plugin-istio-mesh-common/validation`, so that what imports
 * the main one (the frontend) bundles neither the schemas nor ajv.
 *
 * @packageDocumentation
 */

// The vendored schemas, by apiVersion and kind.
export {
  MANIFEST_SCHEMAS,
  findManifestSchema,
} from './builders/manifestSchemas';
export type { ManifestSchema } from './builders/manifestSchemas';

// Checking an object against its kind's schema.
export {
  assertManifestSchema,
  validateManifestSchema,
} from './builders/schemaValidation';
export type { SchemaViolation } from './builders/schemaValidation';

// Manifest files of built objects, each object checked first.
export { renderManifests } from './builders/renderManifests';

// The object types the functions above take, as the main entry exports them.
export type {
  KubernetesObject,
  ObjectMeta,
  OwnerReference,
} from './resources/objects';
