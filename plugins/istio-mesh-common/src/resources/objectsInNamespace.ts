interface Namespaced {
  metadata: { namespace?: string };
}

interface Grouped {
  size: number;
  byNamespace: Map<string, Namespaced[]>;
}

const groupedLists = new WeakMap<readonly Namespaced[], Grouped>();

/**
 * The objects of one namespace, in list order, from a list grouped once
 * and reused for every later lookup in it: Services select and policies
 * apply within a namespace, and a mesh has thousands of them. A list that
 * has grown since (while an index is built) is grouped again. Objects
 * without a namespace belong to none.
 */
export function objectsInNamespace<T extends Namespaced>(
  objects: readonly T[],
  namespace: string,
): readonly T[] {
  let grouped = groupedLists.get(objects);
  if (!grouped || grouped.size !== objects.length) {
    const byNamespace = new Map<string, Namespaced[]>();
    for (const object of objects) {
      const key = object.metadata.namespace;
      if (key === undefined) continue;
      const group = byNamespace.get(key);
      if (group) group.push(object);
      else byNamespace.set(key, [object]);
    }
    grouped = { size: objects.length, byNamespace };
    groupedLists.set(objects, grouped);
  }
  // Each group holds elements of `objects` only.
  return (grouped.byNamespace.get(namespace) ?? []) as unknown as readonly T[];
}
