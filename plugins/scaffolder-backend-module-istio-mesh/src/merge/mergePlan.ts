import { isDeepStrictEqual } from 'node:util';
import { stringify } from 'yaml';
import { FieldPath, YamlEdit } from './editYamlObject';

/**
 * How a template's values go into an object the repository already holds.
 */
export interface MergePlan {
  /** The edits, in the order they apply. */
  edits: YamlEdit[];
  /** What is added where the object sets nothing yet, in plain words. */
  additions: string[];
  /**
   * What replaces a value the object already sets: the existing behaviour
   * changes, so these need the user's confirmation (`replaceExisting`).
   */
  conflicts: string[];
}

/** An empty plan to fill. */
export function emptyPlan(): MergePlan {
  return { edits: [], additions: [], conflicts: [] };
}

/** `spec.http[0].route` for a path. */
export function formatPath(path: FieldPath): string {
  return path
    .map(segment =>
      typeof segment === 'number' ? `[${segment}]` : `.${segment}`,
    )
    .join('')
    .replace(/^\./, '');
}

/** A value as one line of YAML flow, for messages: `{maxConnections: 100}`. */
export function formatValue(value: unknown): string {
  return stringify(value, {
    aliasDuplicateObjects: false,
    collectionStyle: 'flow',
    flowCollectionPadding: false,
    lineWidth: 0,
  }).trim();
}

export const isPlainObject = (
  value: unknown,
): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Plans setting `wanted` at `path` of an object whose value there is
 * `existing`: only the fields `wanted` holds are set; where both are
 * objects the comparison goes down field by field, except at the keys in
 * `whole`, whose values are set as a whole (one of a `oneof`, such as a
 * load balancer's `simple` and `consistentHash`). A field the object does
 * not set is an addition; one it sets to another value a conflict, planned
 * as a replacement that applies only when confirmed.
 */
export function planFields(
  plan: MergePlan,
  existing: unknown,
  wanted: unknown,
  path: FieldPath,
  options: { whole?: ReadonlySet<string>; before?: string } = {},
): void {
  const key = path[path.length - 1];
  const atomic = typeof key === 'string' && options.whole?.has(key);
  if (existing === undefined || existing === null) {
    plan.edits.push({
      op: 'set',
      path,
      value: wanted,
      ...(options.before ? { before: options.before } : {}),
    });
    plan.additions.push(`${formatPath(path)}: ${formatValue(wanted)}`);
    return;
  }
  if (isDeepStrictEqual(existing, wanted)) return;
  if (!atomic && isPlainObject(existing) && isPlainObject(wanted)) {
    for (const [field, value] of Object.entries(wanted)) {
      planFields(plan, existing[field], value, [...path, field], {
        whole: options.whole,
      });
    }
    return;
  }
  plan.edits.push({ op: 'set', path, value: wanted });
  plan.conflicts.push(
    `${formatPath(path)} is ${formatValue(
      existing,
    )}; the form sets ${formatValue(wanted)}`,
  );
}
