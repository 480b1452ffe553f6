import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { convertLegacyRouteRef } from '@backstage/core-compat-api';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import {
  EntityMeshState,
  EntityName,
} from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from './api';
import { mockIstioMeshApi } from './__testUtils__/mockIstioMeshApi';
import { complianceFixture } from './__testUtils__/complianceFixtures';
import frontendMeshState from './__fixtures__/frontendMeshState.json';
import checkoutserviceMeshState from './__fixtures__/checkoutserviceMeshState.json';
import istioMeshPlugin, {
  istioMeshApi,
  istioMeshCompliancePage,
  istioMeshEntityCard,
  istioMeshEntityContent,
} from './alpha';
import { rootRouteRef } from './routes';

const frontend: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'frontend',
    annotations: { 'backstage.io/kubernetes-id': 'frontend' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'boutique-team' },
};

const checkoutservice: Entity = {
  ...frontend,
  metadata: {
    name: 'checkoutservice',
    annotations: { 'backstage.io/kubernetes-id': 'checkoutservice' },
  },
};

const redisCart: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'redis-cart',
    annotations: { 'backstage.io/kubernetes-label-selector': 'app=redis-cart' },
  },
  spec: { type: 'database', owner: 'boutique-team' },
};

// Extensions load their components lazily, and the app renders in steps:
// next to other heavy jobs the first render can take seconds, so these
// waits allow for it (they still end as soon as the element is there).
const LAZY = { timeout: 15_000 };
jest.setTimeout(30_000);

describe('istio-mesh alpha plugin', () => {
  it('has the API, the Mesh tab, the overview card and the compliance page', () => {
    expect(istioMeshPlugin.pluginId).toBe('istio-mesh');
    expect(istioMeshPlugin.getExtension('page:istio-mesh')).toBeDefined();
    expect(
      istioMeshPlugin.getExtension('entity-content:istio-mesh'),
    ).toBeDefined();
    expect(
      istioMeshPlugin.getExtension('entity-card:istio-mesh'),
    ).toBeDefined();
    expect(istioMeshPlugin.getExtension('api:istio-mesh')).toBeDefined();
    const factory = createExtensionTester(istioMeshApi).get(
      ApiBlueprint.dataRefs.factory,
    );
    expect(factory.api.id).toBe('plugin.istio-mesh.service');
    expect(Object.keys(factory.deps).sort()).toStrictEqual([
      'discoveryApi',
      'fetchApi',
    ]);
  });

  it('makes a tab titled Mesh at mesh, for every kind the backend evaluates', () => {
    const tester = createExtensionTester(istioMeshEntityContent);

    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Mesh');
    expect(tester.get(coreExtensionData.routePath)).toBe('mesh');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(frontend)).toBe(true);
    expect(filter?.(redisCart)).toBe(true);
    // Without annotations the tab shows how to add them.
    expect(filter?.({ ...frontend, metadata: { name: 'x' } })).toBe(true);
    expect(
      filter?.({ ...frontend, kind: 'API', spec: { type: 'openapi' } }),
    ).toBe(false);
  });

  it('makes an overview card for the same entities as the tab', () => {
    const tester = createExtensionTester(istioMeshEntityCard);

    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    expect(filter?.(frontend)).toBe(true);
    expect(filter?.(redisCart)).toBe(true);
    expect(filter?.({ ...frontend, kind: 'System' })).toBe(false);
  });

  it('renders the overview card on the entity page: level, criteria, what to fix first', async () => {
    const api = mockIstioMeshApi({
      getEntityMeshState: async () =>
        checkoutserviceMeshState as EntityMeshState,
    });
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: checkoutservice }),
        istioMeshEntityCard,
      ],
      apis: [[istioMeshApiRef, api]],
    });

    // The card's code loads lazily: on a busy machine that takes a while.
    expect(
      await screen.findByText('Istio mesh', undefined, LAZY),
    ).toBeInTheDocument();
    expect(await screen.findByLabelText('level: bronze')).toBeInTheDocument();
    expect(screen.getByLabelText('Traffic policy: fail')).toBeInTheDocument();
    const fixFirst = screen.getByLabelText('Fix first');
    expect(fixFirst).toHaveTextContent('Fix first for silver: Traffic policy');
    expect(within(fixFirst).getByRole('link', { name: 'Fix' })).toHaveAttribute(
      'href',
      expect.stringContaining(
        '/create/templates/default/istio-retries-timeouts',
      ),
    );
    expect(api.getEntityMeshState).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'checkoutservice',
    });
  });

  it('renders the mesh state of the entity on its page', async () => {
    const api = mockIstioMeshApi({
      getEntityMeshState: async (_entity: EntityName) =>
        frontendMeshState as EntityMeshState,
    });
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: frontend }),
        istioMeshEntityContent,
      ],
      apis: [[istioMeshApiRef, api]],
    });

    expect(
      await screen.findByText('mTLS STRICT', undefined, LAZY),
    ).toBeInTheDocument();
    expect(screen.getByText('Sidecars injected')).toBeInTheDocument();
    expect(api.getEntityMeshState).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'frontend',
    });
  });

  it('makes the compliance page at /istio-mesh, titled with an icon for the sidebar', () => {
    const tester = createExtensionTester(istioMeshCompliancePage);

    expect(tester.get(coreExtensionData.routePath)).toBe('/istio-mesh');
    expect(tester.get(coreExtensionData.title)).toBe('Compliance');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
    expect(tester.get(coreExtensionData.routeRef)).toBe(
      convertLegacyRouteRef(rootRouteRef),
    );
  });

  it('renders the compliance page with the view of its URL', async () => {
    const { page, summary } = complianceFixture();
    const api = mockIstioMeshApi({
      getCompliance: async () => page,
      getComplianceSummary: async () => summary,
    });
    renderTestApp({
      extensions: [istioMeshCompliancePage],
      apis: [
        [istioMeshApiRef, api],
        [catalogApiRef, catalogApiMock()],
      ],
      initialRouteEntries: [
        '/istio-mesh?system=online-boutique&mtls-strict=fail',
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    });

    const table = await screen.findByRole(
      'table',
      { name: 'Compliance matrix' },
      LAZY,
    );
    expect(
      within(table).getByRole('link', {
        name: 'paymentservice, mTLS STRICT: fail',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/paymentservice/mesh?criterion=mtls-strict',
    );
    expect(api.getCompliance).toHaveBeenCalledWith(
      expect.objectContaining({
        system: 'online-boutique',
        criterion: 'mtls-strict',
        status: 'fail',
      }),
    );
  });
});
