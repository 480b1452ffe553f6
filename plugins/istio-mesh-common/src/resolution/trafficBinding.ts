import {
  isRecord,
  recordList,
  stringList,
  stringMap,
} from '../resources/specFields';
import { matchesLabels } from '../labels/labelSelector';
import { KubernetesObject } from '../resources/objects';
import {
  hostMatches,
  isExportedTo,
  mostSpecificHost,
  resolveShortName,
} from './hosts';

/**
 * A route destination of a VirtualService.
 *
 * @public
 */
export interface RouteDestination {
  host?: string;
  subset?: string;
  port?: { number?: number };
}

/** One weighted destination of a route. @public */
export interface RouteDestinationWeight {
  destination?: RouteDestination;
  weight?: number;
}

/** A `http[]`, `tcp[]` or `tls[]` rule of a VirtualService. @public */
export interface VirtualServiceRule {
  name?: string;
  match?: Array<{
    gateways?: string[];
    headers?: Record<string, unknown>;
    withoutHeaders?: Record<string, unknown>;
  }>;
  route?: RouteDestinationWeight[];
  mirror?: RouteDestination;
  mirrors?: Array<{ destination?: RouteDestination }>;
}

/**
 * The fields of a VirtualService spec the analyzers and bindings read. Read
 * it with {@link virtualServiceSpec}, which drops values of the wrong shape.
 *
 * @public
 */
export interface VirtualServiceSpec {
  hosts: string[];
  gateways: string[];
  exportTo: string[];
  http: VirtualServiceRule[];
  tcp: VirtualServiceRule[];
  tls: VirtualServiceRule[];
}

/** A subset of a DestinationRule. @public */
export interface DestinationRuleSubset {
  name: string;
  labels?: Record<string, string>;
}

/**
 * The fields of a DestinationRule spec read here; see
 * {@link destinationRuleSpec}.
 *
 * @public
 */
export interface DestinationRuleSpec {
  host: string;
  exportTo: string[];
  subsets: DestinationRuleSubset[];
  workloadSelector?: { matchLabels?: Record<string, string> };
}

const objects = <T>(value: unknown): T[] => recordList(value) as T[];

// Bindings read the same specs for every workload and host: read each
// object's spec once. Parsed objects are never changed after parsing.
const virtualServiceSpecs = new WeakMap<KubernetesObject, VirtualServiceSpec>();
const destinationRuleSpecs = new WeakMap<
  KubernetesObject,
  DestinationRuleSpec
>();

/**
 * Reads a VirtualService spec defensively: lists default to empty and
 * entries of the wrong type are dropped.
 *
 * @public
 */
export function virtualServiceSpec(
  virtualService: KubernetesObject,
): VirtualServiceSpec {
  let read = virtualServiceSpecs.get(virtualService);
  if (!read) {
    read = readVirtualServiceSpec(virtualService);
    virtualServiceSpecs.set(virtualService, read);
  }
  return read;
}

function readVirtualServiceSpec(
  virtualService: KubernetesObject,
): VirtualServiceSpec {
  const spec = isRecord(virtualService.spec) ? virtualService.spec : {};
  return {
    hosts: stringList(spec.hosts),
    gateways: stringList(spec.gateways),
    exportTo: stringList(spec.exportTo),
    http: objects<VirtualServiceRule>(spec.http),
    tcp: objects<VirtualServiceRule>(spec.tcp),
    tls: objects<VirtualServiceRule>(spec.tls),
  };
}

/**
 * Reads a DestinationRule spec defensively.
 *
 * @public
 */
export function destinationRuleSpec(
  destinationRule: KubernetesObject,
): DestinationRuleSpec {
  let read = destinationRuleSpecs.get(destinationRule);
  if (!read) {
    read = readDestinationRuleSpec(destinationRule);
    destinationRuleSpecs.set(destinationRule, read);
  }
  return read;
}

function readDestinationRuleSpec(
  destinationRule: KubernetesObject,
): DestinationRuleSpec {
  const spec = isRecord(destinationRule.spec) ? destinationRule.spec : {};
  const selector = isRecord(spec.workloadSelector)
    ? spec.workloadSelector
    : undefined;
  return {
    host: typeof spec.host === 'string' ? spec.host : '',
    exportTo: stringList(spec.exportTo),
    subsets: objects<Record<string, unknown>>(spec.subsets).map(s => {
      const labels = stringMap(s.labels);
      return {
        name: typeof s.name === 'string' ? s.name : '',
        ...(labels ? { labels } : {}),
      };
    }),
    ...(selector
      ? {
          workloadSelector: { matchLabels: stringMap(selector.matchLabels) },
        }
      : {}),
  };
}

/**
 * Whether a VirtualService applies to sidecars (the implicit `mesh`
 * gateway): it lists no gateways, or lists `mesh`.
 *
 * @public
 */
export function isBoundToMesh(spec: VirtualServiceSpec): boolean {
  return spec.gateways.length === 0 || spec.gateways.includes('mesh');
}

/** Options of the traffic bindings. @public */
export interface TrafficBindingOptions {
  /** meshConfig `rootNamespace`; default `istio-system`. */
  rootNamespace?: string;
  /** meshConfig `defaultVirtualServiceExportTo`; default `*`. */
  defaultVirtualServiceExportTo?: readonly string[];
  /** meshConfig `defaultDestinationRuleExportTo`; default `*`. */
  defaultDestinationRuleExportTo?: readonly string[];
  /** Labels of the client workload, for DestinationRules with a `workloadSelector`. */
  clientLabels?: Record<string, string>;
}

const ns = (object: KubernetesObject) => object.metadata.namespace ?? '';

/**
 * The VirtualServices that sidecars in `clientNamespace` apply to traffic
 * for `serviceHost` (a fully qualified host): bound to the mesh gateway,
 * visible in the client namespace, and with a host (short names resolved
 * in the VirtualService's namespace) matching the service host, wildcards
 * included. Several results mean conflicting definitions (IST0109).
 *
 * @public
 */
export function virtualServicesForHost(
  virtualServices: readonly KubernetesObject[],
  serviceHost: string,
  clientNamespace: string,
  options: TrafficBindingOptions = {},
): KubernetesObject[] {
  return virtualServices.filter(vs => {
    const spec = virtualServiceSpec(vs);
    return (
      isBoundToMesh(spec) &&
      isExportedTo(
        spec.exportTo,
        ns(vs),
        clientNamespace,
        options.defaultVirtualServiceExportTo,
      ) &&
      spec.hosts.some(h =>
        hostMatches(resolveShortName(h, ns(vs)), serviceHost),
      )
    );
  });
}

/**
 * Where the DestinationRules that apply were found.
 *
 * @public
 */
export type DestinationRuleSource =
  | 'client-namespace'
  | 'service-namespace'
  | 'root-namespace';

/**
 * The DestinationRules that govern traffic to a host, with the host they
 * were declared for.
 *
 * @public
 */
export interface DestinationRuleBinding {
  /** The DR host (resolved) that matched most specifically. */
  host: string;
  namespace: string;
  source: DestinationRuleSource;
  /** Several when DRs for the same host in one namespace are merged. */
  destinationRules: KubernetesObject[];
}

/**
 * The DestinationRules that apply to traffic from `clientNamespace` to
 * `serviceHost` (fully qualified) of a service in `serviceNamespace`, in
 * Istio's lookup order (`PushContext.destinationRule`): DRs of the client
 * namespace visible there (exportTo empty, `*`, `.` or the namespace
 * itself; `workloadSelector` DRs only when they select `clientLabels`),
 * else DRs of the service namespace exported to the client, else DRs of the
 * root namespace exported to the client (root-namespace private DRs count
 * for clients in the root namespace). Within a namespace the most specific
 * host wins: an exact host, else the longest matching wildcard.
 *
 * @public
 */
export function destinationRulesForHost(
  destinationRules: readonly KubernetesObject[],
  serviceHost: string,
  serviceNamespace: string,
  clientNamespace: string,
  options: TrafficBindingOptions = {},
): DestinationRuleBinding | undefined {
  const rootNamespace = options.rootNamespace ?? 'istio-system';
  const defaults = options.defaultDestinationRuleExportTo ?? ['*'];
  const rules = destinationRules.map(dr => {
    const spec = destinationRuleSpec(dr);
    return { dr, spec, host: resolveShortName(spec.host, ns(dr)) };
  });
  type Candidate = (typeof rules)[number];

  const pick = (
    candidates: Candidate[],
    namespace: string,
    source: DestinationRuleSource,
  ): DestinationRuleBinding | undefined => {
    const host = mostSpecificHost(
      serviceHost,
      candidates.map(c => c.host),
    );
    if (host === undefined) return undefined;
    return {
      host,
      namespace,
      source,
      destinationRules: candidates.filter(c => c.host === host).map(c => c.dr),
    };
  };

  // A DR visible in its own namespace: not exported away from it, or
  // restricted to workloads it selects there.
  // In the root namespace only its private DRs count here; the others are
  // found in the last step.
  const local = (namespace: string) =>
    rules.filter(c => {
      if (ns(c.dr) !== namespace) return false;
      if (c.spec.workloadSelector) {
        return (
          options.clientLabels !== undefined &&
          matchesLabels(
            c.spec.workloadSelector.matchLabels,
            options.clientLabels,
          )
        );
      }
      const exportTo = c.spec.exportTo.length ? c.spec.exportTo : defaults;
      if (namespace === rootNamespace) return isPrivate(exportTo, namespace);
      return exportTo.some(e => e === '*' || e === '.' || e === namespace);
    });
  // A DR of `namespace` exported to the client namespace.
  const exported = (namespace: string) =>
    rules.filter(
      c =>
        ns(c.dr) === namespace &&
        !c.spec.workloadSelector &&
        isExportedTo(c.spec.exportTo, namespace, clientNamespace, defaults) &&
        // Istio keeps DRs exported only to their own namespace out of the
        // exported index, even for clients in that namespace.
        !isPrivate(
          c.spec.exportTo.length ? c.spec.exportTo : defaults,
          namespace,
        ),
    );

  return (
    pick(local(clientNamespace), clientNamespace, 'client-namespace') ??
    pick(exported(serviceNamespace), serviceNamespace, 'service-namespace') ??
    pick(exported(rootNamespace), rootNamespace, 'root-namespace')
  );
}

function isPrivate(exportTo: readonly string[], namespace: string): boolean {
  const unique = new Set(exportTo);
  return unique.size === 1 && (unique.has('.') || unique.has(namespace));
}

/** A destination of a route with its share of the traffic. @public */
export interface WeightedDestination {
  destination: RouteDestination;
  /** Share of the route's traffic, 0 to 100. */
  percent: number;
}

/**
 * The traffic share of each destination of a route. Weights are relative
 * (`weight / sum of weights`); a single destination gets 100 % whatever
 * its weight; a missing weight counts as 0 when there are several.
 *
 * @public
 */
export function routeWeights(
  route: readonly RouteDestinationWeight[],
): WeightedDestination[] {
  if (route.length === 1) {
    return [{ destination: route[0].destination ?? {}, percent: 100 }];
  }
  const weight = (r: RouteDestinationWeight) =>
    typeof r.weight === 'number' && r.weight > 0 ? r.weight : 0;
  const total = route.reduce((sum, r) => sum + weight(r), 0);
  return route.map(r => ({
    destination: r.destination ?? {},
    percent: total > 0 ? (weight(r) / total) * 100 : 0,
  }));
}
