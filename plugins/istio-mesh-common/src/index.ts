/**
 * The Istio mesh model shared by the istio-mesh plugins and CLI: resource
 * parsing, resolution rules, success criteria and the API client. Pure and
 * isomorphic: no IO.
 *
 * @packageDocumentation
 */

export * from './types/criteria';
export * from './types/sources';
export * from './types/mesh';
export * from './types/links';
export * from './types/traces';
export * from './types/entityTraffic';
export * from './runtime/observations';
export * from './runtime/entityRuntime';
export * from './resources/objects';
export * from './resources/parseManifests';
export * from './resources/meshIndex';
export * from './labels/labelSelector';
export * from './resolution/dataplane';
export * from './resolution/peerAuthentication';
export * from './resolution/workloads';
export * from './criteria/fixTemplates';
export * from './criteria/workloadContext';
export * from './criteria/sidecarInjected';
export * from './criteria/mtlsStrict';
export * from './criteria/trafficPolicy';
export * from './criteria/authzEnforced';
export * from './criteria/aggregateCriteria';
export * from './criteria/meshLevel';
export * from './criteria/runtimeCriteria';
export * from './criteria/serviceGraph';
export * from './criteria/metricsObserved';
export * from './criteria/observedRuntime';
export * from './report/workloadReports';
export * from './report/entityMapping';
export * from './report/entityMeshState';
export * from './report/entityCallers';
export * from './report/entityRoutes';
export * from './report/entityFindings';
export * from './report/entityWorkloadTarget';
export * from './api/IstioMeshClient';
export * from './analyzer';
export * from './resolution/authorization';
export * from './resolution/clientTls';
export * from './resolution/enrollment';
export * from './resources/specFields';
export * from './resolution/hosts';
export * from './resolution/trafficBinding';
export * from './resolution/destinationRuleMerge';
export * from './resolution/policyTargeting';
export * from './resolution/requestAuthentication';
export * from './resolution/resilience';
export * from './resources/secrets';
export * from './permissions';
export * from './api/complianceTypes';
export * from './api/analyzeTypes';
export * from './compliance';
export * from './controlPlane';
export * from './gitops';
export * from './criteria/gitopsManaged';
export * from './criteria/everythingInGit';
export * from './resolution/authorizationImpact';
export * from './builders';
export * from './manifests';
export * from './resolution/workloadTraffic';
export * from './meshConfig';
export * from './resolution/inboundCapture';
export * from './resolution/destinationRuleIndex';
export * from './resolution/workloadClientTls';
export * from './resolution/ztunnelAuthorization';
export * from './resolution/waypoints';
export * from './resolution/workloadAuthorization';
export * from './resolution/unknownHttpAttributes';
export * from './report/authorizeRequest';
export * from './resources/wildcard';
