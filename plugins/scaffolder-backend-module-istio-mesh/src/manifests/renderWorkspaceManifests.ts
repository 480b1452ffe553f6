import { posix } from 'node:path';
import {
  isNamespacedKind,
  ManifestProblem,
  parseManifests,
  ParsedObject,
  withDefaultNamespace,
} from '@istio-mesh/plugin-istio-mesh-common';
import { parse } from 'yaml';

/** A file of the workspace, read into memory. */
export interface WorkspaceFile {
  /** Workspace-relative path with forward slashes. */
  path: string;
  content: string;
}

/** The objects of the workspace as the cluster would get them. */
export interface WorkspaceManifests {
  objects: ParsedObject[];
  problems: ManifestProblem[];
}

/** Names kustomize recognises as a folder's kustomization, in its order. */
export const KUSTOMIZATION_FILE_NAMES = [
  'kustomization.yaml',
  'kustomization.yml',
  'Kustomization',
];

// A document without these is not a Kubernetes object (a dashboard, Helm
// values, CI configuration), not a broken one: it is skipped silently.
const NOT_AN_OBJECT_FIELDS = new Set(['', 'apiVersion', 'kind']);

interface KustomizationFolder {
  namespace?: string;
  /** `resources` entries resolved to workspace paths. */
  resources: string[];
}

const folderOf = (path: string) =>
  posix.dirname(path) === '.' ? '' : posix.dirname(path);

function readKustomization(file: WorkspaceFile): KustomizationFolder {
  let value: unknown;
  try {
    value = parse(file.content);
  } catch {
    return { resources: [] };
  }
  const { namespace, resources } = (value ?? {}) as {
    namespace?: unknown;
    resources?: unknown;
  };
  const folder = folderOf(file.path);
  return {
    ...(typeof namespace === 'string' && namespace ? { namespace } : {}),
    resources: Array.isArray(resources)
      ? resources
          .filter(
            (r): r is string => typeof r === 'string' && !r.includes('://'),
          )
          .map(r => posix.normalize(posix.join(folder, r)).replace(/\/+$/, ''))
      : [],
  };
}

/**
 * The namespaces each file is deployed to through the kustomizations that
 * include it: a kustomization's `namespace` applies to everything it
 * includes, the outermost one winning, as kustomize does. A file reached by
 * no kustomization, or by none that sets a namespace, maps to `undefined`.
 */
function fileNamespaces(files: WorkspaceFile[]) {
  const kustomizations = new Map<string, KustomizationFolder>();
  for (const file of [...files].sort((a, b) => a.path.localeCompare(b.path))) {
    const folder = folderOf(file.path);
    if (
      KUSTOMIZATION_FILE_NAMES.includes(posix.basename(file.path)) &&
      !kustomizations.has(folder)
    ) {
      kustomizations.set(folder, readKustomization(file));
    }
  }
  const included = new Set(
    [...kustomizations.values()].flatMap(k =>
      k.resources.filter(r => kustomizations.has(r)),
    ),
  );
  const namespaces = new Map<string, Set<string | undefined>>();
  const visit = (
    folder: string,
    outer: string | undefined,
    chain: string[],
  ) => {
    const kustomization = kustomizations.get(folder)!;
    const namespace = outer ?? kustomization.namespace;
    for (const resource of kustomization.resources) {
      if (kustomizations.has(resource)) {
        if (!chain.includes(resource)) {
          visit(resource, namespace, [...chain, resource]);
        }
        continue;
      }
      const set = namespaces.get(resource) ?? new Set();
      set.add(namespace);
      namespaces.set(resource, set);
    }
  };
  const roots = [...kustomizations.keys()].filter(f => !included.has(f));
  // Kustomizations only reachable through a cycle count as roots too.
  for (const folder of roots.length ? roots : [...kustomizations.keys()]) {
    visit(folder, undefined, [folder]);
  }
  return namespaces;
}

/**
 * Parses the manifests of a workspace (a fetched GitOps repository) into
 * the objects a cluster would receive, to the extent that matters to the
 * analyzers: kustomization files are not objects; a kustomization's
 * `namespace` is set on the namespaced objects of every file it includes,
 * directly or through other kustomizations (a base included by two overlays
 * yields its objects in both namespaces); other namespaced objects without
 * a namespace get `default`, as `istioctl analyze` gives files. Patches,
 * generators, name prefixes and remote resources are not rendered.
 * Documents without `apiVersion` and `kind` are skipped without a problem.
 */
export function renderWorkspaceManifests(
  files: WorkspaceFile[],
): WorkspaceManifests {
  const namespaces = fileNamespaces(files);
  const result: WorkspaceManifests = { objects: [], problems: [] };
  for (const file of files) {
    if (KUSTOMIZATION_FILE_NAMES.includes(posix.basename(file.path))) continue;
    const parsed = parseManifests(file.content, file.path);
    result.problems.push(
      ...parsed.problems.filter(
        p => p.field === undefined || !NOT_AN_OBJECT_FIELDS.has(p.field),
      ),
    );
    const targets = [...(namespaces.get(file.path) ?? [undefined])];
    const seen = new Set<string>();
    for (const entry of parsed.objects) {
      for (const namespace of targets) {
        const object =
          namespace && isNamespacedKind(entry.object.kind)
            ? {
                ...entry.object,
                metadata: { ...entry.object.metadata, namespace },
              }
            : entry.object;
        const rendered = withDefaultNamespace(object, 'default');
        // Cluster-scoped objects are the same in every namespace.
        const identity = `${rendered.apiVersion}/${rendered.kind}/${
          rendered.metadata.namespace ?? ''
        }/${rendered.metadata.name}`;
        if (seen.has(identity)) continue;
        seen.add(identity);
        result.objects.push({ ...entry, object: rendered });
      }
    }
  }
  return result;
}
