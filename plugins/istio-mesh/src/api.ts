import { createApiRef } from '@backstage/core-plugin-api';
import { IstioMeshApi } from '@istio-mesh/plugin-istio-mesh-common';

/**
 * Reference to the istio-mesh backend client (`IstioMeshApi` from the common package).
 * Override it in an app or a test to replace the client.
 *
 * @public
 */
export const istioMeshApiRef = createApiRef<IstioMeshApi>({
  id: 'plugin.istio-mesh.service',
});
