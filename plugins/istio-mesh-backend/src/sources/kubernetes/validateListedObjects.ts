import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  KubernetesObject,
  ManifestProblem,
  parseManifests,
} from '@istio-mesh/plugin-istio-mesh-common';

// The common package validates objects only from text (parseManifests), so
// listed objects go through it as JSON, in chunks so that a cluster with
// thousands of pods does not block the event loop for seconds. An exported
// object-level validator in the common package would make the text round
// trip unnecessary.
const CHUNK_SIZE = 250;

/**
 * Applies the same checks as manifests read from files: a malformed object
 * is reported as a problem and left out, never half-understood.
 */
export async function validateListedObjects(
  items: unknown[],
  source: string,
): Promise<{ objects: KubernetesObject[]; problems: ManifestProblem[] }> {
  const objects: KubernetesObject[] = [];
  const problems: ManifestProblem[] = [];
  for (let start = 0; start < items.length; start += CHUNK_SIZE) {
    if (start > 0) await yieldToEventLoop();
    const parsed = parseManifests(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: items.slice(start, start + CHUNK_SIZE),
      }),
      source,
    );
    objects.push(...parsed.objects.map(p => p.object));
    // Line numbers of the generated JSON mean nothing to a reader.
    problems.push(...parsed.problems.map(({ line: _line, ...p }) => p));
  }
  return { objects, problems };
}
