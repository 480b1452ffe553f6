import {
  createApiFactory,
  createPlugin,
  createComponentExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { IstioMeshClient } from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from './api';

/**
 * The istio-mesh frontend plugin for the legacy frontend system. For the new
 * frontend system, use the default export of `@istio-mesh/plugin-istio-mesh/alpha`.
 *
 * @public
 */
export const istioMeshPlugin = createPlugin({
  id: 'istio-mesh',
  apis: [
    createApiFactory({
      api: istioMeshApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new IstioMeshClient({ discoveryApi, fetchApi }),
    }),
  ],
});

/**
 * The Mesh tab content for an entity page, e.g. as the child of
 * `<EntityLayout.Route path="/mesh" title="Mesh" if={isIstioMeshAvailable}>`.
 * A component extension rather than a routable one: the tab has no sub-routes
 * and nothing links to it, so it needs no route ref and can sit anywhere.
 *
 * @public
 */
export const EntityIstioMeshContent = istioMeshPlugin.provide(
  createComponentExtension({
    name: 'EntityIstioMeshContent',
    component: {
      lazy: () =>
        import('./components/EntityMeshContent').then(m => m.EntityMeshContent),
    },
  }),
);
