import { KubernetesObject, objectIdentity } from '../resources/objects';
import { ManifestProblem } from '../resources/parseManifests';
import { withoutSecretData } from '../resources/secrets';
import { ALL_ANALYZERS } from './allAnalyzers';
import { withDefaultNamespace } from './defaultNamespace';
import { MESSAGE_CATALOG } from './messageCatalog';
import { MeshConfig } from './meshConfig';
import { messageDocumentationUrl, runAnalyzers } from './runAnalyzers';
import { Suppression } from './suppression';
import {
  ExplicitMeshSettings,
  resolveMeshConfiguration,
} from '../meshConfig/meshConfiguration';
import { Analyzer, AnalyzedObject, AnalyzerMessage } from './types';

/**
 * An unreadable document or malformed object as the IST0106 error
 * `istioctl analyze` gives for it.
 *
 * @public
 */
export function manifestProblemMessage(
  problem: ManifestProblem,
): AnalyzerMessage {
  const type = MESSAGE_CATALOG.IST0106;
  return {
    code: type.code,
    level: type.level,
    kind: problem.kind ?? '',
    namespace: problem.namespace ?? '',
    name: problem.name ?? problem.file,
    message: `Schema validation error: ${problem.message}`,
    path: problem.field ?? '',
    analyzer: 'manifests',
    location: {
      file: problem.file,
      ...(problem.line ? { line: problem.line } : {}),
    },
    documentationUrl: messageDocumentationUrl(type.code),
  };
}

/**
 * What {@link analyzeInContext} analyzes.
 *
 * @public
 */
export interface ContextAnalysisInput {
  /** The objects reported on: new or changed manifests. */
  analyzed: AnalyzedObject[];
  /** Problems met while reading them; each becomes an IST0106 error. */
  problems?: ManifestProblem[];
  /**
   * The objects they join: the rest of a repository, or a cluster's live
   * mesh. An analyzed object replaces a context object of the same API
   * group, kind, namespace and name.
   */
  context: KubernetesObject[];
}

/**
 * Options of {@link analyzeInContext}.
 *
 * @public
 */
export interface ContextAnalysisOptions {
  analyzers?: Analyzer[];
  /**
   * The mesh configuration; by default the one the objects carry (see
   * `resolveMeshConfiguration`), with `meshSettings` applied.
   */
  meshConfig?: MeshConfig;
  /** Mesh configuration set explicitly (`istioMesh.rootNamespace`, flags). */
  meshSettings?: ExplicitMeshSettings;
  suppressions?: Suppression[];
  /** Namespace of analyzed namespaced objects without one; default `default`. */
  defaultNamespace?: string;
}

/**
 * Runs the analyzers over new manifests together with the objects they will
 * live with, under the mesh configuration they carry, and returns only the
 * messages about the new manifests: a
 * VirtualService that names a host is checked against the Services of the
 * cluster or repository, yet nothing already there is reported. Secrets lose
 * their data first.
 *
 * @public
 */
export function analyzeInContext(
  input: ContextAnalysisInput,
  options: ContextAnalysisOptions = {},
): AnalyzerMessage[] {
  const defaultNamespace = options.defaultNamespace ?? 'default';
  const analyzed = input.analyzed.map(entry => ({
    ...entry,
    object: withDefaultNamespace(
      withoutSecretData(entry.object),
      defaultNamespace,
    ),
  }));
  const replaced = new Set(analyzed.map(entry => objectIdentity(entry.object)));
  const context = input.context
    .filter(object => !replaced.has(objectIdentity(object)))
    .map(object => ({ object: withoutSecretData(object) }));
  const all = [...context, ...analyzed];
  const meshConfig =
    options.meshConfig ??
    resolveMeshConfiguration(
      all.map(entry => entry.object),
      options.meshSettings,
    ).mesh;
  const messages = runAnalyzers(all, {
    analyzers: options.analyzers ?? ALL_ANALYZERS,
    meshConfig,
    meshSettings: options.meshSettings,
    suppressions: options.suppressions,
  });
  const reported = new Set(
    analyzed.map(({ object }) =>
      [object.kind, object.metadata.namespace ?? '', object.metadata.name].join(
        '/',
      ),
    ),
  );
  return [
    ...(input.problems ?? []).map(manifestProblemMessage),
    ...messages.filter(
      m =>
        m.code === 'IST0001' ||
        reported.has([m.kind, m.namespace, m.name].join('/')),
    ),
  ];
}
