import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityMeshState,
  IstioMeshApi,
} from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from '../../api';
import { mockIstioMeshApi } from '../../__testUtils__/mockIstioMeshApi';
import { clientAnsweringError } from '../../__testUtils__/clientAnswering';
import checkoutserviceMeshState from '../../__fixtures__/checkoutserviceMeshState.json';
import { EntityMeshCard } from './EntityMeshCard';

const state = checkoutserviceMeshState as EntityMeshState;

const checkoutservice: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'checkoutservice',
    namespace: 'default',
    annotations: { 'backstage.io/kubernetes-id': 'checkoutservice' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'boutique-team' },
};

async function renderCard(api: IstioMeshApi, entity: Entity = checkoutservice) {
  return renderInTestApp(
    <TestApiProvider apis={[[istioMeshApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityMeshCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('EntityMeshCard', () => {
  afterEach(() => jest.useRealTimers());

  it('shows the level, each criterion as a chip, what to fix first and the age of the data', async () => {
    jest.useFakeTimers({
      now: Date.parse('2026-11-28T03:45:00.000Z'),
      doNotFake: [
        'setTimeout',
        'setInterval',
        'clearTimeout',
        'clearInterval',
        'queueMicrotask',
        'nextTick',
        'setImmediate',
      ],
    });
    await renderCard(
      mockIstioMeshApi({ getEntityMeshState: async () => state }),
    );

    expect(await screen.findByLabelText('level: bronze')).toBeInTheDocument();
    expect(screen.getByText('Data from 5m ago')).toBeInTheDocument();
    const chips = within(screen.getByLabelText('Criteria'));
    for (const [title, status] of [
      ['Sidecars injected', 'pass'],
      ['mTLS STRICT', 'pass'],
      ['Traffic policy', 'fail'],
      ['Authorization enforced', 'pass'],
      ['Tracing', 'unknown'],
    ]) {
      expect(chips.getByLabelText(`${title}: ${status}`)).toBeInTheDocument();
    }
    const fixFirst = screen.getByLabelText('Fix first');
    expect(fixFirst).toHaveTextContent('Fix first for silver: Traffic policy');
    const fix = within(fixFirst).getByRole('link', { name: 'Fix' });
    const url = new URL(fix.getAttribute('href')!, 'http://localhost');
    expect(url.pathname).toBe(
      '/create/templates/default/istio-retries-timeouts',
    );
    expect(JSON.parse(url.searchParams.get('formData')!)).toMatchObject({
      entityRef: 'component:default/checkoutservice',
      namespace: 'boutique-dev',
    });
    expect(
      screen.getByRole('link', { name: /Open the Mesh tab/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/checkoutservice/mesh',
    );
  });

  it('links into Kiali and Grafana when they are configured, once per tool', async () => {
    await renderCard(
      mockIstioMeshApi({
        getEntityMeshState: async () => ({
          ...state,
          links: [
            {
              kind: 'kiali' as const,
              title: 'Kiali graph',
              url: 'https://kiali.example.com/kiali/console/namespaces/boutique-dev/workloads/checkoutservice',
            },
            {
              kind: 'kiali' as const,
              title: 'Kiali: workload boutique-dev/checkoutservice-v2',
              url: 'https://kiali.example.com/kiali/console/namespaces/boutique-dev/workloads/checkoutservice-v2',
            },
            {
              kind: 'grafana' as const,
              title: 'Grafana dashboard',
              url: 'https://grafana.example.com/d/UbsSZTDik/istio-workload-dashboard?var-workload=checkoutservice',
            },
          ],
        }),
      }),
    );

    const row = await screen.findByLabelText('Open in');
    expect(row).toHaveTextContent(/^Open in Kiali.* · Grafana/);
    expect(
      within(row)
        .getAllByRole('link')
        .map(a => [a.getAttribute('title'), a.getAttribute('href')]),
    ).toStrictEqual([
      [
        'Kiali graph',
        'https://kiali.example.com/kiali/console/namespaces/boutique-dev/workloads/checkoutservice',
      ],
      [
        'Grafana dashboard',
        'https://grafana.example.com/d/UbsSZTDik/istio-workload-dashboard?var-workload=checkoutservice',
      ],
    ]);
  });

  it('shows no tool links when none is configured', async () => {
    await renderCard(
      mockIstioMeshApi({ getEntityMeshState: async () => state }),
    );

    await screen.findByLabelText(/^level: /);
    expect(screen.queryByLabelText('Open in')).not.toBeInTheDocument();
  });

  it('says so when every criterion passes', async () => {
    await renderCard(
      mockIstioMeshApi({
        getEntityMeshState: async () => ({
          ...state,
          criteria: state.criteria.map(c => ({
            ...c,
            status: 'pass' as const,
          })),
          level: { level: 'gold' },
        }),
      }),
    );

    expect(await screen.findByLabelText('level: gold')).toBeInTheDocument();
    expect(
      screen.getByText('Every criterion of the plan passes.'),
    ).toBeInTheDocument();
  });

  it('tells an unmapped entity how to annotate it, and still points at the first criterion', async () => {
    const message =
      'The entity has none of the Kubernetes annotations (backstage.io/kubernetes-id, backstage.io/kubernetes-label-selector).';
    await renderCard(
      mockIstioMeshApi({
        getEntityMeshState: async () => ({
          ...state,
          mapping: { status: 'annotation-missing', message },
          workloads: [],
          criteria: state.criteria.map(c => ({
            ...c,
            status: 'unknown' as const,
            summary: message,
          })),
          level: {
            level: 'none',
            next: { level: 'bronze', missing: ['sidecar-injected'] },
          },
        }),
      }),
    );

    expect(
      await screen.findByText(
        `${message} Add backstage.io/kubernetes-id or backstage.io/kubernetes-label-selector to the entity's annotations; the Mesh tab shows an example.`,
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('Fix first')).toHaveTextContent(
      'Fix first for bronze: Sidecars injected',
    );
  });

  it('says the entity was not found or is not visible on a 404', async () => {
    await renderCard(
      clientAnsweringError(404, {
        name: 'NotFoundError',
        message: 'entity not found',
      }),
    );

    expect(await screen.findByText('Entity not found')).toBeInTheDocument();
    expect(
      screen.getByText(
        'The mesh state of component:default/checkoutservice was not found: the entity does not exist or is not visible to you.',
      ),
    ).toBeInTheDocument();
  });
});
