import {
  RouteDestination,
  VirtualServiceSpec,
} from '../../../resolution/trafficBinding';

/**
 * A destination of a VirtualService with where it sits, as istioctl's
 * `AnnotatedDestination`.
 *
 * @public
 */
export interface LocatedDestination {
  destination: RouteDestination;
  /** Path of the destination's `host` field, e.g. `spec.http[0].route[1].destination.host`. */
  path: string;
}

/** Route destinations in istioctl's order: tcp, tls, then http. @public */
export function routeDestinations(
  spec: VirtualServiceSpec,
): LocatedDestination[] {
  return (['tcp', 'tls', 'http'] as const).flatMap(kind =>
    spec[kind].flatMap((rule, i) =>
      (Array.isArray(rule.route) ? rule.route : []).map((r, j) => ({
        destination: r?.destination ?? {},
        path: `spec.${kind}[${i}].route[${j}].destination.host`,
      })),
    ),
  );
}

/** Mirror destinations of http rules: `mirror`, then `mirrors[]`. @public */
export function mirrorDestinations(
  spec: VirtualServiceSpec,
): LocatedDestination[] {
  return spec.http.flatMap((rule, i) => [
    ...(rule.mirror && typeof rule.mirror === 'object'
      ? [{ destination: rule.mirror, path: `spec.http[${i}].mirror.host` }]
      : []),
    ...(Array.isArray(rule.mirrors) ? rule.mirrors : []).map((m, j) => ({
      destination: m?.destination ?? {},
      path: `spec.http[${i}].mirrors[${j}].destination.host`,
    })),
  ]);
}
