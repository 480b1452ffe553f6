import { KubernetesObject } from '../resources/objects';
import { toManifestYaml } from './deterministicYaml';
import { assertManifestSchema } from './schemaValidation';

/**
 * The text of a manifest file for built objects: each object is first
 * checked against its kind's vendored schema (see
 * {@link assertManifestSchema}, which throws an `InputError` listing the
 * violations), then all are serialised with `toManifestYaml` (main entry).
 *
 * @public
 */
export function renderManifests(objects: KubernetesObject[]): string {
  objects.forEach(assertManifestSchema);
  return toManifestYaml(objects);
}
