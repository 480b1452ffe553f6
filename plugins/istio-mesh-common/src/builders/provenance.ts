import { assertLabelValue } from './names';
import { ManifestSubject } from './invalidInput';

/**
 * Label set on every generated object: the well-known Kubernetes
 * "managed-by" label, so `kubectl get -l app.kubernetes.io/managed-by=backstage-istio-mesh`
 * lists what the scaffolder wrote.
 *
 * @public
 */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/**
 * Value of {@link MANAGED_BY_LABEL} on generated objects.
 *
 * @public
 */
export const MANAGED_BY_VALUE = 'backstage-istio-mesh';

/**
 * Label naming the scaffolder template (the Template entity's
 * `metadata.name`, e.g. `istio-canary-rollout`) that generated an object.
 *
 * @public
 */
export const TEMPLATE_LABEL = 'istio-mesh.backstage.io/template';

/**
 * The provenance labels of a generated object: {@link MANAGED_BY_LABEL}
 * always, {@link TEMPLATE_LABEL} when the template is known. The template
 * name must be a valid label value (an entity name is); the error names the
 * `template` input.
 *
 * @public
 */
export function provenanceLabels(
  template?: string,
  subject?: ManifestSubject,
): Record<string, string> {
  if (template === undefined || template === '') {
    return { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE };
  }
  assertLabelValue(template, 'template', subject);
  return { [MANAGED_BY_LABEL]: MANAGED_BY_VALUE, [TEMPLATE_LABEL]: template };
}

/**
 * The name part of a template's entity reference
 * (`template:default/istio-canary-rollout` gives `istio-canary-rollout`), for
 * {@link TEMPLATE_LABEL}; undefined when there is none.
 *
 * @public
 */
export function templateNameFromEntityRef(
  entityRef: string | undefined,
): string | undefined {
  if (!entityRef) return undefined;
  const name = entityRef.slice(entityRef.lastIndexOf('/') + 1);
  const withoutKind = name.includes(':')
    ? name.slice(name.indexOf(':') + 1)
    : name;
  return withoutKind || undefined;
}
