// Istio's analyzer message catalogue (istio pkg/config/analysis/msg/messages.yaml):
// code, name, level and text template, as `istioctl analyze` reports them.
// Generated from the upstream catalogue; edit by regenerating, not by hand.

/**
 * Severity of an analyzer message, as istioctl names it.
 *
 * @public
 */
export type MessageLevel = 'Error' | 'Warning' | 'Info';

/**
 * One entry of the message catalogue.
 *
 * @public
 */
export interface MessageType {
  code: string;
  name: string;
  level: MessageLevel;
  /** Go-style template: `%s`, `%q`, `%v`, `%d` take the arguments in order. */
  template: string;
  description: string;
}

/**
 * Every message `istioctl analyze` can emit, by code.
 *
 * @public
 */
export const MESSAGE_CATALOG: Record<string, MessageType> = {
  IST0001: {
    code: 'IST0001',
    name: 'InternalError',
    level: 'Error',
    template: 'Internal error: %v',
    description:
      'There was an internal error in the toolchain. This is almost always a bug in the implementation.',
  },
  IST0002: {
    code: 'IST0002',
    name: 'Deprecated',
    level: 'Warning',
    template: 'Deprecated: %s',
    description:
      'A feature that the configuration is depending on is now deprecated.',
  },
  IST0101: {
    code: 'IST0101',
    name: 'ReferencedResourceNotFound',
    level: 'Error',
    template: 'Referenced %s not found: %q',
    description: 'A resource being referenced does not exist.',
  },
  IST0102: {
    code: 'IST0102',
    name: 'NamespaceNotInjected',
    level: 'Info',
    template:
      "The namespace is not enabled for Istio injection. Run 'kubectl label namespace %s istio-injection=enabled' to enable it, or 'kubectl label namespace %s istio-injection=disabled' to explicitly mark it as not needing injection.",
    description: 'A namespace is not enabled for Istio injection.',
  },
  IST0103: {
    code: 'IST0103',
    name: 'PodMissingProxy',
    level: 'Warning',
    template:
      'The pod %s is missing the Istio proxy. This can often be resolved by restarting or redeploying the workload.',
    description: 'A pod is missing the Istio proxy.',
  },
  IST0106: {
    code: 'IST0106',
    name: 'SchemaValidationError',
    level: 'Error',
    template: 'Schema validation error: %v',
    description: 'The resource has a schema validation error.',
  },
  IST0107: {
    code: 'IST0107',
    name: 'MisplacedAnnotation',
    level: 'Warning',
    template: 'Misplaced annotation: %s can only be applied to %s',
    description:
      'An Istio annotation is applied to the wrong kind of resource.',
  },
  IST0108: {
    code: 'IST0108',
    name: 'UnknownAnnotation',
    level: 'Warning',
    template: 'Unknown annotation: %s',
    description:
      'An Istio annotation is not recognized for any kind of resource',
  },
  IST0109: {
    code: 'IST0109',
    name: 'ConflictingMeshGatewayVirtualServiceHosts',
    level: 'Error',
    template:
      'The VirtualServices %s associated with mesh gateway define the same host %s which can lead to undefined behavior. This can be fixed by merging the conflicting VirtualServices into a single resource.',
    description:
      'Conflicting hosts on VirtualServices associated with mesh gateway',
  },
  IST0110: {
    code: 'IST0110',
    name: 'ConflictingSidecarWorkloadSelectors',
    level: 'Error',
    template:
      'The Sidecars %v in namespace %q select the same workload pod %q, which can lead to undefined behavior.',
    description:
      'A Sidecar resource selects the same workloads as another Sidecar resource',
  },
  IST0111: {
    code: 'IST0111',
    name: 'MultipleSidecarsWithoutWorkloadSelectors',
    level: 'Error',
    template:
      'The Sidecars %v in namespace %q have no workload selector, which can lead to undefined behavior.',
    description:
      'More than one sidecar resource in a namespace has no workload selector',
  },
  IST0112: {
    code: 'IST0112',
    name: 'VirtualServiceDestinationPortSelectorRequired',
    level: 'Error',
    template:
      'This VirtualService routes to a service %q that exposes multiple ports %v. Specifying a port in the destination is required to disambiguate.',
    description:
      'A VirtualService routes to a service with more than one port exposed, but does not specify which to use.',
  },
  IST0116: {
    code: 'IST0116',
    name: 'DeploymentAssociatedToMultipleServices',
    level: 'Warning',
    template:
      'This deployment %s is associated with multiple services using port %d but different protocols: %v',
    description:
      "The resulting pods of a service mesh deployment can't be associated with multiple services using the same port but different protocols.",
  },
  IST0118: {
    code: 'IST0118',
    name: 'PortNameIsNotUnderNamingConvention',
    level: 'Info',
    template:
      "Port name %s (port: %d, targetPort: %s) doesn't follow the naming convention of Istio port.",
    description:
      'Port name is not under naming convention. Protocol detection is applied to the port.',
  },
  IST0123: {
    code: 'IST0123',
    name: 'NamespaceMultipleInjectionLabels',
    level: 'Warning',
    template:
      'The namespace has more than one type of injection labels %v, which may lead to undefined behavior. Make sure only one injection label exists.',
    description: 'A namespace has more than one type of injection labels',
  },
  IST0125: {
    code: 'IST0125',
    name: 'InvalidAnnotation',
    level: 'Warning',
    template: 'Invalid annotation %s: %s',
    description: 'An Istio annotation that is not valid',
  },
  IST0126: {
    code: 'IST0126',
    name: 'UnknownMeshNetworksServiceRegistry',
    level: 'Error',
    template: 'Unknown service registry %s in network %s',
    description: 'A service registry in Mesh Networks is unknown',
  },
  IST0127: {
    code: 'IST0127',
    name: 'NoMatchingWorkloadsFound',
    level: 'Warning',
    template:
      'No matching workloads for this resource with the following labels: %s',
    description: "There aren't workloads matching the resource labels",
  },
  IST0128: {
    code: 'IST0128',
    name: 'NoServerCertificateVerificationDestinationLevel',
    level: 'Warning',
    template:
      'DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s',
    description:
      'No caCertificates are set in DestinationRule, this results in no verification of presented server certificate.',
  },
  IST0129: {
    code: 'IST0129',
    name: 'NoServerCertificateVerificationPortLevel',
    level: 'Warning',
    template:
      'DestinationRule %s in namespace %s has TLS mode set to %s but no caCertificates are set to validate server identity for host: %s at port %s',
    description:
      'No caCertificates are set in DestinationRule, this results in no verification of presented server certificate for traffic to a given port.',
  },
  IST0130: {
    code: 'IST0130',
    name: 'VirtualServiceUnreachableRule',
    level: 'Warning',
    template: 'VirtualService rule %v not used (%s).',
    description:
      'A VirtualService rule will never be used because a previous rule uses the same match.',
  },
  IST0131: {
    code: 'IST0131',
    name: 'VirtualServiceIneffectiveMatch',
    level: 'Info',
    template:
      'VirtualService rule %v match %v is not used (duplicate/overlapping match in rule %v).',
    description:
      'A VirtualService rule match duplicates a match in a previous rule.',
  },
  IST0132: {
    code: 'IST0132',
    name: 'VirtualServiceHostNotFoundInGateway',
    level: 'Warning',
    template:
      'one or more host %v defined in VirtualService %s not found in Gateway %s.',
    description: 'Host defined in VirtualService not found in Gateway.',
  },
  IST0133: {
    code: 'IST0133',
    name: 'SchemaWarning',
    level: 'Warning',
    template: 'Schema validation warning: %v',
    description: 'The resource has a schema validation warning.',
  },
  IST0134: {
    code: 'IST0134',
    name: 'ServiceEntryAddressesRequired',
    level: 'Warning',
    template: 'ServiceEntry addresses are required for this protocol.',
    description:
      'Virtual IP addresses are required for ports serving TCP (or unset) protocol when PILOT_ENABLE_IP_AUTOALLOCATE is not set on a proxy',
  },
  IST0135: {
    code: 'IST0135',
    name: 'DeprecatedAnnotation',
    level: 'Info',
    template:
      'Annotation %q has been deprecated%s and may not work in future Istio versions.',
    description: 'A resource is using a deprecated Istio annotation.',
  },
  IST0136: {
    code: 'IST0136',
    name: 'AlphaAnnotation',
    level: 'Info',
    template:
      'Annotation %q is part of an alpha-phase feature and may be incompletely supported.',
    description: 'An Istio annotation may not be suitable for production.',
  },
  IST0137: {
    code: 'IST0137',
    name: 'DeploymentConflictingPorts',
    level: 'Warning',
    template:
      'This deployment %s is associated with multiple services %v using targetPort %q but different ports: %v.',
    description:
      'Two services selecting the same workload with the same targetPort MUST refer to the same port.',
  },
  IST0138: {
    code: 'IST0138',
    name: 'GatewayDuplicateCertificate',
    level: 'Warning',
    template:
      'Duplicate certificate in multiple gateways %v may cause 404s if clients re-use HTTP2 connections.',
    description:
      'Duplicate certificate in multiple gateways may cause 404s if clients re-use HTTP2 connections.',
  },
  IST0139: {
    code: 'IST0139',
    name: 'InvalidWebhook',
    level: 'Error',
    template: '%v',
    description:
      'Webhook is invalid or references a control plane service that does not exist.',
  },
  IST0140: {
    code: 'IST0140',
    name: 'IngressRouteRulesNotAffected',
    level: 'Warning',
    template:
      'Subset in virtual service %s has no effect on ingress gateway %s requests',
    description: 'Route rules have no effect on ingress gateway requests',
  },
  IST0141: {
    code: 'IST0141',
    name: 'InsufficientPermissions',
    level: 'Error',
    template: 'Missing required permission to create resource %v (%v)',
    description: 'Required permissions to install Istio are missing.',
  },
  IST0142: {
    code: 'IST0142',
    name: 'UnsupportedKubernetesVersion',
    level: 'Error',
    template: 'The Kubernetes Version %q is lower than the minimum version: %v',
    description: 'The Kubernetes version is not supported',
  },
  IST0143: {
    code: 'IST0143',
    name: 'LocalhostListener',
    level: 'Error',
    template:
      'Port %v is exposed in a Service but listens on localhost. It will not be exposed to other pods.',
    description: 'A port exposed in a Service is bound to a localhost address',
  },
  IST0144: {
    code: 'IST0144',
    name: 'InvalidApplicationUID',
    level: 'Warning',
    template: 'User ID (UID) 1337 is reserved for the sidecar proxy.',
    description: 'Application pods should not run as user ID (UID) 1337',
  },
  IST0145: {
    code: 'IST0145',
    name: 'ConflictingGateways',
    level: 'Error',
    template:
      'Conflict with gateways %s (workload selector %s, port %s, hosts %v).',
    description:
      'Gateway should not have the same selector, port and matched hosts of server',
  },
  IST0146: {
    code: 'IST0146',
    name: 'ImageAutoWithoutInjectionWarning',
    level: 'Warning',
    template:
      '%s %s contains `image: auto` but does not match any Istio injection webhook selectors.',
    description:
      'Deployments with `image: auto` should be targeted for injection.',
  },
  IST0147: {
    code: 'IST0147',
    name: 'ImageAutoWithoutInjectionError',
    level: 'Error',
    template:
      '%s %s contains `image: auto` but does not match any Istio injection webhook selectors.',
    description: 'Pods with `image: auto` should be targeted for injection.',
  },
  IST0148: {
    code: 'IST0148',
    name: 'NamespaceInjectionEnabledByDefault',
    level: 'Info',
    template:
      'is enabled for Istio injection, as Istio is installed with enableNamespacesByDefault as true.',
    description:
      'user namespace should be injectable if Istio is installed with enableNamespacesByDefault enabled and neither injection label is set.',
  },
  IST0149: {
    code: 'IST0149',
    name: 'JwtClaimBasedRoutingWithoutRequestAuthN',
    level: 'Error',
    template:
      'The virtual service uses the JWT claim based routing (key: %s) but found no request authentication for the gateway (%s) pod (%s). The request authentication must first be applied for the gateway pods to validate the JWT token and make the claims available for routing.',
    description:
      'Virtual service using JWT claim based routing without request authentication.',
  },
  IST0150: {
    code: 'IST0150',
    name: 'ExternalNameServiceTypeInvalidPortName',
    level: 'Warning',
    template:
      'Port name for ExternalName service is invalid. Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly',
    description:
      'Proxy may prevent tcp named ports and unmatched traffic for ports serving TCP protocol from being forwarded correctly for ExternalName services.',
  },
  IST0151: {
    code: 'IST0151',
    name: 'EnvoyFilterUsesRelativeOperation',
    level: 'Warning',
    template:
      'This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. Using the INSERT_FIRST of ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.',
    description:
      'This EnvoyFilter does not have a priority and has a relative patch operation set which can cause the EnvoyFilter not to be applied. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.',
  },
  IST0152: {
    code: 'IST0152',
    name: 'EnvoyFilterUsesReplaceOperationIncorrectly',
    level: 'Error',
    template:
      'The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.',
    description:
      'The REPLACE operation is only valid for HTTP_FILTER and NETWORK_FILTER.',
  },
  IST0153: {
    code: 'IST0153',
    name: 'EnvoyFilterUsesAddOperationIncorrectly',
    level: 'Error',
    template:
      'The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
    description:
      'The ADD operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
  },
  IST0154: {
    code: 'IST0154',
    name: 'EnvoyFilterUsesRemoveOperationIncorrectly',
    level: 'Error',
    template:
      'The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
    description:
      'The REMOVE operation will be ignored when applyTo is set to ROUTE_CONFIGURATION, or HTTP_ROUTE.',
  },
  IST0155: {
    code: 'IST0155',
    name: 'EnvoyFilterUsesRelativeOperationWithProxyVersion',
    level: 'Warning',
    template:
      'This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.',
    description:
      'This EnvoyFilter does not have a priority and has a relative patch operation (NSTERT_BEFORE/AFTER, REPLACE, MERGE, DELETE) and proxyVersion set which can cause the EnvoyFilter not to be applied during an upgrade. Using the INSERT_FIRST or ADD option or setting the priority may help in ensuring the EnvoyFilter is applied correctly.',
  },
  IST0156: {
    code: 'IST0156',
    name: 'UnsupportedGatewayAPIVersion',
    level: 'Error',
    template:
      'The Gateway API CRD version %v is lower than the minimum version: %v',
    description: 'The Gateway API CRD version is not supported',
  },
  IST0157: {
    code: 'IST0157',
    name: 'InvalidTelemetryProvider',
    level: 'Warning',
    template:
      'The Telemetry %v in namespace %q with empty providers will be ignored.',
    description: 'The Telemetry with empty providers will be ignored',
  },
  IST0158: {
    code: 'IST0158',
    name: 'PodsIstioProxyImageMismatchInNamespace',
    level: 'Warning',
    template:
      'The Istio proxy images of the pods running in the namespace do not match the image defined in the injection configuration (pod names: %v). This often happens after upgrading the Istio control-plane and can be fixed by redeploying the pods.',
    description:
      'The Istio proxy image of the pods running in the namespace do not match the image defined in the injection configuration.',
  },
  IST0159: {
    code: 'IST0159',
    name: 'ConflictingTelemetryWorkloadSelectors',
    level: 'Error',
    template:
      'The Telemetries %v in namespace %q select the same workload pod %q, which can lead to undefined behavior.',
    description:
      'A Telemetry resource selects the same workloads as another Telemetry resource',
  },
  IST0160: {
    code: 'IST0160',
    name: 'MultipleTelemetriesWithoutWorkloadSelectors',
    level: 'Error',
    template:
      'The Telemetries %v in namespace %q have no workload selector, which can lead to undefined behavior.',
    description:
      'More than one telemetry resource in a namespace has no workload selector',
  },
  IST0161: {
    code: 'IST0161',
    name: 'InvalidGatewayCredential',
    level: 'Error',
    template:
      'The credential referenced by the Gateway %s in namespace %s is invalid, which can cause the traffic not to work as expected.',
    description: 'The credential provided for the Gateway resource is invalid',
  },
  IST0162: {
    code: 'IST0162',
    name: 'GatewayPortNotDefinedOnService',
    level: 'Warning',
    template:
      'The gateway is listening on a target port (port %d) that is not defined in the Service associated with its workload instances (Pod selector %s). If you need to access the gateway port through the gateway Service, it will not be available.',
    description: 'Gateway port not exposed by service',
  },
  IST0163: {
    code: 'IST0163',
    name: 'InvalidExternalControlPlaneConfig',
    level: 'Warning',
    template:
      'The hostname (%s) that was provided for the webhook (%s) to reach the ingress gateway on the external control plane cluster %s. Traffic may not flow properly.',
    description:
      'Address for the ingress gateway on the external control plane is not valid',
  },
  IST0164: {
    code: 'IST0164',
    name: 'ExternalControlPlaneAddressIsNotAHostname',
    level: 'Info',
    template:
      'The address (%s) that was provided for the webhook (%s) to reach the ingress gateway on the external control plane cluster is an IP address. This is not recommended for a production environment.',
    description:
      'Address for the ingress gateway on the external control plane is an IP address and not a hostname',
  },
  IST0165: {
    code: 'IST0165',
    name: 'ReferencedInternalGateway',
    level: 'Warning',
    template:
      'Gateway reference in VirtualService %s is to an implementation-generated internal Gateway: %s.',
    description: 'VirtualServices should not reference internal Gateways.',
  },
  IST0166: {
    code: 'IST0166',
    name: 'IneffectiveSelector',
    level: 'Warning',
    template:
      'Ineffective selector on Kubernetes Gateway %s. Use the TargetRef field instead.',
    description: 'Selector has no effect when applied to Kubernetes Gateways.',
  },
  IST0167: {
    code: 'IST0167',
    name: 'IneffectivePolicy',
    level: 'Warning',
    template: 'The policy has no impact: %s.',
    description: 'The policy applied has no impact.',
  },
  IST0168: {
    code: 'IST0168',
    name: 'UnknownUpgradeCompatibility',
    level: 'Warning',
    template:
      'The configuration %q changed in release %s, but compatibility cannot be automatically detected: %s. Or, install with `--set compatibilityVersion=%s` to retain the old default.',
    description:
      'We cannot automatically detect whether a change is fully compatible or not',
  },
  IST0169: {
    code: 'IST0169',
    name: 'UpdateIncompatibility',
    level: 'Warning',
    template:
      'The configuration %q changed in release %s: %s. Or, install with `--set compatibilityVersion=%s` to retain the old default.',
    description:
      'The provided configuration object may be incompatible due to an upgrade',
  },
  IST0170: {
    code: 'IST0170',
    name: 'MultiClusterInconsistentService',
    level: 'Warning',
    template:
      'The service %v in namespace %q is inconsistent across clusters %q, which can lead to undefined behaviors. The inconsistent behaviors are: %v.',
    description:
      'The services live in different clusters under multi-cluster deployment model are inconsistent',
  },
  IST0171: {
    code: 'IST0171',
    name: 'NegativeConditionStatus',
    level: 'Warning',
    template:
      'A condition with a negative status is present: type=%s, reason=%s, message=%s.',
    description: 'A condition with a negative status is present',
  },
  IST0172: {
    code: 'IST0172',
    name: 'FutureUnsupportedGatewayAPIVersion',
    level: 'Warning',
    template:
      'The Gateway API CRD version %v is lower than the minimum version: %v',
    description:
      'The Gateway API CRD version will not be supported in the future',
  },
  IST0173: {
    code: 'IST0173',
    name: 'DestinationRuleSubsetNotSelectPods',
    level: 'Error',
    template:
      'The Subset %s defined in the DestinationRule does not select any pods. Which may lead to 503 UH (NoHealthyUpstream).',
    description: 'Subsets defined in destination does not select any pods.',
  },
  IST0174: {
    code: 'IST0174',
    name: 'UnknownDestinationRuleHost',
    level: 'Warning',
    template:
      'The host %s defined in the DestinationRule does not match any services in the mesh.',
    description:
      'Host defined in destination rule does not match any services in the mesh.',
  },
  IST0175: {
    code: 'IST0175',
    name: 'JwksUriFetchUnrestricted',
    level: 'Warning',
    template:
      'BLOCKED_CIDRS_IN_JWKS_URIS is not configured but %d RequestAuthentication resource(s) exist (%s). Consider configuring it to restrict JWKS URI fetches to trusted networks.',
    description:
      'RequestAuthentication resources exist but BLOCKED_CIDRS_IN_JWKS_URIS is not configured on istiod.',
  },
  IST0176: {
    code: 'IST0176',
    name: 'GatewayAPICRDVersionBelowMinimum',
    level: 'Warning',
    template:
      'Gateway API CRD %q is at version %q but Istio requires at least %q; resources of this kind will not be processed. Upgrade the Gateway API CRDs to satisfy the minimum version.',
    description:
      'A Gateway API CRD is installed at a version below the minimum required by this Istio version. Resources of this kind will not be processed.',
  },
  IST0177: {
    code: 'IST0177',
    name: 'ConflictingServiceEntryProtocol',
    level: 'Warning',
    template:
      'Multiple ServiceEntries (%s) define the same host %q and port %d with conflicting protocols (%s).',
    description:
      'Multiple ServiceEntries define the same host and port with conflicting protocols.',
  },
};
