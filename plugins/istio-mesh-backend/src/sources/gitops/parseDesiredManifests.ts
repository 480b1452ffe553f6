import {
  KubernetesObject,
  ManifestProblem,
  parseManifests,
  withoutSecretData,
} from '@istio-mesh/plugin-istio-mesh-common';
import { RepositoryFile } from './repositoryFile';

/** A Kubernetes object as Git wants it, and where it is written. */
export interface DesiredManifest {
  object: KubernetesObject;
  /** Path of the file inside the repository, with posix separators. */
  file: string;
  /** 1-based line where the object starts in that file. */
  line?: number;
}

/** The objects of one file and the documents of it that could not be used. */
export interface ParsedDesiredManifests {
  manifests: DesiredManifest[];
  problems: ManifestProblem[];
}

// Fields whose absence means "not a Kubernetes object" rather than "a
// broken one": such documents (dashboards, Helm values, CI config) are not
// desired state and not worth a warning. `''` is a document that is not a
// mapping at all.
const NOT_AN_OBJECT_FIELDS = new Set(['', 'apiVersion', 'kind']);

/**
 * Parses one YAML or JSON file into desired objects. Secrets lose their data
 * here, before anything else sees them; documents without `apiVersion` and
 * `kind` are skipped without a problem.
 */
export function parseDesiredManifests(
  file: RepositoryFile,
): ParsedDesiredManifests {
  const { objects, problems } = parseManifests(file.content, file.path);
  return {
    manifests: objects.map(({ object, location }) => ({
      object: withoutSecretData(object),
      file: file.path,
      ...(location.line ? { line: location.line } : {}),
    })),
    problems: problems.filter(
      problem =>
        problem.field === undefined || !NOT_AN_OBJECT_FIELDS.has(problem.field),
    ),
  };
}
