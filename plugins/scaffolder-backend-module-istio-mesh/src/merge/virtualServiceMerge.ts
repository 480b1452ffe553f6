import { isDeepStrictEqual } from 'node:util';
import {
  KubernetesObject,
  resolveShortName,
  VirtualServiceManifest,
} from '@istio-mesh/plugin-istio-mesh-common';
import {
  emptyPlan,
  formatPath,
  formatValue,
  isPlainObject,
  MergePlan,
  planFields,
} from './mergePlan';

type Route = Record<string, unknown>;
type BuiltRoute = VirtualServiceManifest['spec']['http'][number];

/** What the form asks of the routes, as the action's input says it. */
export interface VirtualServiceIntent {
  /** The service the routes go to, as written in the form. */
  host: string;
  namespace: string;
  /** The catch-all route's destinations (a split, or one subset). */
  destinations: boolean;
  /** A header-matched route ahead of the catch-all one. */
  headerMatch: boolean;
  /** Route settings to set on every route: retries, timeout, fault. */
  policy: Array<'retries' | 'timeout' | 'fault'>;
  /** A destination port for the routes' destinations to the host. */
  port?: number;
}

const hasMatch = (route: Route) =>
  Array.isArray(route.match) && route.match.length > 0;

function destinationsOf(route: Route): Route[] {
  return Array.isArray(route.route)
    ? route.route.filter(isPlainObject).map(d => d as Route)
    : [];
}

function destinationOf(entry: Route): Route {
  return isPlainObject(entry.destination) ? entry.destination : {};
}

/**
 * A route that sends everything to the whole service: one destination, no
 * subset. Sending it to subsets instead refines it; it is not a setting the
 * route already makes.
 */
function isWholeService(route: Route, sameHost: (host: unknown) => boolean) {
  const destinations = destinationsOf(route);
  return (
    destinations.length === 1 &&
    sameHost(destinationOf(destinations[0]).host) &&
    destinationOf(destinations[0]).subset === undefined
  );
}

/** The port the route's destinations already name, when they agree on one. */
function commonPort(route: Route): unknown {
  const ports = destinationsOf(route).map(d => destinationOf(d).port);
  return ports.length && ports.every(p => isDeepStrictEqual(p, ports[0]))
    ? ports[0]
    : undefined;
}

/**
 * Plans merging the routes of a built VirtualService into the one the
 * repository already has for its host on the mesh gateway (one
 * VirtualService per host there; istiod would otherwise pick one and the
 * analysis reports IST0109):
 *
 * - the header-matched route (A/B) is inserted before the catch-all route,
 *   unless a route with the same match exists, whose destinations then
 *   differ only with confirmation;
 * - the catch-all route's destinations become the split; a route that sends
 *   everything to the whole service is refined without confirmation, a
 *   route that already splits between subsets is a conflict. A port the
 *   route names is kept;
 * - retries, timeout and fault are set on every route where the form sets
 *   them, and differ only with confirmation;
 * - a port is set on destinations to the host that name none.
 */
export function planVirtualServiceMerge(
  existing: KubernetesObject,
  built: VirtualServiceManifest,
  intent: VirtualServiceIntent,
): MergePlan {
  const plan = emptyPlan();
  const spec = isPlainObject(existing.spec) ? existing.spec : {};
  const routes: Route[] = Array.isArray(spec.http)
    ? spec.http.map(r => (isPlainObject(r) ? r : {}))
    : [];
  const fqdn = resolveShortName(intent.host, intent.namespace);
  const sameHost = (host: unknown) =>
    typeof host === 'string' &&
    resolveShortName(host, intent.namespace) === fqdn;
  const builtMatch = built.spec.http.find(r => r.match);
  const builtDefault = built.spec.http.find(r => !r.match)!;
  const inserted = new Set<Route>();
  const catchAll = () => {
    for (let i = routes.length - 1; i >= 0; i--) {
      if (!hasMatch(routes[i])) return i;
    }
    return -1;
  };

  if (intent.headerMatch && builtMatch) {
    const index = routes.findIndex(r =>
      isDeepStrictEqual(r.match, builtMatch.match),
    );
    if (index >= 0) {
      planFields(plan, routes[index].route, builtMatch.route, [
        'spec',
        'http',
        index,
        'route',
      ]);
    } else {
      const named = routes.some(r => r.name === builtMatch.name);
      const { name, ...unnamed } = builtMatch;
      const route: BuiltRoute | Omit<BuiltRoute, 'name'> = named
        ? unnamed
        : builtMatch;
      const at = catchAll() >= 0 ? catchAll() : routes.length;
      plan.edits.push({
        op: 'insert',
        path: ['spec', 'http'],
        index: at,
        value: route,
      });
      plan.additions.push(
        `spec.http[${at}]: route ${formatValue(
          builtMatch.match,
        )} to ${formatValue(builtMatch.route)}`,
      );
      routes.splice(at, 0, route as Route);
      inserted.add(route as Route);
    }
  }

  if (intent.destinations) {
    const index = catchAll();
    if (index < 0) {
      plan.edits.push({
        op: 'append',
        path: ['spec', 'http'],
        value: builtDefault,
      });
      plan.additions.push(
        `spec.http[${routes.length}]: route ${formatValue(builtDefault.route)}`,
      );
      routes.push(builtDefault as Route);
      inserted.add(builtDefault as Route);
    } else {
      const current = routes[index];
      const port = intent.port === undefined ? commonPort(current) : undefined;
      const wanted = builtDefault.route.map(entry => ({
        ...entry,
        destination: {
          ...entry.destination,
          ...(port !== undefined && entry.destination.port === undefined
            ? { port }
            : {}),
        },
      }));
      const path = ['spec', 'http', index, 'route'];
      if (!isDeepStrictEqual(current.route, wanted)) {
        plan.edits.push({ op: 'set', path, value: wanted });
        if (isWholeService(current, sameHost)) {
          plan.additions.push(
            `${formatPath(path)}: ${formatValue(
              wanted,
            )} instead of the whole service`,
          );
        } else {
          plan.conflicts.push(
            `${formatPath(path)} is ${formatValue(
              current.route,
            )}; the form sets ${formatValue(wanted)}`,
          );
        }
        routes[index] = { ...current, route: wanted };
      }
    }
  }

  routes.forEach((route, index) => {
    if (inserted.has(route)) return;
    for (const field of intent.policy) {
      const wanted = (builtDefault as Record<string, unknown>)[field];
      if (wanted === undefined) continue;
      planFields(plan, route[field], wanted, ['spec', 'http', index, field]);
    }
    if (intent.port === undefined) return;
    destinationsOf(route).forEach((entry, position) => {
      const destination = destinationOf(entry);
      if (!sameHost(destination.host)) return;
      planFields(plan, destination.port, { number: intent.port }, [
        'spec',
        'http',
        index,
        'route',
        position,
        'destination',
        'port',
      ]);
    });
  });
  return plan;
}
