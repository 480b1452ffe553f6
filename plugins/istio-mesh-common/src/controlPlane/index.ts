export * from './types';
export { summarizeControlPlane } from './controlPlaneSummary';
export type { ControlPlaneOptions } from './controlPlaneSummary';
export { telemetryForNamespace } from './telemetry';
export type { NamespaceTelemetry } from './telemetry';
export { istioVersionFromImage } from './istioVersionFromImage';
export { entityControlPlanes } from './entityControlPlanes';
export type { EntityControlPlane } from './entityControlPlanes';
