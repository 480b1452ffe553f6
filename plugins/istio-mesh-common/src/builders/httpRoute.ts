import { KubernetesObject, ObjectMeta } from '../resources/objects';
import { invalidInput } from './invalidInput';
import {
  assertDns1123Label,
  assertDns1123Subdomain,
  assertHostname,
} from './names';
import { ManifestMetadataInput, objectMetadata } from './objectMetadata';

/**
 * Input of {@link buildHttpRoute}.
 *
 * @public
 */
export interface HttpRouteInput extends ManifestMetadataInput {
  /** The Gateway the route attaches to. */
  gateway: {
    name: string;
    /** Default: the route's namespace. The Gateway's listener must admit routes from it. */
    namespace?: string;
    /** Listener name, e.g. `https`; default every listener that admits the route. */
    sectionName?: string;
  };
  /** Host names, e.g. `kiali.homelab.local`; a leading `*.` is a wildcard. */
  hostnames: string[];
  /** The Service that serves the requests, in the route's namespace. */
  backend: { name: string; port: number };
  /** Path prefix routed to the backend; default `/`. */
  pathPrefix?: string;
}

/**
 * The HTTPRoute fields the builder writes.
 *
 * @public
 */
export interface HttpRouteManifest extends KubernetesObject {
  apiVersion: 'gateway.networking.k8s.io/v1';
  kind: 'HTTPRoute';
  metadata: ObjectMeta;
  spec: {
    parentRefs: Array<{
      name: string;
      namespace?: string;
      sectionName?: string;
    }>;
    hostnames: string[];
    rules: Array<{
      matches: Array<{ path: { type: 'PathPrefix'; value: string } }>;
      backendRefs: Array<{ name: string; port: number }>;
    }>;
  };
}

/**
 * Builds a Gateway API HTTPRoute exposing a Service (Kiali, Jaeger, ...)
 * through a parent Gateway under the given host names. The backend is a
 * Service in the route's own namespace, so that no ReferenceGrant is
 * needed. An `InputError` names the offending field, e.g. `hostnames[0]`
 * when it is not a host name (Gateway API accepts neither IP addresses nor
 * ports there).
 *
 * @public
 */
export function buildHttpRoute(input: HttpRouteInput): HttpRouteManifest {
  const { subject, metadata } = objectMetadata('HTTPRoute', input);
  assertDns1123Subdomain(input.gateway.name, 'gateway.name', subject);
  if (input.gateway.namespace !== undefined) {
    assertDns1123Label(input.gateway.namespace, 'gateway.namespace', subject);
  }
  if (input.gateway.sectionName !== undefined) {
    assertDns1123Subdomain(
      input.gateway.sectionName,
      'gateway.sectionName',
      subject,
    );
  }
  if (input.hostnames.length === 0) {
    throw invalidInput(
      'hostnames',
      'name at least one host name, e.g. kiali.homelab.local',
      subject,
    );
  }
  const seen = new Set<string>();
  input.hostnames.forEach((hostname, i) => {
    assertHostname(hostname, `hostnames[${i}]`, subject, { wildcard: true });
    if (seen.has(hostname)) {
      throw invalidInput(
        'hostnames',
        `lists "${hostname}" more than once`,
        subject,
      );
    }
    seen.add(hostname);
  });
  assertDns1123Label(input.backend.name, 'backend.name', subject);
  const { port } = input.backend;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw invalidInput(
      'backend.port',
      `${port} is not a port number (1-65535)`,
      subject,
    );
  }
  const pathPrefix = input.pathPrefix ?? '/';
  if (!pathPrefix.startsWith('/') || /[?#\s]/.test(pathPrefix)) {
    throw invalidInput(
      'pathPrefix',
      `"${pathPrefix}" is not a path prefix: start it with '/', without query, fragment or spaces`,
      subject,
    );
  }

  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata,
    spec: {
      parentRefs: [
        {
          name: input.gateway.name,
          ...(input.gateway.namespace
            ? { namespace: input.gateway.namespace }
            : {}),
          ...(input.gateway.sectionName
            ? { sectionName: input.gateway.sectionName }
            : {}),
        },
      ],
      hostnames: [...input.hostnames],
      rules: [
        {
          matches: [{ path: { type: 'PathPrefix', value: pathPrefix } }],
          backendRefs: [{ name: input.backend.name, port }],
        },
      ],
    },
  };
}
