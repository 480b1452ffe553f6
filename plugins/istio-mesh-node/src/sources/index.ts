export type {
  ClusterMeshSource,
  ClusterSourceData,
  DashboardsMeshSource,
  DashboardsSourceData,
  DesiredStateMeshSource,
  DesiredStateSourceData,
  MeshSource,
  MeshSourceBase,
  MeshSourceRead,
  MeshSourceReadOptions,
  MeshSourceState,
  RuntimeMeshSource,
  RuntimeSourceData,
  TracesMeshSource,
  TracesSourceData,
} from './MeshSource';
export {
  istioMeshSourcesExtensionPoint,
  type IstioMeshSourcesExtensionPoint,
} from './extensions';
