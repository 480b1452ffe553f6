import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Allows starting a refresh of every entity's mesh state
 * (`POST /api/istio-mesh/v1/refresh`). Callers allowed it also see the full
 * messages of the sources (file paths, repository and API server URLs);
 * others see each source's id, status and a plain reason.
 *
 * @public
 */
export const istioMeshRefreshPermission = createPermission({
  name: 'istio-mesh.refresh',
  attributes: { action: 'update' },
});

/**
 * Allows analyzing manifests against the live mesh
 * (`POST /api/istio-mesh/v1/analyze`), within the namespaces of the
 * entities the caller may read in the catalog.
 *
 * @public
 */
export const istioMeshAnalyzePermission = createPermission({
  name: 'istio-mesh.analyze',
  attributes: { action: 'read' },
});

/**
 * Every permission of the istio-mesh plugin.
 *
 * @public
 */
export const istioMeshPermissions = [
  istioMeshRefreshPermission,
  istioMeshAnalyzePermission,
];
