import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import {
  KubernetesObject,
  ManifestProblem,
  validateManifestObjects,
} from '@istio-mesh/plugin-istio-mesh-common';

// Validated in chunks, so that a cluster with thousands of pods does not
// hold the event loop for long between requests.
const CHUNK_SIZE = 250;

/**
 * Applies the same checks as manifests read from files: a malformed object
 * is reported as a problem and left out, never half-understood. The listed
 * objects are validated as they are, without turning them back into text.
 */
export async function validateListedObjects(
  items: unknown[],
  source: string,
): Promise<{ objects: KubernetesObject[]; problems: ManifestProblem[] }> {
  const objects: KubernetesObject[] = [];
  const problems: ManifestProblem[] = [];
  for (let start = 0; start < items.length; start += CHUNK_SIZE) {
    if (start > 0) await yieldToEventLoop();
    const validated = validateManifestObjects(
      items.slice(start, start + CHUNK_SIZE),
      source,
    );
    for (const { object } of validated.objects) objects.push(object);
    for (const problem of validated.problems) problems.push(problem);
  }
  return { objects, problems };
}
