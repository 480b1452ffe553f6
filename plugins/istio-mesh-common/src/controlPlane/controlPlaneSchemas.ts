import { z } from 'zod';
import { KubernetesObject } from '../resources/objects';
import { ControlPlaneProblem } from './types';

// Shapes of the control-plane fields read, in the style of
// resources/schemas.ts: unknown fields pass through, a present field of the
// wrong shape leaves the object out with a problem naming it.

const labels = z.record(z.string(), z.string());
const count = z.number().int().min(0);
const workloadMode = z.enum(['CLIENT_AND_SERVER', 'CLIENT', 'SERVER']);
const providers = z.array(z.looseObject({ name: z.string().min(1) }));

const targetRef = z.looseObject({
  group: z.string().optional(),
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
});

/** The fields of an istiod Deployment that are read. */
export const istiodDeploymentSchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string(),
    labels: labels.optional(),
  }),
  spec: z
    .looseObject({
      replicas: count.optional(),
      template: z
        .looseObject({
          spec: z
            .looseObject({
              containers: z
                .array(
                  z.looseObject({
                    name: z.string(),
                    image: z.string().optional(),
                  }),
                )
                .optional(),
            })
            .optional(),
        })
        .optional(),
    })
    .default({}),
  status: z.looseObject({ readyReplicas: count.optional() }).optional(),
});

/** The fields of a Sail Operator `Istio` that are read. */
export const sailIstioSchema = z.looseObject({
  metadata: z.looseObject({ name: z.string() }),
  spec: z
    .looseObject({
      version: z.string().optional(),
      namespace: z.string().optional(),
      updateStrategy: z.looseObject({ type: z.string().optional() }).optional(),
    })
    .optional(),
  status: z
    .looseObject({
      state: z.string().optional(),
      activeRevisionName: z.string().optional(),
      revisions: z
        .looseObject({
          total: count.default(0),
          ready: count.default(0),
          inUse: count.default(0),
        })
        .optional(),
      conditions: z
        .array(
          z.looseObject({
            type: z.string(),
            status: z.string(),
            reason: z.string().optional(),
            message: z.string().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});

/** The fields of a Telemetry that are read. */
export const telemetrySchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string(),
    namespace: z.string(),
    creationTimestamp: z.string().optional(),
  }),
  spec: z
    .looseObject({
      selector: z.looseObject({ matchLabels: labels.optional() }).optional(),
      targetRef: targetRef.optional(),
      targetRefs: z.array(targetRef).optional(),
      tracing: z
        .array(
          z.looseObject({
            providers: providers.optional(),
            randomSamplingPercentage: z.number().min(0).max(100).optional(),
            disableSpanReporting: z.boolean().optional(),
            match: z.looseObject({ mode: workloadMode.optional() }).optional(),
          }),
        )
        .optional(),
      metrics: z
        .array(
          z.looseObject({
            providers: providers.optional(),
            overrides: z
              .array(
                z.looseObject({
                  disabled: z.boolean().optional(),
                  match: z
                    .looseObject({
                      metric: z.string().optional(),
                      customMetric: z.string().optional(),
                      mode: workloadMode.optional(),
                    })
                    .optional(),
                }),
              )
              .optional(),
          }),
        )
        .optional(),
      accessLogging: z
        .array(
          z.looseObject({
            providers: providers.optional(),
            disabled: z.boolean().optional(),
            match: z.looseObject({ mode: workloadMode.optional() }).optional(),
            filter: z
              .looseObject({ expression: z.string().optional() })
              .optional(),
          }),
        )
        .optional(),
    })
    .default({}),
});

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i ? '.' : ''}${String(part)}`,
    )
    .join('');
}

/**
 * The fields of `object` that `schema` describes, or undefined after adding
 * a problem that names the object and the first offending field.
 */
export function readControlPlaneObject<T>(
  schema: z.ZodType<T>,
  object: KubernetesObject,
  problems: ControlPlaneProblem[],
): T | undefined {
  const parsed = schema.safeParse(object);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = formatPath(issue.path);
  problems.push({
    kind: object.kind,
    ...(object.metadata.namespace
      ? { namespace: object.metadata.namespace }
      : {}),
    name: object.metadata.name,
    field,
    message: `${field}: ${issue.message}`,
  });
  return undefined;
}
