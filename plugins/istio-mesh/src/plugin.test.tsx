import { Route, Routes } from 'react-router-dom';
import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { getComponentData } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityMeshState,
  EntityName,
  IstioMeshClient,
} from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from './api';
import { mockIstioMeshApi } from './__testUtils__/mockIstioMeshApi';
import { complianceFixture } from './__testUtils__/complianceFixtures';
import frontendMeshState from './__fixtures__/frontendMeshState.json';
import {
  EntityIstioMeshCard,
  EntityIstioMeshContent,
  IstioMeshPage,
  istioMeshPlugin,
} from './plugin';
import { rootRouteRef } from './routes';

const frontend: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'frontend', namespace: 'default' },
};

// The extensions load their components lazily: next to other heavy jobs
// that can take seconds, so these waits allow for it (they still end as
// soon as the element is there).
const LAZY = { timeout: 15_000 };
jest.setTimeout(30_000);

describe('istioMeshPlugin (legacy frontend system)', () => {
  it('provides the client through discovery and fetch', async () => {
    const [factory] = [...istioMeshPlugin.getApis()];
    expect(factory.api.id).toBe('plugin.istio-mesh.service');

    const fetch = jest.fn(
      async (_input: RequestInfo | URL) =>
        new Response(JSON.stringify(frontendMeshState), {
          headers: { 'Content-Type': 'application/json' },
        }),
    );
    const client = factory.factory({
      discoveryApi: {
        getBaseUrl: async (pluginId: string) =>
          `http://localhost:7007/api/${pluginId}`,
      },
      fetchApi: { fetch },
    }) as IstioMeshClient;
    await client.getEntityMeshState({
      kind: 'Component',
      namespace: 'default',
      name: 'frontend',
    });
    expect(fetch).toHaveBeenCalledWith(
      'http://localhost:7007/api/istio-mesh/v1/entities/Component/default/frontend',
      expect.anything(),
    );
  });

  it('renders EntityIstioMeshContent for the current entity', async () => {
    const api = mockIstioMeshApi({
      getEntityMeshState: async (_entity: EntityName) =>
        frontendMeshState as EntityMeshState,
    });
    await renderInTestApp(
      <TestApiProvider apis={[[istioMeshApiRef, api]]}>
        <EntityProvider entity={frontend}>
          <EntityIstioMeshContent />
        </EntityProvider>
      </TestApiProvider>,
    );

    expect(
      await screen.findByText('mTLS STRICT', undefined, LAZY),
    ).toBeInTheDocument();
  });

  it('renders EntityIstioMeshCard for the current entity, linking to its Mesh tab', async () => {
    const api = mockIstioMeshApi({
      getEntityMeshState: async (_entity: EntityName) =>
        frontendMeshState as EntityMeshState,
    });
    await renderInTestApp(
      <TestApiProvider apis={[[istioMeshApiRef, api]]}>
        <EntityProvider entity={frontend}>
          <EntityIstioMeshCard />
        </EntityProvider>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

    expect(
      await screen.findByLabelText('level: none', undefined, LAZY),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('mTLS STRICT: fail')).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /Open the Mesh tab/ }),
    ).toHaveAttribute('href', '/catalog/default/component/frontend/mesh');
  });

  it('provides IstioMeshPage, routable at the plugin root route', () => {
    expect(istioMeshPlugin.routes.root).toBe(rootRouteRef);
    expect(getComponentData(<IstioMeshPage />, 'core.mountPoint')).toBe(
      rootRouteRef,
    );
  });

  it('renders IstioMeshPage with its header and the filtered matrix', async () => {
    const { page, summary } = complianceFixture();
    const api = mockIstioMeshApi({
      getCompliance: async () => page,
      getComplianceSummary: async () => summary,
    });
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [istioMeshApiRef, api],
          [catalogApiRef, catalogApiMock()],
        ]}
      >
        <Routes>
          <Route path="/istio-mesh" element={<IstioMeshPage />} />
        </Routes>
      </TestApiProvider>,
      {
        routeEntries: ['/istio-mesh?mtls-strict=fail'],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    const table = await screen.findByRole('table', {
      name: 'Compliance matrix',
    });
    expect(
      screen.getByRole('heading', { name: 'Compliance' }),
    ).toBeInTheDocument();
    expect(
      within(table).getByRole('link', {
        name: 'paymentservice, mTLS STRICT: fail',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/paymentservice/mesh?criterion=mtls-strict',
    );
    expect(api.getCompliance).toHaveBeenCalledWith(
      expect.objectContaining({ criterion: 'mtls-strict', status: 'fail' }),
    );
  });
});
