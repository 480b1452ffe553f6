import {
  createApiFactory,
  createPlugin,
  createComponentExtension,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { IstioMeshClient } from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from './api';
import { rootRouteRef } from './routes';

// The extensions are typed here rather than inferred from the lazily loaded
// components, which are internal: the published types name no internal
// declaration.

/**
 * The istio-mesh frontend plugin for the legacy frontend system. For the new
 * frontend system, use the default export of `@istio-mesh/plugin-istio-mesh/alpha`.
 *
 * @public
 */
export const istioMeshPlugin = createPlugin({
  id: 'istio-mesh',
  routes: { root: rootRouteRef },
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
export const EntityIstioMeshContent: () => JSX.Element | null =
  istioMeshPlugin.provide(
    createComponentExtension({
      name: 'EntityIstioMeshContent',
      component: {
        lazy: () =>
          import('./components/EntityMeshContent').then(
            m => m.EntityMeshContent,
          ),
      },
    }),
  );

/**
 * The overview card for an entity page: level, criteria as chips, the
 * first criterion the next level misses with its Fix link, and the data's
 * age. Show it where the tab shows, e.g.
 * `<EntitySwitch.Case if={isIstioMeshAvailable}><Grid item md={6}><EntityIstioMeshCard /></Grid></EntitySwitch.Case>`.
 *
 * @public
 */
export const EntityIstioMeshCard: () => JSX.Element | null =
  istioMeshPlugin.provide(
    createComponentExtension({
      name: 'EntityIstioMeshCard',
      component: {
        lazy: () =>
          import('./components/EntityMeshCard/EntityMeshCard').then(
            m => m.EntityMeshCard,
          ),
      },
    }),
  );

/**
 * The catalog-wide compliance page: entities by criteria, filters, summary
 * per criterion, level trend and CSV export. Mount it with
 * `<Route path="/istio-mesh" element={<IstioMeshPage />} />` and add a
 * sidebar item linking to it.
 *
 * @public
 */
export const IstioMeshPage: () => JSX.Element | null = istioMeshPlugin.provide(
  createRoutableExtension({
    name: 'IstioMeshPage',
    component: () =>
      import('./components/CompliancePage').then(m => m.CompliancePage),
    mountPoint: rootRouteRef,
  }),
);
