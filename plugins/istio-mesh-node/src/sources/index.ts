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
} from './MeshSource';
export {
  istioMeshSourcesExtensionPoint,
  type IstioMeshSourcesExtensionPoint,
} from './extensions';
