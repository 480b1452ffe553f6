import { KubernetesObject } from './objects';

/**
 * kubectl keeps the whole applied manifest, Secret data included, in this
 * annotation.
 *
 * @public
 */
export const LAST_APPLIED_ANNOTATION =
  'kubectl.kubernetes.io/last-applied-configuration';

/**
 * A Secret reduced to its identity, so that analyzers can know it exists
 * without anything it holds reaching memory beyond the parse: `data`,
 * `stringData` and kubectl's last-applied annotation are dropped. Other
 * objects are returned unchanged.
 *
 * @public
 */
export function withoutSecretData<T extends KubernetesObject>(object: T): T {
  if (object.kind !== 'Secret') return object;
  const { [LAST_APPLIED_ANNOTATION]: _applied, ...annotations } =
    object.metadata.annotations ?? {};
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: {
      ...object.metadata,
      ...(object.metadata.annotations ? { annotations } : {}),
    },
  } as T;
}
