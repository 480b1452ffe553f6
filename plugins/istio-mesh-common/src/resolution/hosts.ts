import { stringList, stringMap } from '../resources/specFields';
import { KubernetesObject } from '../resources/objects';

/**
 * Kubernetes cluster domain Istio assumes unless told otherwise.
 *
 * @public
 */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** Annotation that limits where a Kubernetes Service is visible. @public */
export const SERVICE_EXPORT_TO_ANNOTATION = 'networking.istio.io/exportTo';

/**
 * Resolves a host as Istio does for VirtualService, DestinationRule and
 * ServiceEntry hosts: a name without a dot is a short name in `namespace`
 * (`reviews` becomes `reviews.<namespace>.svc.<domain>`); wildcards, IP addresses
 * and dotted names (even `reviews.bookinfo`) are kept verbatim.
 *
 * @public
 */
export function resolveShortName(
  host: string,
  namespace: string,
  domain: string = DEFAULT_CLUSTER_DOMAIN,
): string {
  // ':' keeps IPv6 addresses, which have no dot.
  if (host.startsWith('*') || host.includes('.') || host.includes(':')) {
    return host;
  }
  return `${host}.${namespace}.svc.${domain}`;
}

/** Whether a host starts with the `*` wildcard. @public */
export function isWildcardHost(host: string): boolean {
  return host.startsWith('*');
}

/**
 * Whether two hosts overlap, as Istio's `host.Name.Matches`: equal names, or
 * a leading `*` standing for any prefix (`*.foo.com` matches `a.foo.com` and
 * `*.b.foo.com` but not `foo.com`; `*` matches every host).
 *
 * @public
 */
export function hostMatches(a: string, b: string): boolean {
  const aWild = isWildcardHost(a);
  const bWild = isWildcardHost(b);
  if (aWild && bWild) {
    return a.length < b.length
      ? b.slice(1).endsWith(a.slice(1))
      : a.slice(1).endsWith(b.slice(1));
  }
  if (aWild) return b.endsWith(a.slice(1));
  if (bWild) return a.endsWith(b.slice(1));
  return a === b;
}

/**
 * Whether `host` is `pattern` or one of the names `pattern` stands for: an
 * exact name only matches itself, `*.foo.com` matches any name ending in
 * `.foo.com`.
 *
 * @public
 */
export function hostCoveredBy(host: string, pattern: string): boolean {
  if (!isWildcardHost(pattern)) return host === pattern;
  const suffix = pattern.slice(1);
  return isWildcardHost(host)
    ? host.slice(1).endsWith(suffix)
    : host.endsWith(suffix);
}

/**
 * Picks the host among `candidates` that governs `host` most specifically,
 * as Istio's `MostSpecificHostMatch`: an exact name first, else the longest
 * wildcard that covers it.
 *
 * @public
 */
export function mostSpecificHost(
  host: string,
  candidates: readonly string[],
): string | undefined {
  if (candidates.includes(host)) return host;
  const covering = candidates
    .filter(c => isWildcardHost(c) && hostCoveredBy(host, c))
    .sort((x, y) => y.length - x.length || x.localeCompare(y));
  return covering[0];
}

/**
 * Whether a resource of `ownerNamespace` with `exportTo` is visible in
 * `targetNamespace`. `*` exports everywhere, `.` to the owner's namespace,
 * `~` nowhere, other values name namespaces. An absent or empty `exportTo`
 * falls back to `defaultExportTo` (meshConfig `default*ExportTo`, `*`
 * unless configured).
 *
 * @public
 */
export function isExportedTo(
  exportTo: readonly string[] | undefined,
  ownerNamespace: string,
  targetNamespace: string,
  defaultExportTo: readonly string[] = ['*'],
): boolean {
  const effective = exportTo?.length ? exportTo : defaultExportTo;
  return effective.some(
    e =>
      e === '*' ||
      e === targetNamespace ||
      (e === '.' && ownerNamespace === targetNamespace),
  );
}

/**
 * The `exportTo` values of a Service's `networking.istio.io/exportTo`
 * annotation (comma separated); undefined when it is absent or empty.
 *
 * @public
 */
export function serviceExportTo(
  service: KubernetesObject,
): string[] | undefined {
  const value = service.metadata.annotations?.[SERVICE_EXPORT_TO_ANNOTATION];
  if (!value) return undefined;
  return value.split(',').map(v => v.trim());
}

/** A port of a service host. @public */
export interface ServiceHostPort {
  number: number;
  name?: string;
  protocol?: string;
}

/**
 * A host that traffic can be routed to: a Kubernetes Service
 * (`<name>.<namespace>.svc.cluster.local`) or one host of a ServiceEntry.
 *
 * @public
 */
export interface ServiceHost {
  /** The host as declared, short names resolved in the owner's namespace. */
  host: string;
  /** Namespace of the Service or ServiceEntry. */
  namespace: string;
  object: KubernetesObject;
  ports: ServiceHostPort[];
  /** ServiceEntry `workloadSelector.labels`; absent for Services. */
  workloadSelector?: Record<string, string>;
}

/**
 * Services and ServiceEntry hosts indexed by the namespace each is visible
 * in (`*` for everywhere), built by {@link buildServiceHostIndex}.
 *
 * @public
 */
export interface ServiceHostIndex {
  /** Keyed by `<scope>/<host>`; a later definition replaces an earlier one. */
  byScopedHost: Map<string, ServiceHost>;
}

/** The fields of a ServiceEntry the lookup reads. */
interface ServiceEntrySpec {
  hosts?: unknown;
  ports?: unknown;
  exportTo?: unknown;
  workloadSelector?: { labels?: unknown };
}

function portList(value: unknown, numberField: 'number' | 'port') {
  if (!Array.isArray(value)) return [];
  return value.flatMap((raw: Record<string, unknown>): ServiceHostPort[] => {
    const number = raw?.[numberField];
    if (typeof number !== 'number') return [];
    return [
      {
        number,
        ...(typeof raw.name === 'string' ? { name: raw.name } : {}),
        ...(typeof raw.protocol === 'string' ? { protocol: raw.protocol } : {}),
      },
    ];
  });
}

/** The scopes a resource is visible in: `*`, or namespace names. */
function visibilityScopes(
  exportTo: readonly string[] | undefined,
  namespace: string,
  defaultExportTo: readonly string[],
): string[] {
  const effective = exportTo?.length ? exportTo : defaultExportTo;
  if (effective.includes('*')) return ['*'];
  return [...new Set(effective.map(e => (e === '.' ? namespace : e)))];
}

/**
 * Indexes Services and ServiceEntries by the namespaces they are visible in,
 * as istioctl's analyzers do (`analyzers/util/service_lookup.go`): Service
 * visibility comes from the `networking.istio.io/exportTo` annotation,
 * ServiceEntry visibility from `spec.exportTo`; both default to
 * `defaultExportTo`. Services are indexed after ServiceEntries and win for
 * the same host.
 *
 * @public
 */
export function buildServiceHostIndex(
  services: readonly KubernetesObject[],
  serviceEntries: readonly KubernetesObject[],
  defaultExportTo: readonly string[] = ['*'],
): ServiceHostIndex {
  const byScopedHost = new Map<string, ServiceHost>();
  for (const entry of serviceEntries) {
    const spec = (entry.spec ?? {}) as ServiceEntrySpec;
    const namespace = entry.metadata.namespace ?? '';
    const ports = portList(spec.ports, 'number');
    const workloadSelector = stringMap(spec.workloadSelector?.labels);
    const scopes = visibilityScopes(
      stringList(spec.exportTo),
      namespace,
      defaultExportTo,
    );
    for (const declared of stringList(spec.hosts)) {
      const host = resolveShortName(declared, namespace);
      for (const scope of scopes) {
        byScopedHost.set(`${scope}/${host}`, {
          host,
          namespace,
          object: entry,
          ports,
          ...(workloadSelector ? { workloadSelector } : {}),
        });
      }
    }
  }
  for (const service of services) {
    const namespace = service.metadata.namespace ?? '';
    const host = resolveShortName(service.metadata.name, namespace);
    const spec = (service.spec ?? {}) as { ports?: unknown };
    const value: ServiceHost = {
      host,
      namespace,
      object: service,
      ports: portList(spec.ports, 'port'),
    };
    for (const scope of visibilityScopes(
      serviceExportTo(service),
      namespace,
      defaultExportTo,
    )) {
      byScopedHost.set(`${scope}/${host}`, value);
    }
  }
  return { byScopedHost };
}

/**
 * Finds the Service or ServiceEntry a destination `host` written in
 * `namespace` refers to, as istioctl's `GetDestinationHost`: short names are
 * resolved in `namespace`; a host exported everywhere or to `namespace`
 * matches, as does one exported to a namespace the referring resource is
 * itself exported to (`exportTo` of that resource); wildcard ServiceEntry
 * hosts match by suffix.
 *
 * @public
 */
export function findServiceHost(
  index: ServiceHostIndex,
  host: string,
  namespace: string,
  exportTo: readonly string[] = [],
): ServiceHost | undefined {
  const fqdn = resolveShortName(host, namespace);
  const scopes = [
    '*',
    ...(exportTo.length
      ? exportTo.map(e => (e === '.' ? namespace : e))
      : [namespace]),
  ];
  for (const scope of scopes) {
    const found = index.byScopedHost.get(`${scope}/${fqdn}`);
    if (found) return found;
  }
  const bare = host.startsWith('*') ? host.slice(1) : host;
  for (const [key, value] of index.byScopedHost) {
    const slash = key.indexOf('/');
    const scope = key.slice(0, slash);
    const declared = key.slice(slash + 1);
    if (!isWildcardHost(declared)) continue;
    if (scope !== '*' && scope !== namespace) continue;
    if (bare.endsWith(declared.slice(1))) return value;
  }
  return undefined;
}
