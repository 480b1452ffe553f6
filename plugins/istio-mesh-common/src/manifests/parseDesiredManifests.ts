import { KubernetesObject } from '../resources/objects';
import { ManifestProblem, parseManifests } from '../resources/parseManifests';
import { withoutSecretData } from '../resources/secrets';
import { RepositoryFile } from './repositoryFile';

/**
 * A Kubernetes object as a folder of manifests declares it (what Git wants
 * the cluster to hold), and where it is written.
 *
 * @public
 */
export interface DesiredManifest {
  object: KubernetesObject;
  /** Path of the file inside the folder read, with posix separators. */
  file: string;
  /** 1-based line where the object starts in that file. */
  line?: number;
  /**
   * Line of a field inside the object, from a path such as
   * `spec.http[0].route[0].destination.host`; only when read with
   * {@link DesiredManifestsOptions.fieldLines}.
   */
  lineOfPath?: (path: string) => number | undefined;
}

/**
 * How manifests are read.
 *
 * @public
 */
export interface DesiredManifestsOptions {
  /**
   * Keep {@link DesiredManifest.lineOfPath}, so that findings can point at
   * the line of a field (SARIF, scaffolder messages). Default false: it keeps
   * every file's parsed YAML in memory for as long as the manifests live.
   */
  fieldLines?: boolean;
}

/**
 * The objects of one file and the documents of it that could not be used.
 *
 * @public
 */
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
 *
 * @public
 */
export function parseDesiredManifests(
  file: RepositoryFile,
  options: DesiredManifestsOptions = {},
): ParsedDesiredManifests {
  const { objects, problems } = parseManifests(file.content, file.path);
  return {
    manifests: objects.map(({ object, location, lineOfPath }) => ({
      object: withoutSecretData(object),
      file: file.path,
      ...(location.line ? { line: location.line } : {}),
      ...(options.fieldLines && lineOfPath ? { lineOfPath } : {}),
    })),
    problems: problems.filter(
      problem =>
        problem.field === undefined || !NOT_AN_OBJECT_FIELDS.has(problem.field),
    ),
  };
}
