export type {
  ClusterMeshSource,
  ClusterSourceData,
  DesiredStateMeshSource,
  DesiredStateSourceData,
  MeshSource,
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
