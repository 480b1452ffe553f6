import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { IstioMeshClient } from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from './api';

/**
 * The istio-mesh backend client as a Utility API.
 *
 * @alpha
 */
export const istioMeshApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: istioMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new IstioMeshClient({ discoveryApi, fetchApi }),
    }),
});

/**
 * The "Mesh" tab of Component entity pages, at `<entity page>/mesh`.
 *
 * @alpha
 */
export const istioMeshEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'mesh',
    title: 'Mesh',
    filter: { kind: 'component' },
    loader: () =>
      import('./components/EntityMeshContent').then(m => (
        <m.EntityMeshContent />
      )),
  },
});

/**
 * The istio-mesh frontend plugin for the new frontend system: the API client
 * and the Mesh entity tab. Add it to the app's features.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'istio-mesh',
  extensions: [istioMeshApi, istioMeshEntityContent],
});
