import { ObjectMeta } from '../resources/objects';
import { ManifestSubject } from './invalidInput';
import { assertObjectName } from './names';
import { provenanceLabels } from './provenance';

/**
 * Identity fields every builder takes.
 *
 * @public
 */
export interface ManifestMetadataInput {
  /** `metadata.name`: a DNS-1123 subdomain. */
  name: string;
  /**
   * `metadata.namespace`: a DNS-1123 label. Leave it out when kustomize
   * sets the namespace, as in a GitOps base folder.
   */
  namespace?: string;
  /** The scaffolder template that generates the object, for provenance. */
  template?: string;
}

/**
 * The checked metadata of a generated object: name, namespace and the
 * provenance labels; with the subject that errors name.
 *
 * @public
 */
export function objectMetadata(
  kind: string,
  input: ManifestMetadataInput,
): { subject: ManifestSubject; metadata: ObjectMeta } {
  const subject: ManifestSubject = {
    kind,
    name: input.name,
    ...(input.namespace ? { namespace: input.namespace } : {}),
  };
  assertObjectName(subject);
  return {
    subject,
    metadata: {
      name: input.name,
      ...(input.namespace ? { namespace: input.namespace } : {}),
      labels: provenanceLabels(input.template, subject),
    },
  };
}
