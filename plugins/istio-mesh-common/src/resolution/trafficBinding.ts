import {
  isRecord,
  recordList,
  stringList,
  stringMap,
} from '../resources/specFields';
import { KubernetesObject } from '../resources/objects';
import {
  hostMatches,
  isExportedTo,
  isWildcardHost,
  resolveShortName,
} from './hosts';
import {
  buildDestinationRuleIndex,
  DestinationRuleIndex,
  DestinationRuleLookupSource,
  selectDestinationRule,
} from './destinationRuleIndex';

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

/** VirtualServices by the exact hosts they declare, and those with a wildcard. */
interface VirtualServiceHostIndex {
  size: number;
  exact: Map<string, number[]>;
  wildcard: number[];
}

const virtualServiceHostIndexes = new WeakMap<
  readonly KubernetesObject[],
  VirtualServiceHostIndex
>();

function virtualServiceHostIndex(
  virtualServices: readonly KubernetesObject[],
): VirtualServiceHostIndex {
  const cached = virtualServiceHostIndexes.get(virtualServices);
  // A list still growing (while an index is built) is indexed again.
  if (cached && cached.size === virtualServices.length) return cached;
  const index: VirtualServiceHostIndex = {
    size: virtualServices.length,
    exact: new Map(),
    wildcard: [],
  };
  virtualServices.forEach((vs, position) => {
    const hosts = virtualServiceSpec(vs).hosts.map(h =>
      resolveShortName(h, ns(vs)),
    );
    if (hosts.some(isWildcardHost)) index.wildcard.push(position);
    for (const host of new Set(hosts.filter(h => !isWildcardHost(h)))) {
      const positions = index.exact.get(host);
      if (positions) positions.push(position);
      else index.exact.set(host, [position]);
    }
  });
  virtualServiceHostIndexes.set(virtualServices, index);
  return index;
}

/**
 * The VirtualServices that may declare `serviceHost`, in list order: those
 * naming it exactly and those with a wildcard host. The host match itself
 * is still checked by the caller.
 */
function candidatesForHost(
  virtualServices: readonly KubernetesObject[],
  serviceHost: string,
): readonly KubernetesObject[] {
  if (isWildcardHost(serviceHost)) return virtualServices;
  const index = virtualServiceHostIndex(virtualServices);
  const exact = index.exact.get(serviceHost) ?? [];
  if (index.wildcard.length === 0) return exact.map(i => virtualServices[i]);
  const positions = new Set([...exact, ...index.wildcard]);
  return [...positions].sort((a, b) => a - b).map(i => virtualServices[i]);
}

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
  return candidatesForHost(virtualServices, serviceHost).filter(vs => {
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
export type DestinationRuleSource = DestinationRuleLookupSource;

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
  /** The rule the client applies: the rules above merged as istiod merges them. */
  rule: KubernetesObject;
}

// Bindings are looked up per workload and host over the same list of rules:
// build istiod's index once per list and options.
const indexes = new WeakMap<
  readonly KubernetesObject[],
  Map<string, DestinationRuleIndex>
>();

/**
 * istiod's DestinationRule index of a list of rules, built once per list
 * and options and reused.
 *
 * @public
 */
export function destinationRuleIndexFor(
  destinationRules: readonly KubernetesObject[],
  options: TrafficBindingOptions = {},
): DestinationRuleIndex {
  const rootNamespace = options.rootNamespace ?? 'istio-system';
  const defaultExportTo = options.defaultDestinationRuleExportTo ?? ['*'];
  const key = `${rootNamespace}|${defaultExportTo.join(',')}`;
  let byOptions = indexes.get(destinationRules);
  if (!byOptions) {
    byOptions = new Map();
    indexes.set(destinationRules, byOptions);
  }
  let index = byOptions.get(key);
  if (!index) {
    index = buildDestinationRuleIndex(destinationRules, {
      rootNamespace,
      defaultExportTo,
    });
    byOptions.set(key, index);
  }
  return index;
}

/**
 * The DestinationRule that applies to traffic from a client in
 * `clientNamespace` (with `clientLabels`, for rules with a
 * `workloadSelector`) to `serviceHost` (fully qualified) of a service in
 * `serviceNamespace`, as istiod resolves it (SEMANTICS §6.1-6.2): the
 * client's namespace first, then rules of the service's namespace exported
 * to the client, then those of the root namespace; within a namespace the
 * most specific host; among the entries kept for it, a selector rule that
 * selects the client, else the last one without a selector. A namespace
 * whose rules for the host do not apply to the client stops the lookup:
 * the client then has no DestinationRule.
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
  const index = destinationRuleIndexFor(destinationRules, options);
  const lookup = index.lookup(clientNamespace, serviceHost, serviceNamespace);
  const entry = selectDestinationRule(lookup, {
    namespace: clientNamespace,
    labels: options.clientLabels ?? {},
  });
  if (!lookup || !entry) return undefined;
  return {
    host: lookup.host,
    namespace: lookup.namespace,
    source: lookup.source,
    destinationRules: entry.from,
    rule: entry.rule,
  };
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
