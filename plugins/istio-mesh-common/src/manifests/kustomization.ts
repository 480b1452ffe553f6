import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { ManifestProblem } from '../resources/parseManifests';
import { folderOf, RepositoryFile } from './repositoryFile';

/** One entry of a kustomization's `resources:` list. */
export interface KustomizationResource {
  /** The entry as written: a file, a directory or a remote URL. */
  entry: string;
  /** 1-based line of the entry in the kustomization file. */
  line?: number;
}

/**
 * The fields of a kustomization that `collectDesiredManifests` honours.
 * Everything else (patches, generators, components, name prefixes, labels,
 * images, Helm charts...) is not built.
 */
export interface Kustomization {
  /** Path of the kustomization file inside the repository. */
  file: string;
  /** Its directory, which relative `resources` entries are resolved against. */
  directory: string;
  namespace?: string;
  resources: KustomizationResource[];
}

/** A parsed kustomization, and whatever in it could not be used. */
export interface ParsedKustomization {
  kustomization: Kustomization;
  problems: ManifestProblem[];
}

/**
 * Reads `namespace` and `resources` of a kustomization file. A malformed file
 * or field gives a problem naming the file, the line and the field, and the
 * kustomization keeps whatever was usable.
 */
export function parseKustomization(file: RepositoryFile): ParsedKustomization {
  const kustomization: Kustomization = {
    file: file.path,
    directory: folderOf(file.path),
    resources: [],
  };
  const problems: ManifestProblem[] = [];
  const lineCounter = new LineCounter();
  const document = parseDocument(file.content, { lineCounter });
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as Node | null | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : undefined;
  };
  const problem = (message: string, node: unknown, field?: string) => {
    const line = lineOf(node);
    problems.push({
      file: file.path,
      ...(line ? { line } : {}),
      ...(field ? { field } : {}),
      message,
    });
  };

  if (document.errors.length > 0) {
    const error = document.errors[0];
    problems.push({
      file: file.path,
      line: error.linePos?.[0].line,
      // The parser's first line ends with `line 3, column 1:`.
      message: `invalid YAML: ${error.message
        .split('\n')[0]
        .replace(/:$/, '')}`,
    });
    return { kustomization, problems };
  }
  const root = document.contents;
  if (root === null) return { kustomization, problems };
  if (!isMap(root)) {
    problem('kustomization must be a mapping', root);
    return { kustomization, problems };
  }

  const namespace = root.get('namespace', true);
  if (namespace !== undefined && namespace !== null) {
    if (isScalar(namespace) && typeof namespace.value === 'string') {
      if (namespace.value) kustomization.namespace = namespace.value;
    } else {
      problem('namespace: must be a string', namespace, 'namespace');
    }
  }

  const resources = root.get('resources', true);
  if (resources === undefined || resources === null) {
    return { kustomization, problems };
  }
  if (!isSeq(resources)) {
    problem('resources: must be a list', resources, 'resources');
    return { kustomization, problems };
  }
  resources.items.forEach((item, index) => {
    if (isScalar(item) && typeof item.value === 'string' && item.value) {
      kustomization.resources.push({ entry: item.value, line: lineOf(item) });
    } else {
      const field = `resources[${index}]`;
      problem(`${field}: must be a file, folder or URL`, item, field);
    }
  });
  return { kustomization, problems };
}

/**
 * Whether a `resources` entry is remote (a Git repository or an HTTP URL),
 * which kustomize would fetch and `collectDesiredManifests` does not.
 */
export function isRemoteResource(entry: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) ||
    /^git(@|::)/.test(entry) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry) ||
    /\?(ref|version|submodules|timeout)=/.test(entry)
  );
}
