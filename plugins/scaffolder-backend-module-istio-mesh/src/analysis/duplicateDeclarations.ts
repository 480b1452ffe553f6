import {
  collectDesiredManifests,
  DesiredManifest,
  isKustomizationFileName,
  ManifestProblem,
  RepositoryFile,
  objectIdentity,
  withDefaultNamespace,
} from '@istio-mesh/plugin-istio-mesh-common';

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Files that shape the rendering rather than declare objects. */
const isStructure = (file: RepositoryFile) =>
  isKustomizationFileName(baseName(file.path)) ||
  baseName(file.path) === 'Chart.yaml';

const where = (manifest: DesiredManifest) =>
  `${manifest.file}${manifest.line ? `:${manifest.line}` : ''}`;

/**
 * Objects that a file being analyzed declares while another file of the
 * workspace declares them too (same API group, kind, namespace and name,
 * namespaces as the kustomizations set them): kustomize refuses to build
 * two declarations of one object, and the common reader would silently keep
 * only the first. One problem per duplicate, on the analyzed file, naming
 * the other file.
 *
 * @remarks
 * Each analyzed file is rendered on its own with the workspace's
 * kustomizations, so that its objects get their namespaces without being
 * deduplicated against the others'; the rest of the workspace is rendered
 * once without the analyzed files. Two files outside the analyzed ones that
 * declare the same object are not reported: the analysis reports on the
 * analyzed files only.
 */
export function findDuplicateDeclarations(
  files: RepositoryFile[],
  isAnalyzed: (path: string) => boolean,
): ManifestProblem[] {
  const structure = files.filter(isStructure);
  const analyzedFiles = files
    .filter(file => !isStructure(file) && isAnalyzed(file.path))
    .sort((a, b) => (a.path < b.path ? -1 : Number(a.path > b.path)));
  const render = (subset: RepositoryFile[]) =>
    collectDesiredManifests(subset, { readUnlisted: isAnalyzed }).manifests.map(
      manifest => ({
        ...manifest,
        object: withDefaultNamespace(manifest.object, 'default'),
      }),
    );

  const analyzedPaths = new Set(analyzedFiles.map(file => file.path));
  const declared = new Map<string, DesiredManifest>();
  for (const manifest of render(
    files.filter(file => !analyzedPaths.has(file.path)),
  )) {
    declared.set(objectIdentity(manifest.object), manifest);
  }
  const problems: ManifestProblem[] = [];
  for (const file of analyzedFiles) {
    for (const manifest of render([...structure, file])) {
      const identity = objectIdentity(manifest.object);
      const other = declared.get(identity);
      if (!other) {
        declared.set(identity, manifest);
        continue;
      }
      if (other.file === manifest.file) continue;
      const { kind, metadata } = manifest.object;
      problems.push({
        file: manifest.file,
        ...(manifest.line ? { line: manifest.line } : {}),
        kind,
        namespace: metadata.namespace,
        name: metadata.name,
        message: `${kind} ${
          metadata.namespace ? `${metadata.namespace}/` : ''
        }${metadata.name} is also declared in ${where(
          other,
        )}; kustomize does not build two declarations of one object: change that file instead, or give this object another name`,
      });
    }
  }
  return problems;
}
