import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/**
 * `group:default/x` for `x`, `group:x` or `group:default/x`: the form the
 * owner and system options take, whichever form the catalog or a shared
 * URL used. Undefined for what is no entity ref at all.
 *
 * @internal
 */
export function fullEntityRef(
  ref: string,
  defaultKind: string,
): string | undefined {
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind }));
  } catch {
    return undefined;
  }
}
