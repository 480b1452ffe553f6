import VerifiedUserIcon from '@material-ui/icons/VerifiedUser';
import { Content } from '@backstage/core-components';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { IstioMeshClient } from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from './api';
import { rootRouteRef } from './routes';
import { COMPLIANCE_PAGE_TITLE } from './components/CompliancePage/title';
import { isIstioMeshAvailable } from './isIstioMeshAvailable';

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
 * The "Mesh" tab of the entity pages the backend evaluates (Components and
 * Resources, see `isIstioMeshAvailable`), at `<entity page>/mesh`.
 *
 * @alpha
 */
export const istioMeshEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'mesh',
    title: 'Mesh',
    filter: isIstioMeshAvailable,
    loader: () =>
      import('./components/EntityMeshContent').then(m => (
        <m.EntityMeshContent />
      )),
  },
});

/**
 * The overview card of the same entities as the tab: level, criteria as
 * chips, what to fix first, and the data's age, in the info column.
 *
 * @alpha
 */
export const istioMeshEntityCard = EntityCardBlueprint.make({
  params: {
    // Beside the About card, where it is seen without scrolling.
    type: 'info',
    filter: isIstioMeshAvailable,
    loader: () =>
      import('./components/EntityMeshCard/EntityMeshCard').then(m => (
        <m.EntityMeshCard />
      )),
  },
});

/**
 * The catalog-wide compliance page at `/istio-mesh`. Its title and icon
 * are what the app's sidebar shows for it (this version of the frontend
 * plugin API has no separate nav item blueprint); the app's page header
 * shows the title, so the content comes without a header of its own.
 *
 * @alpha
 */
export const istioMeshCompliancePage = PageBlueprint.make({
  params: {
    path: '/istio-mesh',
    routeRef: convertLegacyRouteRef(rootRouteRef),
    title: COMPLIANCE_PAGE_TITLE,
    icon: <VerifiedUserIcon fontSize="inherit" />,
    loader: () =>
      import('./components/CompliancePage').then(m => (
        <Content>
          <m.CompliancePageContent />
        </Content>
      )),
  },
});

/**
 * The istio-mesh frontend plugin for the new frontend system: the API
 * client, the Mesh entity tab, the overview card and the compliance page. Add it to the app's
 * features.
 *
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'istio-mesh',
  routes: { root: convertLegacyRouteRef(rootRouteRef) },
  extensions: [
    istioMeshApi,
    istioMeshEntityContent,
    istioMeshEntityCard,
    istioMeshCompliancePage,
  ],
});
