/**
 * Whether a value read from an object's spec is a plain object. Specs of
 * kinds without a schema are read defensively through this.
 *
 * @public
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
