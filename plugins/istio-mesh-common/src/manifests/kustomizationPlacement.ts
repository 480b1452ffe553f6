import {
  isRemoteResource,
  Kustomization,
  parseKustomization,
} from './kustomization';
import {
  folderOf,
  joinRepositoryPath,
  KUSTOMIZATION_FILE_NAMES,
  RepositoryFile,
} from './repositoryFile';

/**
 * A root kustomization (one no other includes) that builds a folder, and
 * the namespace its objects get there.
 *
 * @public
 */
export interface KustomizationBuild {
  /** The root kustomization file. */
  root: string;
  /**
   * The namespace kustomize sets on the folder's namespaced objects when it
   * builds `root`: that of the outermost kustomization on the way that sets
   * one; absent when none does, so the objects keep their own.
   */
  namespace?: string;
  /** The kustomization file that sets `namespace`. */
  setBy?: string;
}

/**
 * Where kustomize puts the objects of a folder's kustomization, as
 * {@link kustomizationPlacement} finds it.
 *
 * @public
 */
export interface KustomizationPlacement {
  /** The folder's own kustomization file; absent when it has none. */
  kustomization?: string;
  /**
   * Every root kustomization that includes the folder's kustomization
   * (itself, when no other includes it), sorted by root; empty when the
   * folder has no kustomization.
   */
  builtBy: KustomizationBuild[];
}

function kustomizationsOf(files: RepositoryFile[]) {
  const byPath = new Map(files.map(file => [file.path, file]));
  const byFolder = new Map<string, Kustomization>();
  for (const file of files) {
    const folder = folderOf(file.path);
    if (byFolder.has(folder)) continue;
    const first = KUSTOMIZATION_FILE_NAMES.map(name =>
      joinRepositoryPath(folder, name),
    ).find(path => byPath.has(path));
    if (first) {
      byFolder.set(
        folder,
        parseKustomization(byPath.get(first)!).kustomization,
      );
    }
  }
  return byFolder;
}

/**
 * Which root kustomizations build the objects of `folder`'s kustomization,
 * and into which namespace: the same reading of `resources` (folders that
 * are kustomizations) and `namespace` as `collectDesiredManifests`, the
 * outermost namespace winning. A template asks it before writing into a
 * GitOps base: when every overlay that builds the base sets the namespace,
 * the file written there carries none.
 *
 * Pure: no IO.
 *
 * @public
 */
export function kustomizationPlacement(
  files: RepositoryFile[],
  folder: string,
): KustomizationPlacement {
  const byFolder = kustomizationsOf(files);
  const own = byFolder.get(folder);
  if (!own) return { builtBy: [] };

  // Who includes whom: folder -> the kustomizations listing it.
  const includedBy = new Map<string, Kustomization[]>();
  for (const kustomization of byFolder.values()) {
    for (const { entry } of kustomization.resources) {
      if (isRemoteResource(entry) || entry.startsWith('/')) continue;
      const target = joinRepositoryPath(kustomization.directory, entry);
      if (!byFolder.has(target)) continue;
      const list = includedBy.get(target) ?? [];
      list.push(kustomization);
      includedBy.set(target, list);
    }
  }

  const builtBy = new Map<string, KustomizationBuild>();
  // `chain` runs from the folder's kustomization outwards.
  const walk = (current: Kustomization, chain: Kustomization[]) => {
    const parents = (includedBy.get(current.directory) ?? []).filter(
      parent => !chain.includes(parent),
    );
    if (parents.length === 0) {
      const setter = [...chain].reverse().find(k => k.namespace);
      const key = `${current.file}\n${setter?.file ?? ''}`;
      builtBy.set(key, {
        root: current.file,
        ...(setter ? { namespace: setter.namespace, setBy: setter.file } : {}),
      });
      return;
    }
    for (const parent of parents) walk(parent, [...chain, parent]);
  };
  walk(own, [own]);
  return {
    kustomization: own.file,
    builtBy: [...builtBy.values()].sort(
      (a, b) =>
        a.root.localeCompare(b.root) ||
        (a.setBy ?? '').localeCompare(b.setBy ?? ''),
    ),
  };
}
