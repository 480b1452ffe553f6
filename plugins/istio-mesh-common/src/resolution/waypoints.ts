import { KubernetesObject, objectKey, Service } from '../resources/objects';
import { isRecord } from '../resources/specFields';

/** Label on a Service or Namespace naming the waypoint its traffic goes through. @public */
export const USE_WAYPOINT_LABEL = 'istio.io/use-waypoint';
/** Label naming the waypoint's namespace, when it is not the labelled object's. @public */
export const USE_WAYPOINT_NAMESPACE_LABEL = 'istio.io/use-waypoint-namespace';
/** GatewayClass of Istio's waypoints. @public */
export const WAYPOINT_GATEWAY_CLASS = 'istio-waypoint';

/**
 * A waypoint proxy: a Gateway API `Gateway` of class `istio-waypoint`.
 *
 * @public
 */
export interface Waypoint {
  namespace: string;
  name: string;
  /**
   * The identity the waypoint presents to the destination's ztunnel,
   * `<namespace>/<name>`: istiod runs each waypoint under a service account
   * named after its Gateway.
   */
  serviceAccount: string;
}

/**
 * The waypoint of an ambient workload's traffic, and where it was named.
 *
 * @public
 */
export interface WaypointBinding {
  waypoint?: Waypoint;
  /** `Service shop/cart` or `Namespace shop`: the object whose label decided. */
  labelledBy?: string;
  /** Why a named waypoint is not used (missing, of another class). */
  problem?: string;
}

function gatewayClassOf(gateway: KubernetesObject): string | undefined {
  const spec = isRecord(gateway.spec) ? gateway.spec : {};
  return typeof spec.gatewayClassName === 'string'
    ? spec.gatewayClassName
    : undefined;
}

/**
 * The waypoint that traffic to a workload's Services goes through: the
 * `istio.io/use-waypoint` label of a Service that selects it, else of its
 * namespace (`none` opts out), naming a Gateway of class `istio-waypoint`
 * in the labelled object's namespace or in `istio.io/use-waypoint-namespace`.
 * A label naming no such Gateway binds no waypoint, and says why.
 *
 * @public
 */
export function waypointFor(
  services: Service[],
  namespace: KubernetesObject | undefined,
  gateways: KubernetesObject[],
): WaypointBinding {
  const labelled: KubernetesObject[] = [
    ...services.filter(s => s.metadata.labels?.[USE_WAYPOINT_LABEL]),
    ...(namespace?.metadata.labels?.[USE_WAYPOINT_LABEL] ? [namespace] : []),
  ];
  const [object] = labelled;
  if (!object) return {};
  const labels = object.metadata.labels!;
  const name = labels[USE_WAYPOINT_LABEL];
  const labelledBy = `${object.kind} ${objectKey(object)}`;
  if (name === 'none') return { labelledBy };
  const waypointNamespace =
    labels[USE_WAYPOINT_NAMESPACE_LABEL] ??
    (object.kind === 'Namespace'
      ? object.metadata.name
      : object.metadata.namespace ?? '');
  const gateway = gateways.find(
    g =>
      g.metadata.name === name &&
      (g.metadata.namespace ?? '') === waypointNamespace,
  );
  if (!gateway) {
    return {
      labelledBy,
      problem: `${labelledBy} names waypoint ${waypointNamespace}/${name}, which does not exist`,
    };
  }
  if (gatewayClassOf(gateway) !== WAYPOINT_GATEWAY_CLASS) {
    return {
      labelledBy,
      problem: `${labelledBy} names Gateway ${waypointNamespace}/${name}, which is not of class ${WAYPOINT_GATEWAY_CLASS}`,
    };
  }
  return {
    labelledBy,
    waypoint: {
      namespace: waypointNamespace,
      name,
      serviceAccount: `${waypointNamespace}/${name}`,
    },
  };
}
