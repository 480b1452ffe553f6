import { InputError } from '@backstage/errors';
import { invalidInput } from '../builders/invalidInput';
import { dns1123LabelProblem } from '../builders/names';
import { LabelRequirement } from '../labels/labelSelector';
import {
  entityWorkloadSelector,
  EntityWorkloadSelector,
  KUBERNETES_ANNOTATIONS,
} from './entityMapping';

/**
 * What {@link entityWorkloadTarget} reads of a catalog entity.
 *
 * @public
 */
export interface EntityWorkloadSource {
  /** How messages name the entity, e.g. `component:default/cartservice`. */
  entityRef: string;
  /** `metadata.name`: the workload when the annotations name none. */
  name: string;
  /** `metadata.annotations`. */
  annotations?: Record<string, string>;
}

/**
 * Values the user gave instead of the entity's; undefined or empty strings
 * (an empty form field) count as not given.
 *
 * @public
 */
export interface EntityWorkloadOverrides {
  namespace?: string;
  workload?: string;
  host?: string;
}

/**
 * The workload a template changes for an entity.
 *
 * @public
 */
export interface EntityWorkloadTarget {
  /** Namespace of the workload and of the objects written for it. */
  namespace: string;
  /** The `app` label of its pods, which selectors and names use. */
  workload: string;
  /** The Service the requests go to. */
  host: string;
  /**
   * The selector the entity is mapped to its workloads by (see
   * {@link entityWorkloadSelector}); undefined when it has neither
   * annotation.
   */
  labelSelector?: string;
}

type Field = keyof EntityWorkloadOverrides;

/** A value and, when it is not the user's, where it came from. */
interface Resolved {
  value: string;
  from?: string;
}

const given = (value: string | undefined) =>
  value === undefined || value === '' ? undefined : value;

/** The single value the selector requires of the `app` label, if any. */
function requiredApp(requirements: LabelRequirement[]): string | undefined {
  const app = requirements.filter(requirement => requirement.key === 'app');
  if (app.length !== 1) return undefined;
  const [requirement] = app;
  return requirement.operator === 'in' && requirement.values.length === 1
    ? requirement.values[0]
    : undefined;
}

function selectorOf(
  source: EntityWorkloadSource,
): EntityWorkloadSelector | undefined {
  try {
    return entityWorkloadSelector(source.annotations);
  } catch (error) {
    throw new InputError(
      `entity ${source.entityRef} has an invalid ${
        KUBERNETES_ANNOTATIONS.labelSelector
      } annotation: ${(error as Error).message}`,
    );
  }
}

function resolveWorkload(
  source: EntityWorkloadSource,
  override: string | undefined,
): Resolved {
  if (override !== undefined) return { value: override };
  const annotations = source.annotations ?? {};
  const id = given(annotations[KUBERNETES_ANNOTATIONS.id]);
  if (id !== undefined) {
    return { value: id, from: `${KUBERNETES_ANNOTATIONS.id} annotation` };
  }
  const labelSelector = given(
    annotations[KUBERNETES_ANNOTATIONS.labelSelector],
  );
  if (labelSelector !== undefined) {
    const app = requiredApp(selectorOf(source)?.requirements ?? []);
    if (app === undefined) {
      throw new InputError(
        `entity ${source.entityRef} has no single app label in its ${KUBERNETES_ANNOTATIONS.labelSelector} annotation ("${labelSelector}"); fill in workload`,
      );
    }
    return {
      value: app,
      from: `${KUBERNETES_ANNOTATIONS.labelSelector} annotation`,
    };
  }
  return { value: source.name, from: 'name' };
}

function checked(
  field: Field,
  { value, from }: Resolved,
  entityRef: string,
): string {
  const problem = dns1123LabelProblem(value);
  if (problem) {
    throw invalidInput(
      field,
      from
        ? `${problem} (taken from the ${from} of entity ${entityRef}; fill in ${field})`
        : problem,
    );
  }
  return value;
}

/**
 * The namespace, workload and host a template changes for a catalog
 * entity, as the Kubernetes plugin's annotations map the entity to its
 * workloads; the user's values win over the entity's.
 *
 * - namespace: `backstage.io/kubernetes-namespace`;
 * - workload: `backstage.io/kubernetes-id`, else the one `app` value that
 *   `backstage.io/kubernetes-label-selector` requires (`app=x` or
 *   `app in (x)`), else the entity's name;
 * - host: the workload.
 *
 * Throws an `InputError` naming the entity and the field to fill in when
 * the entity has no namespace annotation, when its label selector requires
 * no single app value or is malformed, and naming the field when a value is
 * not a DNS-1123 label.
 *
 * @public
 */
export function entityWorkloadTarget(
  source: EntityWorkloadSource,
  overrides: EntityWorkloadOverrides = {},
): EntityWorkloadTarget {
  const workload = checked(
    'workload',
    resolveWorkload(source, given(overrides.workload)),
    source.entityRef,
  );
  const namespaceOverride = given(overrides.namespace);
  const namespaceAnnotation = given(
    source.annotations?.[KUBERNETES_ANNOTATIONS.namespace],
  );
  let namespace: Resolved;
  if (namespaceOverride !== undefined) {
    namespace = { value: namespaceOverride };
  } else if (namespaceAnnotation !== undefined) {
    namespace = {
      value: namespaceAnnotation,
      from: `${KUBERNETES_ANNOTATIONS.namespace} annotation`,
    };
  } else {
    throw new InputError(
      `entity ${source.entityRef} has no ${KUBERNETES_ANNOTATIONS.namespace} annotation; fill in namespace`,
    );
  }
  const hostOverride = given(overrides.host);
  const host = checked(
    'host',
    hostOverride !== undefined ? { value: hostOverride } : { value: workload },
    source.entityRef,
  );
  const selector = selectorOf(source);
  return {
    namespace: checked('namespace', namespace, source.entityRef),
    workload,
    host,
    ...(selector ? { labelSelector: selector.labelSelector } : {}),
  };
}
