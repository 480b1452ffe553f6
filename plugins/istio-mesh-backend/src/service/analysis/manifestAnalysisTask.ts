import {
  AnalyzerMessage,
  analyzeInContext,
  AuthorizationImpact,
  authorizationImpact,
  KubernetesObject,
  ManifestFile,
  ManifestProblem,
  parseManifests,
  ParsedObject,
} from '@istio-mesh/plugin-istio-mesh-common';
import { workerTask } from '../worker/runInWorker';

/** What one analysis gets: plain data, cloned into the worker. */
export interface ManifestAnalysisInput {
  files: ManifestFile[];
  /** More objects than this are not analyzed. */
  maxObjects: number;
  /** The live mesh; absent when there is none. */
  live?: { objects: KubernetesObject[] };
  rootNamespace: string;
}

/** What one analysis gives back. */
export type ManifestAnalysisOutput =
  | { outcome: 'too-many-objects'; objects: number }
  | {
      outcome: 'analyzed';
      messages: AnalyzerMessage[];
      problems: ManifestProblem[];
      authorizationImpact: AuthorizationImpact[];
    };

/**
 * Parses the sent files and analyzes their objects with the live mesh: the
 * analyzer's messages about them, and the callers each sent
 * AuthorizationPolicy would deny. CPU-bound and pure; it runs in a worker
 * thread (see {@link manifestAnalysisTask}).
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
  const { live, rootNamespace } = input;
  const messages = analyzeInContext({
    analyzed,
    problems,
    context: live?.objects ?? [],
  });
  const policies = analyzed
    .map(entry => entry.object)
    .filter(object => object.kind === 'AuthorizationPolicy');
  return {
    outcome: 'analyzed',
    messages,
    problems,
    authorizationImpact:
      live && policies.length > 0
        ? authorizationImpact(live.objects, policies, { rootNamespace })
        : [],
  };
}

/** {@link analyzeManifestFiles} as a worker thread runs it. */
export const manifestAnalysisTask = workerTask(__filename, {
  analyzeManifestFiles,
});
