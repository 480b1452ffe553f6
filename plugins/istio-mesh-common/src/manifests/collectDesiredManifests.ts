import { ManifestProblem } from '../resources/parseManifests';
import {
  DesiredManifest,
  DesiredManifestsOptions,
  parseDesiredManifests,
} from './parseDesiredManifests';
import { objectIdentity } from '../resources/objects';
import { buildKustomizations } from './buildKustomizations';
import { folderOf, RepositoryFile } from './repositoryFile';

/**
 * How {@link collectDesiredManifests} reads a folder.
 *
 * @public
 */
export interface CollectDesiredManifestsOptions
  extends DesiredManifestsOptions {
  /**
   * Files of a kustomization's folder that no kustomization lists are not
   * applied by kustomize, so they are not read. Those this returns true for
   * are read as plain manifests anyway: a manifest just written, before it
   * is added to its kustomization. Default: none.
   */
  readUnlisted?: (path: string) => boolean;
}

/**
 * Everything a folder of manifests declares, and what could not be read of
 * it.
 *
 * @public
 */
export interface CollectedDesiredManifests {
  manifests: DesiredManifest[];
  /**
   * What is wrong in the files: unparseable YAML, malformed objects,
   * kustomizations and `resources` entries kustomize would reject.
   */
  problems: ManifestProblem[];
  /**
   * What was left out because this reader does not build it, though it
   * may be right: remote `resources` entries, entries outside the files
   * given, Helm charts. Worth telling the user; not an error in the files.
   */
  notBuilt: ManifestProblem[];
  /**
   * Files of a kustomization's folder that no kustomization lists, in path
   * order (kustomization files aside): patches, generator inputs, or
   * manifests someone forgot to list. Kustomize does not apply them.
   */
  unlistedFiles: string[];
  /**
   * Files a kustomization's `resources` entry names, in path order: what
   * kustomize applies through the repository's kustomizations.
   */
  listedFiles: string[];
}

/** `Chart.yaml` files: their folders hold templates, not YAML. */
function helmCharts(files: RepositoryFile[]): string[] {
  return files
    .map(file => file.path)
    .filter(path => path === 'Chart.yaml' || path.endsWith('/Chart.yaml'));
}

/**
 * The desired state of a folder of manifests (a GitOps repository, a
 * scaffolder workspace, a directory given to the CLI): first what its
 * kustomizations build, then every YAML or JSON file no kustomization
 * accounts for, read as plain manifests in path order.
 *
 * Kustomize, to the extent of:
 *
 * - a folder with `kustomization.yaml`, `kustomization.yml` or
 *   `Kustomization` is a kustomization (the first of these names wins when a
 *   folder has several, and the others are problems). Its files are read
 *   only when a kustomization lists them: other files of its folder
 *   (patches, generator inputs such as Grafana dashboards) are not objects
 *   (see {@link CollectDesiredManifestsOptions.readUnlisted});
 * - `resources` entries are files or folders, resolved against the
 *   kustomization's folder; a folder must itself be a kustomization. A
 *   missing entry, an absolute path, a kustomization file listed as a file,
 *   a cycle and an unparseable kustomization are problems; remote entries
 *   (Git or HTTP URLs) and entries outside the files given are not built;
 * - `namespace` is set on every namespaced object a kustomization includes,
 *   directly or through other kustomizations, the outermost one winning;
 *   cluster-scoped kinds keep none. A base included by two overlays gives
 *   its objects once in each overlay's namespace;
 * - root kustomizations (those no other includes) are built in path
 *   order; kustomizations only reachable through a cycle are roots too.
 *
 * Not supported, and silently not applied: `bases`, `components`, patches
 * (`patches`, `patchesStrategicMerge`, `patchesJson6902`), generators
 * (`configMapGenerator`, `secretGenerator`), `namePrefix`/`nameSuffix`,
 * `labels`/`commonLabels`/`commonAnnotations`, `images`, `replicas`,
 * `helmCharts`, `replacements`, `openapi`, transformers, and kustomize's
 * namespace rewrite of references (RoleBinding subjects, webhook services).
 *
 * Besides: kustomization files are not objects; documents without
 * `apiVersion` and `kind` (dashboards, Helm values) are skipped silently;
 * Secrets lose their data; Helm charts (folders with `Chart.yaml`) are not
 * built and their files not read. An object reached twice (same API
 * group, kind, namespace and name) is kept once, as first reached.
 *
 * Pure: no IO; the files are read by the caller.
 *
 * @public
 */
export function collectDesiredManifests(
  files: RepositoryFile[],
  options: CollectDesiredManifestsOptions = {},
): CollectedDesiredManifests {
  const { readUnlisted = () => false, ...parseOptions } = options;
  const parse = (file: RepositoryFile) =>
    parseDesiredManifests(file, parseOptions);
  const sorted = [...files].sort((a, b) =>
    a.path < b.path ? -1 : Number(a.path > b.path),
  );
  const charts = helmCharts(sorted);
  const chartFolders = charts.map(chart =>
    folderOf(chart) ? `${folderOf(chart)}/` : '',
  );
  const readable = sorted.filter(
    file => !chartFolders.some(folder => file.path.startsWith(folder)),
  );

  const built = buildKustomizations(readable, parse);
  const problems = [...built.problems];
  const notBuilt: ManifestProblem[] = [
    ...charts.map(file => ({
      file,
      message: 'Helm chart not rendered (not supported)',
    })),
    ...built.notBuilt,
  ];
  const manifests = [...built.manifests];
  for (const file of readable) {
    const unlisted = built.unlistedFiles.has(file.path);
    if (built.claimedFiles.has(file.path) && !unlisted) continue;
    if (unlisted && !readUnlisted(file.path)) continue;
    const plain = parse(file);
    manifests.push(...plain.manifests);
    problems.push(...plain.problems);
  }

  const seen = new Set<string>();
  return {
    manifests: manifests.filter(manifest => {
      const identity = objectIdentity(manifest.object);
      if (seen.has(identity)) return false;
      seen.add(identity);
      return true;
    }),
    problems,
    notBuilt,
    unlistedFiles: [...built.unlistedFiles].sort(),
    listedFiles: [...built.listedFiles].sort(),
  };
}
