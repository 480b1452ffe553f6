import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityMeshState,
  EntityName,
  IstioMeshClient,
} from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from './api';
import { mockIstioMeshApi } from './__testUtils__/mockIstioMeshApi';
import frontendMeshState from './__fixtures__/frontendMeshState.json';
import { EntityIstioMeshContent, istioMeshPlugin } from './plugin';

const frontend: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'frontend', namespace: 'default' },
};

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

    expect(await screen.findByText('mTLS STRICT')).toBeInTheDocument();
  });
});
