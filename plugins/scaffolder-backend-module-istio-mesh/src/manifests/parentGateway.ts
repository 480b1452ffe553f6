import { apiGroupOf, ParsedObject } from '@istio-mesh/plugin-istio-mesh-common';

/** The parent an HTTPRoute names. */
export interface ParentGatewayRef {
  name: string;
  namespace: string;
  sectionName?: string;
}

interface Listener {
  name?: unknown;
  allowedRoutes?: { namespaces?: { from?: unknown } };
}

const describeRef = (ref: ParentGatewayRef) => `${ref.namespace}/${ref.name}`;

/**
 * Why an HTTPRoute of `routeNamespace` would not attach to its parent among
 * the repository's objects: the Gateway (Gateway API) is not declared, it
 * has no listener `sectionName`, or no listener admits routes of the
 * route's namespace (`allowedRoutes.namespaces.from`, default `Same`).
 * Undefined when it attaches, or when that depends on namespace labels
 * (`Selector`), which the repository may not hold. A route whose parent
 * does not accept it is never served.
 */
export function parentGatewayProblem(
  objects: ParsedObject[],
  ref: ParentGatewayRef,
  routeNamespace: string,
): string | undefined {
  const gateway = objects.find(
    ({ object }) =>
      object.kind === 'Gateway' &&
      apiGroupOf(object.apiVersion) === 'gateway.networking.k8s.io' &&
      object.metadata.name === ref.name &&
      object.metadata.namespace === ref.namespace,
  );
  if (!gateway) {
    return `its parent, Gateway ${describeRef(
      ref,
    )} (gateway.networking.k8s.io), is declared nowhere in the repository`;
  }
  const spec = (gateway.object.spec ?? {}) as { listeners?: unknown };
  const listeners = (
    Array.isArray(spec.listeners) ? spec.listeners : []
  ) as Listener[];
  const candidates = ref.sectionName
    ? listeners.filter(l => l.name === ref.sectionName)
    : listeners;
  const where = `${gateway.location.file}${
    gateway.location.line ? `:${gateway.location.line}` : ''
  }`;
  if (candidates.length === 0) {
    const names = listeners.map(l => String(l.name)).join(', ');
    return ref.sectionName
      ? `its parent, Gateway ${describeRef(ref)} (${where}), has no listener ${
          ref.sectionName
        } (listeners: ${names || 'none'})`
      : `its parent, Gateway ${describeRef(ref)} (${where}), has no listeners`;
  }
  const admits = candidates.some(listener => {
    const from = listener.allowedRoutes?.namespaces?.from ?? 'Same';
    if (from === 'All' || from === 'Selector') return true;
    return from === 'Same' && routeNamespace === ref.namespace;
  });
  if (!admits) {
    return `its parent, Gateway ${describeRef(ref)} (${where}), admits on ${
      ref.sectionName ? `listener ${ref.sectionName}` : 'its listeners'
    } only routes of its own namespace, ${
      ref.namespace
    }, not of ${routeNamespace} (allowedRoutes.namespaces.from)`;
  }
  return undefined;
}
