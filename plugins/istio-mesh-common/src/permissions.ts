import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Allows starting a refresh of every entity's mesh state
 * (`POST /api/istio-mesh/v1/refresh`).
 *
 * @public
 */
export const istioMeshRefreshPermission = createPermission({
  name: 'istio-mesh.refresh',
  attributes: { action: 'update' },
});

/**
 * Every permission of the istio-mesh plugin.
 *
 * @public
 */
export const istioMeshPermissions = [istioMeshRefreshPermission];
