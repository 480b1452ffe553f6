import {
  PeerAuthentication,
  PeerAuthenticationMode,
} from '../resources/objects';
import { invalidInput } from './invalidInput';
import { assertDns1123Label, assertLabels } from './names';
import { ManifestMetadataInput, objectMetadata } from './objectMetadata';

/**
 * Where a PeerAuthentication applies: the whole mesh (root namespace, no
 * selector), one namespace (no selector), or the workloads a selector picks.
 *
 * @public
 */
export type PeerAuthenticationScope = 'mesh' | 'namespace' | 'workload';

/**
 * Input of {@link buildPeerAuthentication}.
 *
 * @public
 */
export interface PeerAuthenticationInput
  extends Omit<ManifestMetadataInput, 'name'> {
  /** Default `default`, the name Istio's documentation gives mesh and namespace policies. */
  name?: string;
  scope: PeerAuthenticationScope;
  /** Default STRICT. */
  mode?: PeerAuthenticationMode;
  /** Pod labels of the workloads; required at, and only at, workload scope. */
  selector?: Record<string, string>;
  /**
   * Per-port modes, workload scope only. The port is the workload's
   * (container) port, not the Service port.
   */
  portLevelMtls?: Array<{ port: number; mode: PeerAuthenticationMode }>;
  /** Istio's root namespace; default `istio-system`. */
  rootNamespace?: string;
}

/**
 * Builds a PeerAuthentication at mesh, namespace or workload scope with the
 * rules Istio applies (see SEMANTICS §1.1): a mesh policy lives in the root
 * namespace without selector; a namespace policy has no selector and is not
 * in the root namespace (where it would be mesh-wide); a workload policy
 * has a selector outside the root namespace (in it, Istio ignores the
 * policy), and only it may set port-level modes. Breaking one of these
 * throws an `InputError` naming the fields.
 *
 * @public
 */
export function buildPeerAuthentication(
  input: PeerAuthenticationInput,
): PeerAuthentication {
  const rootNamespace = input.rootNamespace ?? 'istio-system';
  const name = input.name ?? 'default';
  const namespace =
    input.namespace || (input.scope === 'mesh' ? rootNamespace : undefined);
  const { subject, metadata } = objectMetadata('PeerAuthentication', {
    ...input,
    name,
    namespace,
  });
  assertDns1123Label(rootNamespace, 'rootNamespace', subject);
  const selector = input.selector ?? {};
  const hasSelector = Object.keys(selector).length > 0;
  const portLevel = input.portLevelMtls ?? [];
  const mode = input.mode ?? 'STRICT';

  if (input.scope === 'mesh') {
    if (namespace !== rootNamespace) {
      throw invalidInput(
        'namespace',
        `a mesh-wide policy lives in the root namespace "${rootNamespace}", not "${namespace}"; use scope namespace for a namespace policy`,
        subject,
      );
    }
    if (hasSelector) {
      throw invalidInput(
        'selector',
        `a mesh-wide ${mode} policy has no selector: Istio ignores a selector policy in the root namespace; use scope workload in the workloads' namespace`,
        subject,
      );
    }
  }
  if (input.scope === 'namespace') {
    if (namespace === rootNamespace) {
      throw invalidInput(
        'namespace',
        `a policy without selector in the root namespace "${rootNamespace}" applies to the whole mesh; use scope mesh`,
        subject,
      );
    }
    if (hasSelector) {
      throw invalidInput(
        'selector',
        'a namespace-wide policy has no selector; use scope workload',
        subject,
      );
    }
  }
  if (input.scope === 'workload') {
    if (!hasSelector) {
      throw invalidInput(
        'selector',
        'is required at workload scope: give the pod labels of the workloads, e.g. app: checkoutservice',
        subject,
      );
    }
    if (namespace === rootNamespace) {
      throw invalidInput(
        'namespace',
        `Istio ignores a policy with a selector in the root namespace "${rootNamespace}"; put it in the workloads' namespace`,
        subject,
      );
    }
    assertLabels(selector, 'selector', subject);
  }
  if (portLevel.length > 0 && input.scope !== 'workload') {
    throw invalidInput(
      'portLevelMtls',
      `port-level modes need a selector, so they are only allowed at workload scope, not ${input.scope} scope`,
      subject,
    );
  }
  const ports = new Set<number>();
  portLevel.forEach(({ port }, i) => {
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw invalidInput(
        `portLevelMtls[${i}].port`,
        `${port} is not a port number (1-65535)`,
        subject,
      );
    }
    if (ports.has(port)) {
      throw invalidInput(
        'portLevelMtls',
        `lists port ${port} more than once`,
        subject,
      );
    }
    ports.add(port);
  });

  return {
    apiVersion: 'security.istio.io/v1',
    kind: 'PeerAuthentication',
    metadata,
    spec: {
      ...(hasSelector ? { selector: { matchLabels: { ...selector } } } : {}),
      mtls: { mode },
      ...(portLevel.length
        ? {
            portLevelMtls: Object.fromEntries(
              portLevel.map(entry => [
                String(entry.port),
                { mode: entry.mode },
              ]),
            ),
          }
        : {}),
    },
  };
}
