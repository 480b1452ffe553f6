import { matchesLabels } from '../labels/labelSelector';
import { KubernetesObject, objectKey } from '../resources/objects';
import { isRecord } from '../resources/specFields';
import { isWildcardHost, resolveShortName } from './hosts';
import { destinationRuleSpec } from './trafficBinding';

/**
 * DestinationRules for one host, merged as istiod merges them into one
 * entry of its index (istio `mergeDestinationRule`).
 *
 * @public
 */
export interface ConsolidatedDestinationRule {
  /**
   * The merged rule: the first rule's identity, subsets of all the rules
   * merged (the first definition of a name wins) and the top-level
   * `trafficPolicy` of the first rule that has one.
   */
  rule: KubernetesObject;
  /** The rules merged into it, in istiod's order. */
  from: KubernetesObject[];
  /** `exportTo` of the entry (a selector rule is private: `.`); empty for none. */
  exportTo: ReadonlySet<string>;
  /** `workloadSelector.matchLabels` of the entry, when it has one. */
  workloadSelector?: Record<string, string>;
  /** Host the entry was declared for, short names resolved. */
  host: string;
}

/** The entries of one pool of istiod's index, by declared host. */
type Pool = Map<string, ConsolidatedDestinationRule[]>;

/**
 * Where a lookup found the entries that apply.
 *
 * @public
 */
export type DestinationRuleLookupSource =
  | 'client-namespace'
  | 'service-namespace'
  | 'root-namespace';

/**
 * The outcome of one DestinationRule lookup for a client namespace and a
 * service host.
 *
 * @public
 */
export interface DestinationRuleLookup {
  namespace: string;
  source: DestinationRuleLookupSource;
  /** The host of the entries, the most specific match. */
  host: string;
  /** Every entry istiod keeps for the host there; the client picks one. */
  entries: ConsolidatedDestinationRule[];
}

/**
 * istiod's DestinationRule index (istio `PushContext.setDestinationRules`),
 * built once for a set of DestinationRules.
 *
 * @public
 */
export interface DestinationRuleIndex {
  rootNamespace: string;
  /**
   * The entries that apply to clients in `clientNamespace` calling `host`
   * (fully qualified) of a service in `serviceNamespace`, in istiod's lookup
   * order (istio `PushContext.destinationRule`), or undefined when no
   * namespace has a rule for the host. Entries are not yet filtered by the
   * client's labels: see {@link selectDestinationRule}.
   */
  lookup(
    clientNamespace: string,
    host: string,
    serviceNamespace: string,
  ): DestinationRuleLookup | undefined;
  /** Namespaces that hold rules their own clients see for `host`, sorted. */
  namespacesWithLocalRules(host: string): string[];
  /** Namespaces named in the `exportTo` of rules that may match `host`. */
  exportTargets(host: string): string[];
}

/**
 * Options of {@link buildDestinationRuleIndex}.
 *
 * @public
 */
export interface DestinationRuleIndexOptions {
  /** meshConfig `rootNamespace`; default `istio-system`. */
  rootNamespace?: string;
  /** meshConfig `defaultDestinationRuleExportTo`; default `*`. */
  defaultExportTo?: readonly string[];
}

const ns = (object: KubernetesObject) => object.metadata.namespace ?? '';

function selectorOf(rule: KubernetesObject) {
  return destinationRuleSpec(rule).workloadSelector?.matchLabels;
}

const hasSelector = (rule: KubernetesObject) =>
  destinationRuleSpec(rule).workloadSelector !== undefined;

// Selector rules first, then oldest, then by name and namespace (istio
// sortConfigBySelectorAndCreationTime).
function istiodOrder(a: KubernetesObject, b: KubernetesObject): number {
  const sa = hasSelector(a);
  const sb = hasSelector(b);
  if (sa !== sb) return sa ? -1 : 1;
  const at = a.metadata.creationTimestamp ?? '';
  const bt = b.metadata.creationTimestamp ?? '';
  if (at !== bt) return at < bt ? -1 : 1;
  return (
    a.metadata.name.localeCompare(b.metadata.name) || ns(a).localeCompare(ns(b))
  );
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  a.size === b.size && [...a].every(v => b.has(v));
const superset = (a: ReadonlySet<string>, b: ReadonlySet<string>) =>
  [...b].every(v => a.has(v));

function sameLabels(
  a: Record<string, string> | undefined,
  b: Record<string, string> | undefined,
) {
  const ka = Object.keys(a ?? {});
  const kb = Object.keys(b ?? {});
  return ka.length === kb.length && ka.every(k => a![k] === b?.[k]);
}

function specOf(rule: KubernetesObject): Record<string, unknown> {
  return isRecord(rule.spec) ? rule.spec : {};
}

/** Merges `incoming` into `entry` as istiod does; returns the new entry. */
function mergeInto(
  entry: ConsolidatedDestinationRule,
  incoming: KubernetesObject,
): ConsolidatedDestinationRule {
  const spec = specOf(entry.rule);
  const subsets = Array.isArray(spec.subsets) ? [...spec.subsets] : [];
  const names = new Set(
    subsets.map(s => (isRecord(s) ? s.name : undefined)).filter(Boolean),
  );
  const incomingSpec = specOf(incoming);
  for (const subset of Array.isArray(incomingSpec.subsets)
    ? incomingSpec.subsets
    : []) {
    const name = isRecord(subset) ? subset.name : undefined;
    if (names.has(name)) continue;
    names.add(name);
    subsets.push(subset);
  }
  const trafficPolicy =
    spec.trafficPolicy === undefined || spec.trafficPolicy === null
      ? incomingSpec.trafficPolicy
      : spec.trafficPolicy;
  return {
    ...entry,
    rule: {
      ...entry.rule,
      spec: {
        ...spec,
        subsets,
        ...(trafficPolicy === undefined ? {} : { trafficPolicy }),
      },
    },
    from: [...entry.from, incoming],
  };
}

/**
 * Adds a rule to a pool as istio's `mergeDestinationRule` does with
 * enhanced merging on (its default): entries for the host whose exportTo
 * equals the rule's, or whose exportTo the rule's covers, take its subsets
 * (and its top-level traffic policy when they have none); rules with
 * different workload selectors stay apart; the rule becomes an entry of
 * its own unless an entry of the same exportTo (and compatible selector)
 * absorbed it.
 */
function addToPool(
  pool: Pool,
  host: string,
  rule: KubernetesObject,
  exportTo: ReadonlySet<string>,
): void {
  const entries = pool.get(host);
  const selector = selectorOf(rule);
  const fresh: ConsolidatedDestinationRule = {
    rule,
    from: [rule],
    exportTo,
    ...(hasSelector(rule) ? { workloadSelector: selector ?? {} } : {}),
    host,
  };
  if (!entries) {
    pool.set(host, [fresh]);
    return;
  }
  let appendSeparately = true;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (sameSet(exportTo, entry.exportTo)) {
      appendSeparately = false;
    } else if (entry.exportTo.size > 0 && superset(exportTo, entry.exportTo)) {
      appendSeparately = true;
    } else {
      appendSeparately = true;
      continue;
    }
    const bothWithout =
      !hasSelector(rule) && entry.workloadSelector === undefined;
    const bothWith = hasSelector(rule) && entry.workloadSelector !== undefined;
    if (bothWith && !sameLabels(selector, entry.workloadSelector)) {
      appendSeparately = true;
      continue;
    }
    if (bothWithout || bothWith) appendSeparately = false;
    entries[i] = mergeInto(entry, rule);
  }
  if (appendSeparately) entries.push(fresh);
}

/** The entries of a pool for the most specific host matching `host`. */
function mostSpecific(
  pool: Pool | undefined,
  host: string,
): { host: string; entries: ConsolidatedDestinationRule[] } | undefined {
  if (!pool) return undefined;
  const exact = pool.get(host);
  if (exact && !isWildcardHost(host)) return { host, entries: exact };
  if (exact) return { host, entries: exact };
  const needle = isWildcardHost(host) ? host.slice(1) : host;
  let best: string | undefined;
  for (const candidate of pool.keys()) {
    if (!isWildcardHost(candidate)) continue;
    if (!needle.endsWith(candidate.slice(1))) continue;
    if (best === undefined || candidate.length > best.length) best = candidate;
  }
  return best === undefined
    ? undefined
    : { host: best, entries: pool.get(best)! };
}

/**
 * Builds istiod's DestinationRule index (istio `setDestinationRules`):
 * rules are taken selector rules first, then oldest first; each is merged
 * into its namespace's local pool when its own namespace can see it
 * (exportTo empty, `*`, `.` or the namespace), into its namespace's
 * exported pool unless it is private (exportTo only `.` or the namespace,
 * or empty with a private mesh default), and, when private in the root
 * namespace, into the root namespace's private pool. A rule with a
 * workloadSelector is private.
 *
 * @public
 */
export function buildDestinationRuleIndex(
  destinationRules: readonly KubernetesObject[],
  options: DestinationRuleIndexOptions = {},
): DestinationRuleIndex {
  const rootNamespace = options.rootNamespace ?? 'istio-system';
  const defaultPrivate = (options.defaultExportTo ?? ['*']).includes('.');
  const local = new Map<string, Pool>();
  const exported = new Map<string, Pool>();
  const rootLocal: Pool = new Map();
  const poolOf = (pools: Map<string, Pool>, namespace: string) => {
    let pool = pools.get(namespace);
    if (!pool) {
      pool = new Map();
      pools.set(namespace, pool);
    }
    return pool;
  };

  for (const rule of [...destinationRules].sort(istiodOrder)) {
    const namespace = ns(rule);
    const spec = destinationRuleSpec(rule);
    const host = resolveShortName(spec.host, namespace);
    const exportTo: ReadonlySet<string> = spec.workloadSelector
      ? new Set(['.'])
      : new Set(spec.exportTo);
    if (
      exportTo.size === 0 ||
      exportTo.has('*') ||
      exportTo.has('.') ||
      exportTo.has(namespace)
    ) {
      addToPool(poolOf(local, namespace), host, rule, exportTo);
    }
    const privateOnly =
      (exportTo.size === 0 && defaultPrivate) ||
      (exportTo.size === 1 && (exportTo.has('.') || exportTo.has(namespace)));
    if (!privateOnly) {
      addToPool(poolOf(exported, namespace), host, rule, exportTo);
    } else if (namespace === rootNamespace) {
      addToPool(rootLocal, host, rule, exportTo);
    }
  }

  const exportedTo = (
    owner: string,
    host: string,
    clientNamespace: string,
  ): DestinationRuleLookup | undefined => {
    const found = mostSpecific(exported.get(owner), host);
    if (!found) return undefined;
    const entries = found.entries.filter(
      e =>
        e.exportTo.size === 0 ||
        e.exportTo.has('*') ||
        e.exportTo.has(clientNamespace),
    );
    if (entries.length === 0) return undefined;
    return {
      namespace: owner,
      source: owner === rootNamespace ? 'root-namespace' : 'service-namespace',
      host: found.host,
      entries,
    };
  };

  return {
    rootNamespace,
    lookup(clientNamespace, host, serviceNamespace) {
      const own =
        clientNamespace === rootNamespace
          ? mostSpecific(rootLocal, host)
          : mostSpecific(local.get(clientNamespace), host);
      if (own) {
        return {
          namespace: clientNamespace,
          source: 'client-namespace',
          ...own,
        };
      }
      const fromService = serviceNamespace
        ? exportedTo(serviceNamespace, host, clientNamespace)
        : undefined;
      if (fromService) {
        // A rule exported from the service's namespace is found there even
        // when that namespace is the root namespace.
        return { ...fromService, source: 'service-namespace' };
      }
      return exportedTo(rootNamespace, host, clientNamespace);
    },
    namespacesWithLocalRules(host) {
      const namespaces = [...local]
        .filter(
          ([namespace, pool]) =>
            namespace !== rootNamespace && mostSpecific(pool, host),
        )
        .map(([namespace]) => namespace);
      if (mostSpecific(rootLocal, host)) namespaces.push(rootNamespace);
      return namespaces.sort();
    },
    exportTargets(host) {
      const targets = new Set<string>();
      for (const pool of exported.values()) {
        for (const entry of mostSpecific(pool, host)?.entries ?? []) {
          for (const target of entry.exportTo) {
            if (target !== '*' && target !== '.' && target !== '~') {
              targets.add(target);
            }
          }
        }
      }
      return [...targets].sort();
    },
  };
}

/**
 * The entry a client sidecar uses among those a lookup found (istio
 * `SidecarScope.DestinationRule`): the first entry with a workloadSelector
 * of the client's own namespace that selects the client, else the last
 * entry without a selector, else none: a namespace whose only rule for the
 * host is a selector rule not selecting the client leaves that client
 * without any DestinationRule, without falling back to other namespaces.
 *
 * @public
 */
export function selectDestinationRule(
  lookup: DestinationRuleLookup | undefined,
  client: { namespace: string; labels: Record<string, string> },
): ConsolidatedDestinationRule | undefined {
  if (!lookup) return undefined;
  let catchAll: ConsolidatedDestinationRule | undefined;
  for (const entry of lookup.entries) {
    if (entry.workloadSelector === undefined) {
      catchAll = entry;
      continue;
    }
    if (
      ns(entry.rule) === client.namespace &&
      matchesLabels(entry.workloadSelector, client.labels)
    ) {
      return entry;
    }
  }
  return catchAll;
}

/** `namespace/name` of every rule merged into an entry. @public */
export function destinationRuleKeys(
  entry: ConsolidatedDestinationRule | undefined,
): string[] {
  return (entry?.from ?? []).map(objectKey);
}
