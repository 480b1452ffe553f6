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
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
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
import istioMeshPlugin, {
  istioMeshApi,
  istioMeshCompliancePage,
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

describe('istio-mesh alpha plugin', () => {
  it('has the API, the Mesh tab and the compliance page', () => {
    expect(istioMeshPlugin.pluginId).toBe('istio-mesh');
    expect(istioMeshPlugin.getExtension('page:istio-mesh')).toBeDefined();
    expect(
      istioMeshPlugin.getExtension('entity-content:istio-mesh'),
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

  it('makes a tab titled Mesh at mesh, for Component entities only', () => {
    const tester = createExtensionTester(istioMeshEntityContent);

    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Mesh');
    expect(tester.get(coreExtensionData.routePath)).toBe('mesh');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(frontend)).toBe(true);
    expect(
      filter?.({ ...frontend, kind: 'API', spec: { type: 'openapi' } }),
    ).toBe(false);
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

    expect(await screen.findByText('mTLS STRICT')).toBeInTheDocument();
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

    const table = await screen.findByRole('table', {
      name: 'Compliance matrix',
    });
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
