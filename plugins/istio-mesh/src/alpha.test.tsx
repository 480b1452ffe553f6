import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createTestEntityPage } from '@backstage/plugin-catalog-react/testUtils';
import {
  EntityMeshState,
  EntityName,
} from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from './api';
import { mockIstioMeshApi } from './__testUtils__/mockIstioMeshApi';
import frontendMeshState from './__fixtures__/frontendMeshState.json';
import istioMeshPlugin, { istioMeshApi, istioMeshEntityContent } from './alpha';

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
  it('has the API and the Mesh tab', () => {
    expect(istioMeshPlugin.pluginId).toBe('istio-mesh');
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
});
