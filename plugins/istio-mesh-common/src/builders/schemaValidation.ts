import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import { InputError } from '@backstage/errors';
import { KubernetesObject } from '../resources/objects';
import { findManifestSchema, ManifestSchema } from './manifestSchemas';

/**
 * One way an object does not match its kind's schema.
 *
 * @public
 */
export interface SchemaViolation {
  /** Dotted path of the field, e.g. `spec.http[0].route[0].weight`; empty for the object. */
  path: string;
  message: string;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const DATE_TIME =
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const IMPLICIT_ROOT_PROPERTIES = {
  apiVersion: { type: 'string' },
  kind: { type: 'string' },
  metadata: { type: 'object' },
};

const SCHEMA_CHILDREN = ['items', 'additionalProperties', 'not'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];

/**
 * Turns a structural CRD schema into a JSON schema for ajv:
 * - `x-kubernetes-*` and this project's `x-istio-mesh-*` keywords go;
 * - an object schema that lists `properties` and does not preserve unknown
 *   fields refuses other fields, as the API server's strict field
 *   validation does (without it they would be pruned silently);
 * - the root admits apiVersion, kind and metadata, which CRDs leave implicit.
 */
function toAjvSchema(schema: unknown, root = false): unknown {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return schema;
  }
  const source = schema as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    if (key.startsWith('x-kubernetes-') || key.startsWith('x-istio-mesh-')) {
      continue;
    }
    if (key === 'properties') {
      result[key] = Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(
          ([name, child]) => [name, toAjvSchema(child)],
        ),
      );
    } else if (SCHEMA_CHILDREN.includes(key)) {
      result[key] = toAjvSchema(value);
    } else if (SCHEMA_LISTS.includes(key)) {
      result[key] = (value as unknown[]).map(child => toAjvSchema(child));
    } else {
      result[key] = value;
    }
  }
  if (root) {
    result.properties = {
      ...IMPLICIT_ROOT_PROPERTIES,
      ...(result.properties as object),
    };
  }
  if (
    result.properties &&
    result.additionalProperties === undefined &&
    source['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    result.additionalProperties = false;
  }
  return result;
}

let ajv: Ajv | undefined;
const validators = new Map<ManifestSchema, ValidateFunction>();

function validatorFor(manifestSchema: ManifestSchema): ValidateFunction {
  if (!ajv) {
    // strict: false lets OpenAPI keywords ajv does not know pass; the
    // Kubernetes formats are declared so that none is skipped silently.
    ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    ajv.addFormat('int32', {
      type: 'number',
      validate: n => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX,
    });
    ajv.addFormat('int64', { type: 'number', validate: Number.isInteger });
    ajv.addFormat('uint32', {
      type: 'number',
      validate: n => Number.isInteger(n) && n >= 0 && n <= 2 * INT32_MAX + 1,
    });
    ajv.addFormat('double', { type: 'number', validate: () => true });
    ajv.addFormat('byte', BASE64);
    ajv.addFormat('date-time', DATE_TIME);
  }
  let validate = validators.get(manifestSchema);
  if (!validate) {
    validate = ajv.compile(toAjvSchema(manifestSchema.schema, true) as object);
    validators.set(manifestSchema, validate);
  }
  return validate;
}

/** `/spec/http/0/route` -> `spec.http[0].route`. */
function dottedPath(instancePath: string): string {
  return instancePath
    .split('/')
    .slice(1)
    .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part, i) =>
      /^\d+$/.test(part) ? `[${part}]` : `${i > 0 ? '.' : ''}${part}`,
    )
    .join('');
}

function describe(error: ErrorObject): SchemaViolation {
  const path = dottedPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    const field = String(params.additionalProperty);
    return {
      path: path ? `${path}.${field}` : field,
      message: 'is not a field of this kind',
    };
  }
  if (error.keyword === 'enum') {
    return {
      path,
      message: `must be one of ${(params.allowedValues as unknown[]).join(
        ', ',
      )}`,
    };
  }
  return { path, message: error.message ?? error.keyword };
}

/**
 * Checks an object against the vendored OpenAPI v3 schema of its kind
 * (Istio's CRDs, Gateway API's HTTPRoute) with ajv, and returns every
 * violation; none means the API server's schema check would accept it.
 * Fields the schema does not list are violations, as with the API server's
 * strict field validation.
 *
 * Not covered: the CRDs' CEL rules (`x-kubernetes-validations`, e.g.
 * "only one of targetRefs or selector can be set") are not evaluated, and
 * Istio's own validating webhook checks more than the schema; the builders
 * check the rules that matter to what they write.
 *
 * Throws when no schema is vendored for the object's apiVersion and kind.
 *
 * @public
 */
export function validateManifestSchema(
  object: KubernetesObject,
): SchemaViolation[] {
  const manifestSchema = findManifestSchema(object.apiVersion, object.kind);
  if (!manifestSchema) {
    throw new Error(
      `No schema is vendored for ${object.kind} ${object.apiVersion}`,
    );
  }
  const validate = validatorFor(manifestSchema);
  if (validate(object)) return [];
  const errors = validate.errors ?? [];
  // A failed oneOf/anyOf also reports why each branch failed; the branches'
  // errors only repeat it.
  const combinators = errors
    .filter(e => e.keyword === 'oneOf' || e.keyword === 'anyOf')
    .map(e => `${e.schemaPath}/`);
  const violations = errors
    .filter(e => !combinators.some(prefix => e.schemaPath.startsWith(prefix)))
    .map(describe);
  return violations.filter(
    (v, i) =>
      violations.findIndex(
        o => o.path === v.path && o.message === v.message,
      ) === i,
  );
}

/**
 * Throws an `InputError` listing the violations when an object does not
 * match its kind's schema (see {@link validateManifestSchema}).
 *
 * @public
 */
export function assertManifestSchema(object: KubernetesObject): void {
  const violations = validateManifestSchema(object);
  if (violations.length === 0) return;
  const { kind, apiVersion, metadata } = object;
  const name = metadata.namespace
    ? `${metadata.namespace}/${metadata.name}`
    : metadata.name;
  throw new InputError(
    `${kind} ${name} does not match the ${apiVersion} ${kind} schema: ${violations
      .map(v => `${v.path || '(object)'} ${v.message}`)
      .join('; ')}`,
  );
}
