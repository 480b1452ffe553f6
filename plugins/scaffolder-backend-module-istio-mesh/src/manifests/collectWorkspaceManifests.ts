import {
  collectDesiredManifests,
  ManifestProblem,
  ParsedObject,
  RepositoryFile,
  withDefaultNamespace,
} from '@istio-mesh/plugin-istio-mesh-common';

/** The objects of the workspace as the cluster would get them. */
export interface WorkspaceManifests {
  /** Located in their workspace files, with the lines of their fields. */
  objects: ParsedObject[];
  /** What is wrong in the files; each becomes an IST0106 error. */
  problems: ManifestProblem[];
  /** What is not built (remote bases, Helm charts), though it may be right. */
  notBuilt: ManifestProblem[];
  /**
   * Files that gave objects though no kustomization lists them, so that
   * kustomize would not apply them (read because `readUnlisted` asked).
   */
  unlistedFiles: string[];
}

/**
 * Builds the manifests of a workspace (a fetched GitOps repository) with
 * the common reader, {@link collectDesiredManifests}, and shapes them for
 * the analyzers: namespaced objects that neither a kustomization nor their
 * file give a namespace get `default`, as `istioctl analyze` gives files.
 * Files of a kustomization's folder that no kustomization lists are read
 * only where `readUnlisted` says so: a template writes a manifest before,
 * or without, adding it to the kustomization.
 */
export function collectWorkspaceManifests(
  files: RepositoryFile[],
  options: { readUnlisted?: (path: string) => boolean } = {},
): WorkspaceManifests {
  const collected = collectDesiredManifests(files, {
    fieldLines: true,
    readUnlisted: options.readUnlisted,
  });
  const objects = collected.manifests.map(
    ({ object, file, line, lineOfPath }): ParsedObject => ({
      object: withDefaultNamespace(object, 'default'),
      location: { file, ...(line ? { line } : {}) },
      ...(lineOfPath ? { lineOfPath } : {}),
    }),
  );
  const unlisted = new Set(collected.unlistedFiles);
  return {
    objects,
    problems: collected.problems,
    notBuilt: collected.notBuilt,
    unlistedFiles: [
      ...new Set(
        objects
          .map(({ location }) => location.file)
          .filter(file => unlisted.has(file)),
      ),
    ],
  };
}
