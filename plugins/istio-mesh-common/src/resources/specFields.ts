/**
 * Whether a value read from an object's spec is a plain object. Specs of
 * kinds without a schema are read defensively through this.
 *
 * @public
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The strings of a list read from a spec; anything else is dropped. @public */
export function stringList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : [];
}

/** The plain objects of a list read from a spec; anything else is dropped. @public */
export function recordList(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/**
 * A string map read from a spec (labels, matchLabels) without its
 * non-string values; undefined when it is not an object.
 *
 * @public
 */
export function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isRecord(value)) return undefined;
  return Object.fromEntries(
    Object.entries(value).filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    ),
  );
}

/**
 * The value a record holds under a key read from input, or undefined: only
 * the record's own properties count, so that `constructor`, `__proto__` or
 * `toString` never reach the prototype.
 *
 * @public
 */
export function ownValue<T>(
  record: Readonly<Record<string, T>>,
  key: string,
): T | undefined {
  return Object.prototype.hasOwnProperty.call(record, key)
    ? record[key]
    : undefined;
}
