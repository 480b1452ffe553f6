import {
  isNamespacedKind,
  KubernetesObject,
  kustomizationPlacement,
  RepositoryFile,
} from '@istio-mesh/plugin-istio-mesh-common';

/** How {@link placeInKustomizations} places objects in a file. */
export interface KustomizationPlacementResult {
  /** The objects as the file should hold them. */
  objects: KubernetesObject[];
  /** The namespace the kustomizations set, when it was left out. */
  namespace?: string;
  /** Says which kustomizations set it. */
  note?: string;
  /** Why the objects cannot go to this file. */
  refusal?: string;
}

const folderOf = (path: string) => {
  const normalized = path.replace(/^\.\//, '');
  const slash = normalized.lastIndexOf('/');
  return slash < 0 ? '' : normalized.slice(0, slash);
};

/**
 * Decides whether objects written into `path` carry their namespace, from
 * the kustomizations that build the file's folder (once the file is listed
 * in the folder's kustomization):
 *
 * - every one of them sets a namespace, among them the objects': the
 *   objects carry none, as the other files of a GitOps base, and each
 *   overlay puts them in its own namespace;
 * - every one sets a namespace, none the objects': kustomize would put the
 *   objects elsewhere than asked, so they cannot go there;
 * - some set none, or the folder has no kustomization: the objects keep
 *   their namespace.
 */
export function placeInKustomizations(
  files: RepositoryFile[],
  path: string,
  objects: KubernetesObject[],
): KustomizationPlacementResult {
  const { builtBy } = kustomizationPlacement(files, folderOf(path));
  const namespaces = builtBy.map(r => r.namespace);
  if (
    builtBy.length === 0 ||
    namespaces.some(namespace => namespace === undefined)
  ) {
    return { objects };
  }
  const wanted = [
    ...new Set(
      objects
        .filter(o => isNamespacedKind(o.kind) && o.metadata.namespace)
        .map(o => o.metadata.namespace!),
    ),
  ];
  if (wanted.length === 0) return { objects };
  const setters = builtBy
    .map(r => `${r.namespace} (${r.setBy})`)
    .filter((value, i, all) => all.indexOf(value) === i);
  const missing = wanted.filter(namespace => !namespaces.includes(namespace));
  if (missing.length > 0) {
    return {
      objects,
      refusal: `${path} would be deployed into namespace ${setters.join(
        ', ',
      )}, not ${missing.join(
        ', ',
      )}: the kustomizations that build its folder set the namespace. Write it into a folder of an overlay of ${missing.join(
        ', ',
      )}, or choose the namespace an overlay deploys`,
    };
  }
  return {
    objects: objects.map(object => {
      if (!object.metadata.namespace || !isNamespacedKind(object.kind)) {
        return object;
      }
      const { namespace: _left, ...metadata } = object.metadata;
      return { ...object, metadata };
    }),
    namespace: wanted.join(', '),
    note: `the kustomizations that build its folder set it: ${setters.join(
      ', ',
    )}`,
  };
}
