import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { MeshSource } from './MeshSource';

/**
 * Adds sources to the istio-mesh backend. Sources added here are read on
 * every refresh beside the configured ones, each within the source
 * deadline and with its own status.
 *
 * @public
 */
export interface IstioMeshSourcesExtensionPoint {
  addSource(...sources: MeshSource[]): void;
}

/**
 * The extension point of {@link IstioMeshSourcesExtensionPoint}, for backend
 * modules of the `istio-mesh` plugin.
 *
 * @public
 */
export const istioMeshSourcesExtensionPoint =
  createExtensionPoint<IstioMeshSourcesExtensionPoint>({
    id: 'istio-mesh.sources',
  });
