import {
  AnalyzerMessage,
  analyzeInContext,
  AuthorizationImpact,
  authorizationImpact,
  ExplicitMeshSettings,
  KubernetesObject,
  ManifestFile,
  ManifestProblem,
  parseManifests,
  ParsedObject,
  UncheckedReference,
  withDefaultNamespace,
} from '@istio-mesh/plugin-istio-mesh-common';
import { workerTask } from '../worker/runInWorker';
import { visibleImpact, withoutHiddenReferences } from './visibleMesh';

/** What one analysis gets: plain data, cloned into the worker. */
export interface ManifestAnalysisInput {
  files: ManifestFile[];
  /** More objects than this are not analyzed. */
  maxObjects: number;
  /** The live mesh the caller may see; absent when there is none. */
  live?: {
    /** Already narrowed to what the caller may see. */
    objects: KubernetesObject[];
    /** The namespaces the caller may read. */
    readableNamespaces: string[];
  };
  /** Istio's root namespace in the live cluster. */
  rootNamespace: string;
  /** Mesh configuration set in the backend's config (`istioMesh.rootNamespace`). */
  meshSettings?: ExplicitMeshSettings;
}

/** What one analysis gives back. */
export type ManifestAnalysisOutput =
  | { outcome: 'too-many-objects'; objects: number }
  | {
      outcome: 'analyzed';
      messages: AnalyzerMessage[];
      problems: ManifestProblem[];
      authorizationImpact: AuthorizationImpact[];
      notChecked: UncheckedReference[];
    };

/**
 * Parses the sent files and analyzes their objects with the live mesh the
 * caller may see: the analyzer's messages about them (those that lead into
 * namespaces the caller may not read left out and listed as not checked),
 * and the callers each sent AuthorizationPolicy would deny. CPU-bound and
 * pure; it runs in a worker thread (see {@link manifestAnalysisTask}).
 */
export function analyzeManifestFiles(
  input: ManifestAnalysisInput,
): ManifestAnalysisOutput {
  const analyzed: ParsedObject[] = [];
  const problems: ManifestProblem[] = [];
  for (const file of input.files) {
    const parsed = parseManifests(file.content, file.path);
    for (const entry of parsed.objects) analyzed.push(entry);
    for (const problem of parsed.problems) problems.push(problem);
  }
  // A broken document counts as an object: it still costs a message.
  const objects = analyzed.length + problems.length;
  if (objects > input.maxObjects) {
    return { outcome: 'too-many-objects', objects };
  }
  // As analyzeInContext places them, so that messages find their object.
  const sent = analyzed.map(entry => ({
    ...entry,
    object: withDefaultNamespace(entry.object, 'default'),
  }));
  const { live, rootNamespace } = input;
  const messages = analyzeInContext(
    { analyzed: sent, problems, context: live?.objects ?? [] },
    { meshSettings: input.meshSettings },
  );
  if (!live) {
    return {
      outcome: 'analyzed',
      messages,
      problems,
      authorizationImpact: [],
      notChecked: [],
    };
  }
  const readable = new Set(live.readableNamespaces);
  const sentObjects = sent.map(entry => entry.object);
  const policies = sentObjects.filter(o => o.kind === 'AuthorizationPolicy');
  const visible = withoutHiddenReferences(
    messages,
    sentObjects,
    readable,
    rootNamespace,
  );
  return {
    outcome: 'analyzed',
    messages: visible.messages,
    problems,
    authorizationImpact:
      policies.length > 0
        ? authorizationImpact(live.objects, policies, { rootNamespace }).map(
            impact => visibleImpact(impact, readable),
          )
        : [],
    notChecked: visible.notChecked,
  };
}

/** {@link analyzeManifestFiles} as a worker thread runs it. */
export const manifestAnalysisTask = workerTask(__filename, {
  analyzeManifestFiles,
});
