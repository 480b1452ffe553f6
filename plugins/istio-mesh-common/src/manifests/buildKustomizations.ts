import { isNamespacedKind } from '../analyzer/defaultNamespace';
import { ManifestProblem } from '../resources/parseManifests';
import {
  isRemoteResource,
  Kustomization,
  KustomizationResource,
  parseKustomization,
} from './kustomization';
import {
  DesiredManifest,
  ParsedDesiredManifests,
} from './parseDesiredManifests';
import {
  folderOf,
  isKustomizationFileName,
  joinRepositoryPath,
  KUSTOMIZATION_FILE_NAMES,
  RepositoryFile,
} from './repositoryFile';

/** What the kustomizations of a repository build to. */
export interface BuiltKustomizations {
  /** In order: each root kustomization's objects, roots sorted by path. */
  manifests: DesiredManifest[];
  /**
   * What is wrong: unusable documents of the files built, and
   * kustomizations and entries kustomize would reject.
   */
  problems: ManifestProblem[];
  /**
   * Entries left out because this build does not read them, not because
   * they are wrong: remote resources and paths outside the files given.
   */
  notBuilt: ManifestProblem[];
  /**
   * Files the kustomizations account for: the kustomization files, every file
   * a `resources` entry reaches, and the other files of a kustomization's
   * folder (patches, generator inputs, files left out on purpose), which
   * kustomize never applies on their own.
   */
  claimedFiles: Set<string>;
  /**
   * The files of a kustomization's folder that no kustomization lists (and
   * that are not kustomization files): kustomize does not apply them.
   */
  unlistedFiles: Set<string>;
  /** The files a kustomization's `resources` entry names. */
  listedFiles: Set<string>;
}

type ResolvedResource =
  | { type: 'file'; path: string }
  | { type: 'kustomization'; kustomization: Kustomization };

interface ResolvedKustomization {
  kustomization: Kustomization;
  resources: Array<{ resource: KustomizationResource; to: ResolvedResource }>;
}

/** Sets the kustomization's namespace on namespaced objects, as kustomize does. */
function inNamespace(
  manifests: DesiredManifest[],
  namespace: string | undefined,
): DesiredManifest[] {
  if (!namespace) return manifests;
  return manifests.map(manifest =>
    isNamespacedKind(manifest.object.kind)
      ? {
          ...manifest,
          object: {
            ...manifest.object,
            metadata: { ...manifest.object.metadata, namespace },
          },
        }
      : manifest,
  );
}

/** Every folder that holds a file, the repository root (`''`) included. */
function foldersOf(paths: Iterable<string>): Set<string> {
  const folders = new Set<string>(['']);
  for (const path of paths) {
    for (let dir = folderOf(path); dir; dir = folderOf(dir)) {
      folders.add(dir);
    }
  }
  return folders;
}

/**
 * Builds the kustomizations among a folder's files: `resources` (files and
 * folders that are kustomizations) and `namespace`, to the extent described
 * on `collectDesiredManifests`; nothing else of kustomize.
 *
 * Pure: no IO; `parse` is called at most once per file.
 */
export function buildKustomizations(
  files: RepositoryFile[],
  parse: (file: RepositoryFile) => ParsedDesiredManifests,
): BuiltKustomizations {
  const problems: ManifestProblem[] = [];
  const notBuilt: ManifestProblem[] = [];
  const claimedFiles = new Set<string>();
  const byPath = new Map(files.map(file => [file.path, file]));
  const folders = foldersOf(byPath.keys());

  const parsed = new Map<string, ParsedDesiredManifests>();
  const manifestsOf = (path: string) => {
    let result = parsed.get(path);
    if (!result) {
      result = parse(byPath.get(path)!);
      parsed.set(path, result);
      problems.push(...result.problems);
    }
    return result.manifests;
  };

  const kustomizations = new Map<string, Kustomization>();
  for (const folder of [...folders].sort()) {
    const [first, ...others] = KUSTOMIZATION_FILE_NAMES.map(name =>
      joinRepositoryPath(folder, name),
    ).filter(path => byPath.has(path));
    if (!first) continue;
    const { kustomization, problems: fileProblems } = parseKustomization(
      byPath.get(first)!,
    );
    problems.push(...fileProblems);
    kustomizations.set(folder, kustomization);
    for (const other of others) {
      problems.push({
        file: other,
        message: `ignored: ${first} is the kustomization of this folder`,
      });
    }
  }
  const kustomizationFolderFiles = [...byPath.keys()].filter(file =>
    kustomizations.has(folderOf(file)),
  );
  for (const file of kustomizationFolderFiles) claimedFiles.add(file);

  const resolveResource = (
    kustomization: Kustomization,
    resource: KustomizationResource,
  ): ResolvedResource | undefined => {
    const skip = (reason: string, into = problems) => {
      into.push({
        file: kustomization.file,
        ...(resource.line ? { line: resource.line } : {}),
        field: 'resources',
        message: `resources entry ${resource.entry}: ${reason}`,
      });
      return undefined;
    };
    if (isRemoteResource(resource.entry)) {
      return skip('remote resources are not read', notBuilt);
    }
    if (resource.entry.startsWith('/')) {
      return skip('absolute paths are not read');
    }
    const path = joinRepositoryPath(kustomization.directory, resource.entry);
    if (path === '..' || path.startsWith('../')) {
      return skip('outside the folder read', notBuilt);
    }
    if (byPath.has(path)) {
      return isKustomizationFileName(path.slice(path.lastIndexOf('/') + 1))
        ? skip('a kustomization file; list its folder instead')
        : { type: 'file', path };
    }
    const target = kustomizations.get(path);
    if (target) {
      return { type: 'kustomization', kustomization: target };
    }
    if (folders.has(path)) {
      return skip('folder has no kustomization.yaml');
    }
    return skip('not found');
  };

  const resolved = new Map<string, ResolvedKustomization>();
  const included = new Set<string>();
  for (const kustomization of kustomizations.values()) {
    const resources = kustomization.resources.flatMap(resource => {
      const to = resolveResource(kustomization, resource);
      if (to?.type === 'kustomization') included.add(to.kustomization.file);
      return to ? [{ resource, to }] : [];
    });
    resolved.set(kustomization.file, { kustomization, resources });
  }

  const built = new Map<string, DesiredManifest[]>();
  const build = (file: string, chain: string[]): DesiredManifest[] => {
    const done = built.get(file);
    if (done) return done;
    const { kustomization, resources } = resolved.get(file)!;
    const manifests: DesiredManifest[] = [];
    for (const { resource, to } of resources) {
      if (to.type === 'file') {
        claimedFiles.add(to.path);
        manifests.push(...manifestsOf(to.path));
        continue;
      }
      const next = to.kustomization.file;
      if (chain.includes(next)) {
        problems.push({
          file,
          ...(resource.line ? { line: resource.line } : {}),
          field: 'resources',
          message: `resources entry ${resource.entry}: cycle ${[
            ...chain,
            next,
          ].join(' -> ')} is not followed`,
        });
        continue;
      }
      manifests.push(...build(next, [...chain, next]));
    }
    const result = inNamespace(manifests, kustomization.namespace);
    built.set(file, result);
    return result;
  };

  // Roots first, in path order; then whatever only a cycle reaches.
  const kustomizationFiles = [...resolved.keys()].sort();
  const manifests: DesiredManifest[] = [];
  for (const file of kustomizationFiles.filter(f => !included.has(f))) {
    manifests.push(...build(file, [file]));
  }
  for (const file of kustomizationFiles) {
    if (!built.has(file)) manifests.push(...build(file, [file]));
  }
  const listedFiles = new Set(
    [...resolved.values()].flatMap(({ resources }) =>
      resources.flatMap(({ to }) => (to.type === 'file' ? [to.path] : [])),
    ),
  );
  const unlistedFiles = new Set(
    kustomizationFolderFiles.filter(
      file =>
        !listedFiles.has(file) &&
        !isKustomizationFileName(file.slice(file.lastIndexOf('/') + 1)),
    ),
  );
  return {
    manifests,
    problems,
    notBuilt,
    claimedFiles,
    unlistedFiles,
    listedFiles,
  };
}
