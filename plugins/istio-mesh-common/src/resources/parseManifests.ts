import { LineCounter, parseAllDocuments, isMap, isSeq, Node } from 'yaml';
import { identitySchema, kindSchemas } from './schemas';
import { KubernetesObject } from './objects';
import { ownValue } from './specFields';

/**
 * Where an object was read from.
 *
 * @public
 */
export interface ManifestLocation {
  file: string;
  /** 1-based line where the object starts. */
  line?: number;
}

/**
 * A document or object that could not be used, with enough context to find
 * and fix it.
 *
 * @public
 */
export interface ManifestProblem {
  file: string;
  line?: number;
  /** Kind, namespace and name of the object, where it got that far. */
  kind?: string;
  namespace?: string;
  name?: string;
  /** Dotted path of the offending field inside the object. */
  field?: string;
  message: string;
}

/**
 * An object read from a manifest, with its location.
 *
 * @public
 */
export interface ParsedObject {
  object: KubernetesObject;
  location: ManifestLocation;
  /**
   * Line of a field inside the object, from a path such as
   * `spec.http[0].route[1].destination.host`; undefined when absent.
   */
  lineOfPath?: (path: string) => number | undefined;
}

/**
 * Result of reading manifests: every usable object and every problem. One
 * bad document never hides the others.
 *
 * @public
 */
export interface ParsedManifests {
  objects: ParsedObject[];
  problems: ManifestProblem[];
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`,
    )
    .join('');
}

function describeObject(value: unknown) {
  const candidate = value as {
    kind?: unknown;
    metadata?: { name?: unknown; namespace?: unknown };
  };
  const asString = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    kind: asString(candidate?.kind),
    namespace: asString(candidate?.metadata?.namespace),
    name: asString(candidate?.metadata?.name),
  };
}

/**
 * `spec.http[0].route` becomes `['spec', 'http', 0, 'route']`.
 *
 * @public
 */
export function parseFieldPath(path: string): Array<string | number> {
  const segments: Array<string | number> = [];
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    segments.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return segments;
}

function validateObject(
  value: unknown,
  location: ManifestLocation,
  result: ParsedManifests,
  lineOfPath?: (path: string) => number | undefined,
) {
  if (value === null || value === undefined) {
    return;
  }
  const identity = identitySchema.safeParse(value);
  const schema = identity.success
    ? ownValue(kindSchemas, identity.data.kind) ?? identitySchema
    : identitySchema;
  const parsed = identity.success ? schema.safeParse(value) : identity;
  if (parsed.success) {
    result.objects.push({
      object: parsed.data as KubernetesObject,
      location,
      ...(lineOfPath ? { lineOfPath } : {}),
    });
    return;
  }
  const issue = parsed.error.issues[0];
  const field = formatPath(issue.path);
  result.problems.push({
    ...location,
    ...describeObject(value),
    field,
    message: `${field || 'document'}: ${issue.message}`,
  });
}

function isListObject(value: unknown): value is { items: unknown[] } {
  const candidate = value as { kind?: unknown; items?: unknown };
  return (
    typeof candidate?.kind === 'string' &&
    candidate.kind.endsWith('List') &&
    Array.isArray(candidate.items)
  );
}

/**
 * Validates objects that are already parsed, such as the items of a
 * Kubernetes LIST answer, with the same checks as `parseManifests`: a
 * malformed object is a problem and left out, never half-understood. No
 * text round trip, so no line numbers either.
 *
 * @public
 */
export function validateManifestObjects(
  values: readonly unknown[],
  file: string,
): ParsedManifests {
  const result: ParsedManifests = { objects: [], problems: [] };
  for (const value of values) {
    validateObject(value, { file }, result);
  }
  return result;
}

/**
 * Parses multi-document YAML or JSON into Kubernetes objects. `List` objects
 * (as printed by `kubectl get -o yaml`) are flattened into their items.
 *
 * @public
 */
export function parseManifests(text: string, file: string): ParsedManifests {
  const result: ParsedManifests = { objects: [], problems: [] };
  const lineCounter = new LineCounter();
  // Merge keys (`<<: *base`) are applied, as kubectl's YAML 1.1 reader does.
  const documents = parseAllDocuments(text, {
    lineCounter,
    uniqueKeys: false,
    merge: true,
  });
  const lineOf = (node: Node | null | undefined) =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;

  for (const doc of Array.isArray(documents) ? documents : [documents]) {
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      result.problems.push({
        file,
        line: error.linePos?.[0].line,
        message: `invalid YAML: ${error.message.split('\n')[0]}`,
      });
      continue;
    }
    const docLine = lineOf(doc.contents as Node);
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // An alias bomb (or another conversion error) spoils this document only.
      result.problems.push({
        file,
        line: docLine,
        message: `invalid YAML: ${(error as Error).message.split('\n')[0]}`,
      });
      continue;
    }
    const pathLines = (root: unknown) => (path: string) => {
      if (!isMap(root) && !isSeq(root)) return undefined;
      return lineOf(root.getIn(parseFieldPath(path), true) as Node | undefined);
    };
    if (!isListObject(value)) {
      validateObject(
        value,
        { file, line: docLine },
        result,
        pathLines(doc.contents),
      );
      continue;
    }
    const itemsNode = isMap(doc.contents)
      ? doc.contents.get('items', true)
      : undefined;
    value.items.forEach((item, index) => {
      const itemNode = isSeq(itemsNode)
        ? (itemsNode.items[index] as Node)
        : undefined;
      validateObject(
        item,
        { file, line: lineOf(itemNode) ?? docLine },
        result,
        pathLines(itemNode),
      );
    });
  }
  return result;
}
