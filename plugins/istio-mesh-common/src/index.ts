/**
 * The Istio mesh model shared by the istio-mesh plugins and CLI: resource
 * parsing, resolution rules, success criteria and the API client. Pure and
 * isomorphic: no IO.
 *
 * The public surface is named here, in the order data flows through it.
 *
 * @packageDocumentation
 */

// Resources: Kubernetes and Istio objects as read from clusters, snapshots and
// Git, and the mesh configuration in them.
export { apiGroupOf, objectIdentity, objectKey } from './resources/objects';
export type {
  AuthorizationAction,
  AuthorizationCondition,
  AuthorizationOperation,
  AuthorizationPolicy,
  AuthorizationRule,
  AuthorizationSource,
  Container,
  ContainerPort,
  ContainerStatus,
  KubernetesObject,
  ObjectMeta,
  OwnerReference,
  PeerAuthentication,
  PeerAuthenticationMode,
  Pod,
  PodController,
  PodSpec,
  PolicyTargetReference,
  Service,
  ServicePort,
} from './resources/objects';
export {
  parseFieldPath,
  parseManifests,
  validateManifestObjects,
} from './resources/parseManifests';
export { describeManifestProblem } from './resources/describeManifestProblem';
export type {
  ManifestLocation,
  ManifestProblem,
  ParsedManifests,
  ParsedObject,
} from './resources/parseManifests';
export { buildMeshIndex, controllerKey } from './resources/meshIndex';
export type { MeshIndex, MeshOptions } from './resources/meshIndex';
export {
  isRecord,
  ownValue,
  recordList,
  stringList,
  stringMap,
} from './resources/specFields';
export {
  LAST_APPLIED_ANNOTATION,
  withoutSecretData,
} from './resources/secrets';
export { matchesWildcard, trimEnd } from './resources/wildcard';
export {
  formatLabelSet,
  matchesLabelSelector,
  matchesLabels,
  parseLabelSelector,
} from './labels/labelSelector';
export type { LabelRequirement } from './labels/labelSelector';
export {
  KUSTOMIZATION_FILE_NAMES,
  collectDesiredManifests,
  isKustomizationFileName,
  isManifestCandidate,
  isSkippedFolderName,
  kustomizationPlacement,
  parseDesiredManifests,
  repositoryPath,
} from './manifests';
export type {
  CollectDesiredManifestsOptions,
  CollectedDesiredManifests,
  DesiredManifest,
  DesiredManifestsOptions,
  KustomizationPlacement,
  KustomizationBuild,
  ParsedDesiredManifests,
  RepositoryFile,
} from './manifests';
export {
  INJECTOR_CONFIG_MAP,
  MESH_CONFIG_MAP,
  findMeshConfigInputs,
  resolveMeshConfiguration,
  workloadRevision,
} from './meshConfig';
export type {
  ExplicitMeshSetting,
  ExplicitMeshSettings,
  InjectorCaptureDefaults,
  MeshConfigDocument,
  MeshConfigInputs,
  MeshConfigSummary,
  MeshConfiguration,
  ResolvedMeshConfig,
} from './meshConfig';

// Resolution: which Istio resources apply to a workload and what they decide,
// as istiod and the proxies do.
export {
  isActivePod,
  podDataplane,
  sidecarProxyVersion,
  workloadDataplane,
} from './resolution/dataplane';
export {
  DATAPLANE_MODE_LABEL,
  DEFAULT_INJECTOR_CONFIG,
  INJECTION_IGNORED_NAMESPACES,
  INJECTION_NAMESPACE_LABEL,
  REVISION_LABEL,
  SIDECAR_INJECT,
  ambientEnrollment,
  enableNamespacesByDefaultOf,
  enrollmentNamespace,
  injectorConfigMapName,
  namespaceInAmbientMode,
  parseInjectorConfigMap,
  podInAmbientMode,
  podInMesh,
  podTemplateInMesh,
  predictDataplane,
  sidecarInjection,
} from './resolution/enrollment';
export type {
  AmbientEnrollment,
  AmbientEnrollmentReason,
  EnrollmentNamespace,
  EnrollmentOptions,
  EnrollmentPod,
  InjectorConfig,
  KubernetesLabelSelector,
  SidecarInjectionDecision,
  SidecarInjectionReason,
} from './resolution/enrollment';
export {
  AMBIENT_BYPASS_INBOUND_CAPTURE,
  EXCLUDE_INBOUND_PORTS,
  INCLUDE_INBOUND_PORTS,
  INTERCEPTION_MODE,
  ISTIO_INBOUND_PORTS,
  uncapturedInboundPorts,
  workloadUncapturedPorts,
} from './resolution/inboundCapture';
export type {
  CapturedPod,
  InboundCaptureDefaults,
} from './resolution/inboundCapture';
export { resolveWorkloads, servicesSelecting } from './resolution/workloads';
export type { Workload } from './resolution/workloads';
export {
  effectivePeerAuthentication,
  namespaceMtlsMode,
} from './resolution/peerAuthentication';
export type {
  IgnoredPeerAuthentication,
  PeerAuthenticationResolution,
  PeerAuthenticationTarget,
} from './resolution/peerAuthentication';
export {
  DEFAULT_CLUSTER_DOMAIN,
  SERVICE_EXPORT_TO_ANNOTATION,
  buildServiceHostIndex,
  findServiceHost,
  hostCoveredBy,
  hostMatches,
  isExportedTo,
  isWildcardHost,
  mostSpecificHost,
  resolveShortName,
  serviceExportTo,
} from './resolution/hosts';
export type {
  ServiceHost,
  ServiceHostIndex,
  ServiceHostPort,
} from './resolution/hosts';
export {
  destinationRuleIndexFor,
  destinationRuleSpec,
  destinationRulesForHost,
  isBoundToMesh,
  routeWeights,
  virtualServiceSpec,
  virtualServicesForHost,
} from './resolution/trafficBinding';
export type {
  DestinationRuleBinding,
  DestinationRuleSource,
  DestinationRuleSpec,
  DestinationRuleSubset,
  RouteDestination,
  RouteDestinationWeight,
  TrafficBindingOptions,
  VirtualServiceRule,
  VirtualServiceSpec,
  WeightedDestination,
} from './resolution/trafficBinding';
export {
  buildDestinationRuleIndex,
  destinationRuleKeys,
  selectDestinationRule,
} from './resolution/destinationRuleIndex';
export type {
  ConsolidatedDestinationRule,
  DestinationRuleIndex,
  DestinationRuleIndexOptions,
  DestinationRuleLookup,
  DestinationRuleLookupSource,
} from './resolution/destinationRuleIndex';
export { mergeDestinationRules } from './resolution/destinationRuleMerge';
export type { MergedDestinationRule } from './resolution/destinationRuleMerge';
export {
  conflictsWithServer,
  effectiveClientTls,
  effectiveTrafficPolicy,
} from './resolution/clientTls';
export type {
  ClientTls,
  ClientTlsMode,
  ClientTlsQuery,
  ClientTlsSource,
  EffectiveTrafficPolicy,
  EndpointSidecars,
  TrafficPolicyField,
  TrafficPolicyFieldValue,
} from './resolution/clientTls';
export { workloadClientTls } from './resolution/workloadClientTls';
export type {
  ClientTlsReportMode,
  WorkloadClientTls,
  WorkloadClientTlsInput,
} from './resolution/workloadClientTls';
export {
  DEFAULT_RETRY_POLICY,
  canEjectAnyHost,
  effectiveOutlierDetection,
  effectiveRetryPolicy,
} from './resolution/resilience';
export type {
  EffectiveOutlierDetection,
  EffectiveRetryPolicy,
} from './resolution/resilience';
export { workloadTraffic } from './resolution/workloadTraffic';
export type { ServiceTraffic } from './resolution/workloadTraffic';
export { applicablePolicies } from './resolution/policyTargeting';
export type {
  PolicyTarget,
  TargetedPolicy,
} from './resolution/policyTargeting';
export {
  applicableRequestAuthentications,
  authenticateRequest,
  jwtEnforcement,
  jwtIssuers,
} from './resolution/requestAuthentication';
export type {
  JwtEnforcement,
  RequestAuthentication,
  RequestAuthenticationOutcome,
  RequestToken,
} from './resolution/requestAuthentication';
export {
  USE_WAYPOINT_LABEL,
  USE_WAYPOINT_NAMESPACE_LABEL,
  WAYPOINT_GATEWAY_CLASS,
  waypointFor,
} from './resolution/waypoints';
export type { Waypoint, WaypointBinding } from './resolution/waypoints';
export {
  forUnknownHttpAttributes,
  usesHttpAttributes,
} from './resolution/unknownHttpAttributes';
export {
  applicableAuthorizationPolicies,
  decideAuthorization,
  isDryRun,
  isKnownConditionKey,
  isValidRule,
  policyMatches,
} from './resolution/authorization';
export type {
  AuthorizationDecision,
  AuthorizationOptions,
  AuthorizationRequest,
  EnforcementPoint,
} from './resolution/authorization';
export {
  convertForZtunnel,
  decideAtZtunnel,
  ztunnelPolicyMatches,
} from './resolution/ztunnelAuthorization';
export type {
  ZtunnelMatch,
  ZtunnelPolicy,
} from './resolution/ztunnelAuthorization';
export {
  authorizationEnforcement,
  decideWorkloadAuthorization,
  declaredProtocol,
  forUnknownHttpRequests,
} from './resolution/workloadAuthorization';
export type {
  AuthorizationEnforcement,
  AuthorizationMesh,
  WorkloadAuthorizationInput,
} from './resolution/workloadAuthorization';
export { authorizationImpact } from './resolution/authorizationImpact';
export type {
  AuthorizationImpact,
  AuthorizationImpactOptions,
  DeniedCaller,
} from './resolution/authorizationImpact';
export {
  ARGO_HEALTH_STATUSES,
  ARGO_SYNC_STATUSES,
  IN_CLUSTER_NAME,
  IN_CLUSTER_SERVER,
  KIND_API_GROUPS,
  MESH_API_GROUPS,
  applicationRef,
  clusterGitopsInputs,
  compareWithDesired,
  configurationDifferences,
  configurationOf,
  describeResourceRef,
  desiredObjectsFor,
  entityGitopsInput,
  indexTrackedResources,
  isArgoApplication,
  isMeshResource,
  parseArgoApplication,
  resolveApplicationDestination,
  resourceRefKey,
  resourceRefOf,
} from './gitops';
export type {
  ArgoApplication,
  ArgoApplicationSource,
  ArgoClusterState,
  ArgoCoverage,
  ArgoHealthStatus,
  ArgoManagedResource,
  ArgoSyncStatus,
  ArgoTracking,
  ClusterArgoInput,
  ClusterGitopsInputs,
  ClusterGitopsState,
  DesiredComparison,
  DesiredObject,
  GitopsCriteriaInput,
  ResourceRef,
  TrackedResource,
} from './gitops';
export {
  entityControlPlanes,
  istioVersionFromImage,
  summarizeControlPlane,
  telemetryForNamespace,
} from './controlPlane';
export type {
  ControlPlaneOptions,
  ControlPlaneProblem,
  ControlPlaneSummary,
  EntityControlPlane,
  IstiodRevision,
  NamespaceTelemetry,
  RevisionTag,
  SailCondition,
  SailIstio,
  TelemetryAccessLogging,
  TelemetryConfig,
  TelemetryMetrics,
  TelemetryScope,
  TelemetryTracing,
  TelemetryWorkloadMode,
} from './controlPlane';
export type {
  ObservedConnections,
  ObservedOutlierEjections,
  ObservedReporter,
  ObservedRequests,
  ObservedWorkload,
  RuntimeObservations,
} from './runtime/observations';
export { entityRuntime, observationsFor } from './runtime/entityRuntime';
export type {
  EntityRuntime,
  ObservedMtls,
  ObservedSplitEntry,
  RuntimeEdge,
  RuntimeWorkload,
} from './runtime/entityRuntime';
export type {
  TraceDependencies,
  TraceDependency,
} from './traces/traceDependencies';
export {
  JAEGER_SERVICE_ANNOTATION,
  entityTracedServices,
  istioTracingServiceName,
} from './traces/tracedServices';
export type { TracedWorkload } from './traces/tracedServices';
export {
  summarizeJaegerTraces,
  summarizeOtlpTraces,
} from './traces/jaegerTraces';
export type {
  JaegerSpan,
  JaegerTrace,
  OtlpAnyValue,
  OtlpTracesData,
} from './traces/jaegerTraces';

// Analyzer: istioctl analyze's messages and this project's ISM findings.
export {
  ALL_ANALYZERS,
  DEFAULT_MESH_CONFIG,
  ISTIO_MESH_MESSAGES,
  MESSAGE_CATALOG,
  SUPPRESS_ANNOTATION,
  analyzeInContext,
  formatMessage,
  isNamespacedKind,
  isSuppressed,
  manifestProblemMessage,
  messageDocumentationUrl,
  messageType,
  parseMeshConfig,
  parseSuppression,
  readMeshConfig,
  runAnalyzers,
  selectAnalyzers,
  withDefaultNamespace,
} from './analyzer';
export type {
  AnalyzedObject,
  Analyzer,
  AnalyzerContext,
  AnalyzerMessage,
  ContextAnalysisInput,
  ContextAnalysisOptions,
  MeshConfig,
  MessageLevel,
  MessageType,
  RunAnalyzersOptions,
  Suppression,
} from './analyzer';

// Criteria: the nine success criteria, a registry of definitions judged per
// workload and per entity, and the level they reach.
export {
  CRITERIA,
  CRITERION_IDS,
  criterionDefinition,
  criterionTitle,
  ENTITY_CRITERIA,
  WORKLOAD_CRITERIA,
} from './criteria/registry';
export { unknownCriterion } from './criteria/criterionDefinition';
export type {
  CriterionDefinition,
  CriterionDefinitionBase,
  EntityCriterionDefinition,
  EntityCriterionInput,
  ObservedEntity,
  WorkloadCriterionDefinition,
  WorkloadCriterionInput,
} from './criteria/criterionDefinition';
export type {
  Criterion,
  CriterionId,
  CriterionStatus,
  Evidence,
} from './types/criteria';
export type { WorkloadContext } from './criteria/workloadContext';
export {
  evaluateSidecarInjected,
  sidecarInjectedCriterion,
} from './criteria/sidecarInjected';
export {
  clientTlsConflicts,
  enforcesInboundMtls,
  evaluateMtlsStrict,
  mtlsStrictCriterion,
} from './criteria/mtlsStrict';
export {
  evaluateTrafficPolicy,
  trafficPolicyCriterion,
} from './criteria/trafficPolicy';
export type { TrafficPolicyInput } from './criteria/trafficPolicy';
export {
  authzEnforcedCriterion,
  evaluateAuthzEnforced,
} from './criteria/authzEnforced';
export type { AuthzEnforcedInput } from './criteria/authzEnforced';
export {
  evaluateGitopsManaged,
  gitopsManagedCriterion,
} from './criteria/gitopsManaged';
export {
  evaluateEverythingInGit,
  everythingInGitCriterion,
} from './criteria/everythingInGit';
export {
  edgeEvidence,
  evaluateServiceGraph,
  formatRate,
  serviceGraphCriterion,
} from './criteria/serviceGraph';
export {
  evaluateMetricsObserved,
  metricsCriterion,
} from './criteria/metricsObserved';
export {
  ISTIO_DASHBOARDS,
  withIstioDashboards,
} from './criteria/istioDashboards';
export type { GrafanaDashboards } from './criteria/istioDashboards';
export {
  entityTracing,
  evaluateTracing,
  tracingCriterion,
} from './criteria/tracing';
export type { EntityTracingInput } from './criteria/tracing';
export {
  withObservedMtls,
  withObservedSplit,
} from './criteria/observedRuntime';
export { aggregateCriterion } from './criteria/aggregateCriteria';
export { LEVEL_CRITERIA, meshLevel } from './criteria/meshLevel';
export type { MeshLevel, MeshLevelName } from './criteria/meshLevel';
export { FIX_TEMPLATES } from './criteria/fixTemplates';

// Report: the mesh state of an entity as the backend serves it and the CLI
// prints it.
export type { SourceState, SourceStatus, SourceType } from './types/sources';
export type {
  DestinationPolicy,
  EntityCallers,
  EntityCalls,
  EntityFinding,
  EntityRoute,
  EntityRouteDestination,
  MeshCallee,
  MeshCaller,
} from './types/entityTraffic';
export type { EntityLink } from './types/links';
export type {
  Dataplane,
  EntityMapping,
  EntityMappingStatus,
  EntityMeshState,
  MtlsMode,
  PodSummary,
  WorkloadAuthorization,
  WorkloadMtls,
  WorkloadReport,
} from './types/mesh';
export {
  KUBERNETES_ANNOTATIONS,
  MESH_ENTITY_KINDS,
  MappingRefusedError,
  describeMapping,
  entityWorkloadSelector,
  isMeshEntityKind,
  workloadMatchesSelector,
} from './report/entityMapping';
export type {
  EntityMappingOptions,
  EntityWorkloadSelector,
} from './report/entityMapping';
export { evaluateMesh, evaluateWorkloads } from './report/workloadReports';
export type {
  EvaluateOptions,
  EvaluatedWorkload,
  MeshEvaluation,
} from './report/workloadReports';
export { authorizeWorkloadRequest } from './report/authorizeRequest';
export type { RequestAuthorization } from './report/authorizeRequest';
export { entityCallers, entityCalls } from './report/entityCallers';
export { entityRoutes } from './report/entityRoutes';
export { entityFindings } from './report/entityFindings';
export { ISTIO_WORKLOAD_DASHBOARD, entityLinks } from './report/entityLinks';
export type { MeshLinkBases } from './report/entityLinks';
export { entityWorkloadTarget } from './report/entityWorkloadTarget';
export type {
  EntityWorkloadOverrides,
  EntityWorkloadSource,
  EntityWorkloadTarget,
} from './report/entityWorkloadTarget';
export { buildEntityMeshState } from './report/entityMeshState';
export type {
  ClusterEvaluation,
  EntityMeshInput,
} from './report/entityMeshState';

// API: the backend's HTTP contract, its typed client and permissions.
export type { EntityTraces, TraceSummary } from './types/traces';
export { ISTIO_MESH_PLUGIN_ID, IstioMeshClient } from './api/IstioMeshClient';
export type {
  EntityName,
  EntityTracesQuery,
  IstioMeshApi,
  RequestOptions,
} from './api/IstioMeshClient';
export { COMPLIANCE_ORDER_KEYS } from './api/complianceTypes';
export type {
  ComplianceCounts,
  ComplianceCsvQuery,
  ComplianceOrderBy,
  CompliancePage,
  ComplianceQuery,
  ComplianceRow,
  ComplianceSummary,
  ComplianceSummaryQuery,
  StatusCounts,
} from './api/complianceTypes';
export type {
  AnalyzeRequest,
  AnalyzeResponse,
  ManifestFile,
  UncheckedReference,
} from './api/analyzeTypes';
export { complianceCounts, criterionStatusRank, levelRank } from './compliance';
export type { CountedCompliance } from './compliance';
export {
  istioMeshAnalyzePermission,
  istioMeshPermissions,
  istioMeshRefreshPermission,
} from './permissions';

// Builders: the manifests the scaffolder templates write. Checking them
// against the vendored CRD schemas (ajv) is in the `/validation` entry point,
// which keeps the schemas out of the frontend's bundle.
export {
  CANARY_SPLIT,
  DEFAULT_CONNECTION_POOL,
  DEFAULT_OUTLIER_DETECTION,
  DEFAULT_RETRIES,
  DEFAULT_TIMEOUT,
  MANAGED_BY_LABEL,
  MANAGED_BY_VALUE,
  TEMPLATE_LABEL,
  assertDns1123Label,
  assertDns1123Subdomain,
  assertDuration,
  assertHostname,
  assertLabelValue,
  assertLabels,
  assertObjectName,
  buildAuthorizationPolicies,
  buildDestinationRule,
  buildHttpRoute,
  buildPeerAuthentication,
  buildRequestAuthentication,
  buildVirtualService,
  dns1123LabelProblem,
  dns1123SubdomainProblem,
  durationMilliseconds,
  hostnameProblem,
  invalidInput,
  labelKeyProblem,
  labelValueProblem,
  objectMetadata,
  orderManifestKeys,
  provenanceLabels,
  templateNameFromEntityRef,
  toManifestYaml,
} from './builders';
export type {
  AuthorizationPolicyInput,
  ClientTlsInput,
  ConnectionPoolInput,
  ConsistentHashInput,
  DestinationRuleInput,
  DestinationRuleManifest,
  FaultInput,
  HeaderMatchInput,
  HttpRouteInput,
  HttpRouteManifest,
  LoadBalancerAlgorithm,
  ManifestMetadataInput,
  ManifestSubject,
  OutlierDetectionInput,
  PeerAuthenticationInput,
  PeerAuthenticationScope,
  RequestAuthenticationInput,
  RequestAuthenticationManifest,
  RetriesInput,
  TrafficSplitInput,
  VirtualServiceInput,
  VirtualServiceManifest,
} from './builders';
