import {
  AnalyzerMessage,
  AuthorizationImpact,
  isNamespacedKind,
  KubernetesObject,
  parseFieldPath,
  UncheckedReference,
} from '@istio-mesh/plugin-istio-mesh-common';
import {
  isIstioConfigMapName,
  istiodNamespaces,
} from '../../sources/kubernetes/meshConfigMaps';

/**
 * Kinds of the Istio root namespace that stay in every caller's live
 * context: mesh-wide configuration that applies to the caller's own
 * workloads (a root-namespace PeerAuthentication sets everyone's mTLS mode),
 * not workloads or Services of the root namespace.
 */
const MESH_WIDE_KINDS = new Set([
  'PeerAuthentication',
  'AuthorizationPolicy',
  'RequestAuthentication',
  'Sidecar',
  'Telemetry',
]);

/**
 * The part of a cluster's live objects a caller may see: the objects of the
 * namespaces the caller may read, the root namespace's mesh-wide policies,
 * Istio's own ConfigMaps (`istio`, `istio-*`: the mesh and injector
 * configuration) where istiod runs (else in the root namespace), and
 * cluster-scoped configuration (the control plane's `Istio` resource,
 * revision-tag webhooks), but of the Namespace objects only those of
 * readable namespaces and of the root namespace.
 */
export function visibleLiveObjects(
  objects: KubernetesObject[],
  readable: ReadonlySet<string>,
  rootNamespace: string,
): KubernetesObject[] {
  const istiod = istiodNamespaces(objects);
  const controlPlane = new Set(istiod.length > 0 ? istiod : [rootNamespace]);
  return objects.filter(object => {
    const { namespace, name } = object.metadata;
    if (object.kind === 'Namespace' && !namespace) {
      return readable.has(name) || name === rootNamespace;
    }
    if (!namespace) return !isNamespacedKind(object.kind);
    if (readable.has(namespace)) return true;
    if (object.kind === 'ConfigMap' && isIstioConfigMapName(name)) {
      return controlPlane.has(namespace);
    }
    return namespace === rootNamespace && MESH_WIDE_KINDS.has(object.kind);
  });
}

/**
 * An authorization impact without what lies outside the readable
 * namespaces. The live context already holds no other workloads; this keeps
 * a policy sent for an unreadable namespace from naming its targets.
 */
export function visibleImpact(
  impact: AuthorizationImpact,
  readable: ReadonlySet<string>,
): AuthorizationImpact {
  const inReadable = (ref: string) => readable.has(ref.split('/')[0]);
  return {
    ...impact,
    targets: impact.targets.filter(inReadable),
    deniedCallers: impact.deniedCallers.filter(c => readable.has(c.namespace)),
  };
}

function valueAt(object: unknown, path: string): unknown {
  let value = object;
  for (const segment of parseFieldPath(path)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

/** `reviews` -> own namespace; `reviews.shop[.svc.cluster.local]` -> `shop`. */
function namespaceOfHost(host: string, namespace: string): string {
  const labels = host.split('.');
  return labels.length > 1 ? labels[1] : namespace;
}

/** `ns/gateway`, `./gateway`, `gateway` or the legacy `gateway.ns.svc...`. */
function namespaceOfGateway(reference: string, namespace: string): string {
  const slash = reference.indexOf('/');
  if (slash >= 0) {
    const prefix = reference.slice(0, slash);
    return prefix === '.' ? namespace : prefix;
  }
  return namespaceOfHost(reference, namespace);
}

/**
 * The namespaces whose objects decide a message about a sent object, where
 * the message is one that the live context can make false by leaving
 * objects out: "not found" references (IST0101), a Gateway not serving the
 * host (IST0132), DestinationRule hosts and subsets without Services or pods
 * (IST0174, IST0173), policies that select no workload (IST0127). `'*'`
 * stands for every namespace. Undefined for messages about the sent object
 * alone.
 */
function namespacesDeciding(
  message: AnalyzerMessage,
  object: KubernetesObject,
  rootNamespace: string,
): string[] | undefined {
  const own = object.metadata.namespace ?? '';
  const value = message.path ? valueAt(object, message.path) : undefined;
  const text = typeof value === 'string' ? value : undefined;
  const selecting = () => (own === rootNamespace ? ['*'] : [own]);
  switch (message.code) {
    case 'IST0101':
      if (object.kind === 'VirtualService' && text !== undefined) {
        if (/^spec\.gateways\[\d+\]$/.test(message.path)) {
          return [namespaceOfGateway(text, own)];
        }
        // Destination and mirror hosts; subsets live in the DestinationRules
        // of the host's namespace, of the VirtualService's or of the root.
        return [namespaceOfHost(text, own)];
      }
      if (object.kind === 'AuthorizationPolicy' && text !== undefined) {
        // A namespace name, or a pattern matched against every namespace.
        return text.includes('*') ? ['*'] : [text];
      }
      if (object.kind === 'Sidecar') return selecting();
      return undefined;
    case 'IST0132':
      return text !== undefined ? [namespaceOfGateway(text, own)] : undefined;
    case 'IST0173':
    case 'IST0174': {
      const host = valueAt(object, 'spec.host');
      return typeof host === 'string'
        ? [namespaceOfHost(host, own)]
        : undefined;
    }
    case 'IST0127':
      return selecting();
    default:
      return undefined;
  }
}

const identity = (kind: string, namespace: string, name: string) =>
  `${kind}/${namespace}/${name}`;

/**
 * Splits the messages about sent objects into those the caller may see and
 * references that were not checked because they lead into namespaces the
 * caller may not read. Such a message is left out whether the referenced
 * object exists or not (the analysis never saw it), so its absence reveals
 * nothing; the reference is listed instead, from the sent object alone.
 */
export function withoutHiddenReferences(
  messages: AnalyzerMessage[],
  sent: KubernetesObject[],
  readable: ReadonlySet<string>,
  rootNamespace: string,
): { messages: AnalyzerMessage[]; notChecked: UncheckedReference[] } {
  const objects = new Map(
    sent.map(o => [
      identity(o.kind, o.metadata.namespace ?? '', o.metadata.name),
      o,
    ]),
  );
  const kept: AnalyzerMessage[] = [];
  // One entry per field, though two messages may be about it.
  const notChecked = new Map<string, UncheckedReference>();
  for (const message of messages) {
    const object = objects.get(
      identity(message.kind, message.namespace, message.name),
    );
    const deciding = object
      ? namespacesDeciding(message, object, rootNamespace)
      : undefined;
    const hidden = deciding?.filter(ns => ns === '*' || !readable.has(ns));
    if (!hidden || hidden.length === 0) {
      kept.push(message);
      continue;
    }
    const field = `${identity(message.kind, message.namespace, message.name)}/${
      message.path
    }`;
    notChecked.set(field, {
      kind: message.kind,
      namespace: message.namespace,
      name: message.name,
      path: message.path,
      reason: hidden.includes('*')
        ? 'depends on namespaces you may not read'
        : `refers to namespace ${hidden.join(', ')}, which you may not read`,
    });
  }
  return {
    messages: kept,
    notChecked: [...notChecked.values()].sort(
      (a, b) =>
        a.kind.localeCompare(b.kind) ||
        a.namespace.localeCompare(b.namespace) ||
        a.name.localeCompare(b.name) ||
        a.path.localeCompare(b.path),
    ),
  };
}
