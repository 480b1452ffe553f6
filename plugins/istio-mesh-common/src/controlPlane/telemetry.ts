import { apiGroupOf } from '../resources/objects';
import { KubernetesObject } from '../resources/objects';
import { readControlPlaneObject, telemetrySchema } from './controlPlaneSchemas';
import {
  ControlPlaneProblem,
  ControlPlaneSummary,
  TelemetryConfig,
  TelemetryScope,
} from './types';

const TELEMETRY_GROUP = 'telemetry.istio.io';
const ALL_MODES = 'CLIENT_AND_SERVER';

/**
 * The order istiod ranks Telemetry in (pilot `sortConfigByCreationTime`):
 * oldest first, then by name, then by namespace.
 */
function istiodOrder(
  a: { name: string; namespace: string; created: string },
  b: { name: string; namespace: string; created: string },
): number {
  return (
    a.created.localeCompare(b.created) ||
    a.name.localeCompare(b.name) ||
    a.namespace.localeCompare(b.namespace)
  );
}

function providerNames(providers: Array<{ name: string }> | undefined) {
  return (providers ?? []).map(p => p.name);
}

/**
 * The Telemetry resources among the objects, in istiod's order, each with
 * its scope and what it turns on or off. Of several mesh-wide Telemetry, or
 * several namespace-wide ones in one namespace, istiod applies only the
 * first; the others carry `shadowedBy`. A Telemetry whose read fields are
 * malformed is left out with a problem.
 */
export function telemetryConfigs(
  objects: KubernetesObject[],
  rootNamespace: string,
  problems: ControlPlaneProblem[],
): TelemetryConfig[] {
  const read = objects.flatMap(object => {
    if (
      object.kind !== 'Telemetry' ||
      apiGroupOf(object.apiVersion) !== TELEMETRY_GROUP
    ) {
      return [];
    }
    const telemetry = readControlPlaneObject(telemetrySchema, object, problems);
    if (!telemetry) return [];
    const { name, namespace, creationTimestamp } = telemetry.metadata;
    return [{ name, namespace, created: creationTimestamp ?? '', telemetry }];
  });

  const firstWide = new Map<string, string>();
  return read.sort(istiodOrder).map(({ name, namespace, telemetry }) => {
    const { spec } = telemetry;
    const selector = spec.selector?.matchLabels ?? {};
    const targetRefs = [
      ...(spec.targetRef ? [spec.targetRef] : []),
      ...(spec.targetRefs ?? []),
    ];
    let scope: TelemetryScope;
    if (targetRefs.length > 0) scope = 'targetRefs';
    else if (Object.keys(selector).length > 0) scope = 'selector';
    else scope = namespace === rootNamespace ? 'mesh' : 'namespace';

    let shadowedBy: string | undefined;
    if (scope === 'mesh' || scope === 'namespace') {
      shadowedBy = firstWide.get(namespace);
      if (!shadowedBy) firstWide.set(namespace, `${namespace}/${name}`);
    }

    return {
      namespace,
      name,
      scope,
      ...(scope === 'selector' ? { selector } : {}),
      ...(scope === 'targetRefs' ? { targetRefs } : {}),
      tracing: (spec.tracing ?? []).map(rule => ({
        providers: providerNames(rule.providers),
        ...(rule.randomSamplingPercentage !== undefined
          ? { randomSamplingPercentage: rule.randomSamplingPercentage }
          : {}),
        ...(rule.disableSpanReporting !== undefined
          ? { disableSpanReporting: rule.disableSpanReporting }
          : {}),
        mode: rule.match?.mode ?? ALL_MODES,
      })),
      metrics: (spec.metrics ?? []).map(rule => ({
        providers: providerNames(rule.providers),
        disabled: (rule.overrides ?? [])
          .filter(override => override.disabled === true)
          .map(override => ({
            metric:
              override.match?.customMetric ??
              override.match?.metric ??
              'ALL_METRICS',
            mode: override.match?.mode ?? ALL_MODES,
          })),
      })),
      accessLogging: (spec.accessLogging ?? []).map(rule => ({
        providers: providerNames(rule.providers),
        ...(rule.disabled !== undefined ? { disabled: rule.disabled } : {}),
        mode: rule.match?.mode ?? ALL_MODES,
        ...(rule.filter?.expression ? { filter: rule.filter.expression } : {}),
      })),
      ...(shadowedBy ? { shadowedBy } : {}),
    };
  });
}

/**
 * The Telemetry that configure the workloads of one namespace.
 *
 * @public
 */
export interface NamespaceTelemetry {
  /** The mesh-wide Telemetry istiod applies, from the root namespace. */
  mesh?: TelemetryConfig;
  /** The namespace-wide Telemetry istiod applies on top of the mesh-wide one. */
  namespace?: TelemetryConfig;
  /**
   * Telemetry of the namespace that apply to some of its workloads only:
   * scope `selector` (with the selector) or `targetRefs`.
   */
  workloads: TelemetryConfig[];
}

/**
 * The Telemetry that apply to workloads of `namespace`, level by level as
 * istiod merges them (root namespace, then namespace, then workload; a
 * lower level overrides a higher one). Shadowed Telemetry are left out.
 *
 * @public
 */
export function telemetryForNamespace(
  summary: ControlPlaneSummary,
  namespace: string,
): NamespaceTelemetry {
  const wide = (ns: string) =>
    summary.telemetry.find(
      t =>
        t.namespace === ns &&
        (t.scope === 'mesh' || t.scope === 'namespace') &&
        !t.shadowedBy,
    );
  const mesh = wide(summary.rootNamespace);
  const own = namespace === summary.rootNamespace ? undefined : wide(namespace);
  return {
    ...(mesh ? { mesh } : {}),
    ...(own ? { namespace: own } : {}),
    workloads: summary.telemetry.filter(
      t =>
        t.namespace === namespace &&
        (t.scope === 'selector' || t.scope === 'targetRefs'),
    ),
  };
}
