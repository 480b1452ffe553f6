import { MESSAGE_CATALOG, MessageType } from './messageCatalog';

/**
 * This project's own findings, for what `istioctl analyze` does not check.
 * Codes are `ISM` and four digits; each has a section in docs/findings.md.
 *
 * @public
 */
export const ISTIO_MESH_MESSAGES: Record<string, MessageType> = {
  ISM0001: {
    code: 'ISM0001',
    name: 'UncapturedStrictPort',
    level: 'Warning',
    template:
      'Port %d bypasses the sidecar (%s): it accepts plaintext and no policy applies to it, although its PeerAuthentication mode is STRICT.',
    description:
      'A workload port is left out of inbound capture while its effective mTLS mode is STRICT, so STRICT is not enforced on it.',
  },
  ISM0002: {
    code: 'ISM0002',
    name: 'DestinationRulePlaintextToStrictPort',
    level: 'Error',
    template:
      'Clients %s send %s to %s port %d, which only accepts Istio mTLS (STRICT on port %d of %s): %s',
    description:
      'A DestinationRule (or auto mTLS with TLS disabled) makes clients send plaintext or TLS that is not Istio mTLS to a port whose PeerAuthentication mode is STRICT; those connections are rejected.',
  },
  ISM0003: {
    code: 'ISM0003',
    name: 'RootNamespaceDisagrees',
    level: 'Warning',
    template:
      'The root namespace set by %s (%s) disagrees with this mesh configuration (rootNamespace: %s); %s is used.',
    description:
      'An explicit root namespace differs from the one the mesh configuration in the inputs gives istiod, so mesh-wide policies are looked for in the wrong namespace.',
  },
  ISM0004: {
    code: 'ISM0004',
    name: 'CustomProviderMissing',
    level: 'Error',
    template:
      'The CUSTOM action names provider %q, which is not among the extensionProviders of %s (%s): istiod denies every request this policy matches.',
    description:
      'A CUSTOM AuthorizationPolicy names an extension provider the mesh configuration does not define, so istiod generates deny rules for the requests it matches.',
  },
  ISM0005: {
    code: 'ISM0005',
    name: 'SubsetSelectsNoServicePod',
    level: 'Warning',
    template:
      'Subset %s (%s) selects no running pod of Service %s (selector %s)%s: requests routed to it fail with 503 (no healthy upstream).',
    description:
      "A DestinationRule subset's labels, together with the destination Service's selector, select no running pod of that Service, although istioctl's IST0173 may be satisfied by pods of other workloads that carry the same labels.",
  },
};

/**
 * The catalogue entry of a code, istioctl's or this project's.
 *
 * @public
 */
export function messageType(code: string): MessageType | undefined {
  return MESSAGE_CATALOG[code] ?? ISTIO_MESH_MESSAGES[code];
}
