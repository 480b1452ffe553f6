import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityLink,
  EntityMeshState,
  EntityTraces,
  IstioMeshApi,
} from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from '../../api';
import { mockIstioMeshApi } from '../../__testUtils__/mockIstioMeshApi';
import { clientAnsweringError } from '../../__testUtils__/clientAnswering';
import frontendMeshState from '../../__fixtures__/frontendMeshState.json';
import checkoutserviceMeshState from '../../__fixtures__/checkoutserviceMeshState.json';
import productcatalogserviceMeshState from '../../__fixtures__/productcatalogserviceMeshState.json';
import checkoutserviceTraces from '../../__fixtures__/checkoutserviceTraces.json';
import { EntityMeshContent } from './EntityMeshContent';

const fixture = frontendMeshState as EntityMeshState;
// States the real builder computed from examples/cluster/homelab.yaml.
const checkoutservice = checkoutserviceMeshState as EntityMeshState;
const productcatalogservice = productcatalogserviceMeshState as EntityMeshState;

const frontend: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'frontend',
    namespace: 'default',
    annotations: {
      'backstage.io/kubernetes-id': 'frontend',
      'backstage.io/kubernetes-namespace': 'boutique-dev',
      'backstage.io/kubernetes-cluster': 'homelab',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'boutique-team' },
};

const traces = checkoutserviceTraces as EntityTraces;
// Without a Jaeger, as the backend answers for an entity no Jaeger covers.
const noJaeger: EntityTraces = {
  items: [],
  source: { id: 'jaeger', type: 'jaeger', status: 'not-configured' },
  lookback: '1h',
};

function mockApi(
  getEntityMeshState: IstioMeshApi['getEntityMeshState'],
  getEntityTraces: IstioMeshApi['getEntityTraces'] = async () => noJaeger,
) {
  return mockIstioMeshApi({ getEntityMeshState, getEntityTraces });
}

async function renderContent(
  api: IstioMeshApi,
  entity: Entity = frontend,
  path = '/',
) {
  return renderInTestApp(
    <TestApiProvider apis={[[istioMeshApiRef, api]]}>
      <EntityProvider entity={entity}>
        <EntityMeshContent />
      </EntityProvider>
    </TestApiProvider>,
    { routeEntries: [path] },
  );
}

function criterionRow(title: string): HTMLElement {
  return screen.getByText(title).closest('tr')!;
}

describe('EntityMeshContent', () => {
  it('asks the backend for the current entity', async () => {
    const api = mockApi(async () => fixture);
    await renderContent(api);

    await screen.findByText('Sidecars injected');
    expect(api.getEntityMeshState).toHaveBeenCalledWith({
      kind: 'Component',
      namespace: 'default',
      name: 'frontend',
    });
  });

  it('lists the criteria with their status, summary and evidence', async () => {
    await renderContent(mockApi(async () => fixture));

    const sidecars = await waitFor(() => criterionRow('Sidecars injected'));
    expect(within(sidecars).getByLabelText('status: pass')).toHaveTextContent(
      'pass',
    );
    expect(
      within(sidecars).getByText(
        'All 2 pods of Deployment boutique-dev/frontend have a ready istio-proxy',
      ),
    ).toBeInTheDocument();

    const mtls = criterionRow('mTLS STRICT');
    expect(within(mtls).getByLabelText('status: fail')).toHaveTextContent(
      'fail',
    );
    expect(
      within(mtls).getByText(
        'Deployment boutique-dev/frontend accepts plaintext: port 9090 is PERMISSIVE',
      ),
    ).toBeInTheDocument();

    // Evidence of a failing criterion is open; of a passing one, closed.
    expect(
      screen.getByText(
        'PeerAuthentication boutique-dev/frontend-health: decides the mode: port 9090 is PERMISSIVE',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'PeerAuthentication istio-system/default: applies to this workload',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText(
        'Pod boutique-dev/frontend-wcj4s7fwp5-k7gpn: istio-proxy is injected and ready',
      ),
    ).not.toBeInTheDocument();

    const toggle = within(sidecars).getByRole('button', {
      name: 'Evidence (2)',
    });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(
      await screen.findByText(
        'Pod boutique-dev/frontend-wcj4s7fwp5-k7gpn: istio-proxy is injected and ready',
      ),
    ).toBeInTheDocument();
  });

  it('opens, highlights and scrolls to the criterion of ?criterion=', async () => {
    const original = Element.prototype.scrollIntoView;
    const scrollIntoView = jest.fn();
    Element.prototype.scrollIntoView = scrollIntoView;
    try {
      await renderContent(
        mockApi(async () => fixture),
        frontend,
        '/?criterion=sidecar-injected',
      );

      // Passing, so closed without the parameter (see above); open with it.
      const sidecars = await waitFor(() => criterionRow('Sidecars injected'));
      expect(
        within(sidecars).getByRole('button', { name: 'Evidence (2)' }),
      ).toHaveAttribute('aria-expanded', 'true');
      expect(
        screen.getByText(
          'Pod boutique-dev/frontend-wcj4s7fwp5-k7gpn: istio-proxy is injected and ready',
        ),
      ).toBeInTheDocument();
      expect(sidecars).toHaveAttribute('aria-current', 'true');
      expect(criterionRow('mTLS STRICT')).not.toHaveAttribute('aria-current');
      expect(scrollIntoView).toHaveBeenCalledTimes(1);
      expect(scrollIntoView.mock.contexts[0]).toBe(sidecars);
    } finally {
      Element.prototype.scrollIntoView = original;
    }
  });

  it('shows the level reached and what the next one needs', async () => {
    await renderContent(mockApi(async () => fixture));
    expect(await screen.findByLabelText('mesh level: none')).toHaveTextContent(
      'Level: none',
    );
    expect(screen.getByText('Bronze needs: mTLS STRICT')).toBeInTheDocument();
  });

  it('links a failing mtls-strict to its template, pre-filled for the first workload', async () => {
    await renderContent(mockApi(async () => fixture));

    const mtls = await waitFor(() => criterionRow('mTLS STRICT'));
    const fix = within(mtls).getByRole('link', { name: 'Fix' });
    const formData = encodeURIComponent(
      JSON.stringify({
        entityRef: 'component:default/frontend',
        namespace: 'boutique-dev',
        workload: 'frontend',
        host: 'frontend',
      }),
    );
    expect(fix).toHaveAttribute(
      'href',
      `/create/templates/default/istio-strict-mtls?formData=${formData}`,
    );
    // A passing criterion has nothing to fix.
    expect(
      within(criterionRow('Sidecars injected')).queryByRole('link'),
    ).not.toBeInTheDocument();
  });

  it('shows whether each workload is in the mesh and encrypted: pods, mTLS per port and the policies that decided it', async () => {
    await renderContent(mockApi(async () => fixture));

    const table = await screen.findByRole('table', { name: 'Workloads' });
    const [, row] = within(table).getAllByRole('row');
    for (const text of [
      'frontend',
      'Deployment · service account frontend',
      'boutique-dev',
      'homelab',
      'sidecar',
      '2/2 ready',
      'port 8080: STRICT',
      'port 9090: PERMISSIVE',
      'boutique-dev/frontend-health',
      'istio-system/default',
    ]) {
      expect(within(row).getAllByText(text).length).toBeGreaterThan(0);
    }
    expect(
      screen.getByText(
        '1 workload(s) match backstage.io/kubernetes-id=frontend in cluster homelab, namespace boutique-dev.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('2026-11-28T03:40:00.000Z')).toBeInTheDocument();
  });

  it('flags a port the proxy never sees and clients that send plaintext', async () => {
    const [workload] = fixture.workloads;
    await renderContent(
      mockApi(async () => ({
        ...fixture,
        workloads: [
          {
            ...workload,
            mtls: {
              ...workload.mtls,
              ports: { '8080': 'STRICT', '9090': 'STRICT' },
              uncaptured: {
                '9090': 'traffic.sidecar.istio.io/excludeInboundPorts: "9090"',
              },
            },
            clientTls: [
              {
                service: 'frontend',
                port: 80,
                targetPort: 8080,
                clientNamespace: 'loadtest',
                mode: 'DISABLE',
                destinationRule: 'loadtest/frontend-plain',
                reason:
                  'DestinationRule loadtest/frontend-plain (port 80) sets tls.mode DISABLE at spec.trafficPolicy.tls',
              },
            ],
          },
        ],
      })),
    );

    const table = await screen.findByRole('table', { name: 'Workloads' });
    const [, row] = within(table).getAllByRole('row');
    expect(
      within(row).getByText(
        'port 9090: not captured, accepts plaintext (traffic.sidecar.istio.io/excludeInboundPorts: "9090")',
      ),
    ).toBeInTheDocument();
    expect(
      within(row).queryByText('port 9090: STRICT'),
    ).not.toBeInTheDocument();
    expect(
      within(row).getByText(
        'clients in loadtest send DISABLE to frontend:80, loadtest/frontend-plain',
      ),
    ).toBeInTheDocument();
  });

  it('shows progress while loading', async () => {
    await renderContent(mockApi(() => new Promise(() => {})));

    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('says the entity was not found or is not visible on a 404', async () => {
    // The real client turns the backend's 404 into a ResponseError.
    const client = clientAnsweringError(404, {
      name: 'NotFoundError',
      message: 'No entity component:default/frontend',
    });
    await renderContent(client);

    expect(await screen.findByText('Entity not found')).toBeInTheDocument();
    expect(
      screen.getByText(
        'The mesh state of component:default/frontend was not found: the entity does not exist or is not visible to you.',
      ),
    ).toBeInTheDocument();
  });

  it('shows other errors with their message', async () => {
    await renderContent(
      mockApi(async () => {
        throw new Error('backend exploded');
      }),
    );

    expect(
      await screen.findByText(/Could not load the mesh state/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/backend exploded/).length).toBeGreaterThan(0);
  });

  it('explains which annotations to add when they are missing, and still lists the criteria', async () => {
    const message =
      'The entity has neither backstage.io/kubernetes-id nor backstage.io/kubernetes-label-selector; add one to map it to its workloads.';
    const unmapped: EntityMeshState = {
      entityRef: 'component:default/legacy',
      mapping: { status: 'annotation-missing', message },
      workloads: [],
      criteria: ['sidecar-injected', 'mtls-strict'].map(id => ({
        id: id as 'sidecar-injected' | 'mtls-strict',
        status: 'unknown' as const,
        summary: message,
        evidence: [],
      })),
      level: {
        level: 'none',
        next: { level: 'bronze', missing: ['sidecar-injected', 'mtls-strict'] },
      },
      sources: fixture.sources,
      generatedAt: fixture.generatedAt,
    };
    const legacy: Entity = {
      ...frontend,
      metadata: { name: 'legacy', namespace: 'default' },
    };
    await renderContent(
      mockApi(async () => unmapped),
      legacy,
    );

    expect(
      await screen.findByText(
        'This entity is not mapped to Kubernetes workloads',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Add backstage.io\/kubernetes-id or backstage.io\/kubernetes-label-selector \(and optionally backstage.io\/kubernetes-namespace\)/,
      ),
    ).toBeInTheDocument();
    // The mapping message, once in the empty state and once per criterion.
    expect(screen.getAllByText(message)).toHaveLength(3);
    expect(
      within(criterionRow('Sidecars injected')).getByText('unknown'),
    ).toBeInTheDocument();
    expect(
      within(criterionRow('mTLS STRICT')).getByText('unknown'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('table', { name: 'Workloads' }),
    ).not.toBeInTheDocument();
  });

  it('says why annotations that would claim other workloads are refused', async () => {
    const message =
      'The label selector "app!=legacy" only excludes labels, so it would match every workload of the cluster, istiod included; add a requirement the entity\'s pods carry, such as app=<name>.';
    const refused: EntityMeshState = {
      entityRef: 'component:default/legacy',
      mapping: { status: 'annotation-refused', message },
      workloads: [],
      criteria: [
        {
          id: 'sidecar-injected',
          status: 'unknown',
          summary: message,
          evidence: [],
        },
      ],
      level: {
        level: 'none',
        next: { level: 'bronze', missing: ['sidecar-injected'] },
      },
      sources: fixture.sources,
      generatedAt: fixture.generatedAt,
    };
    await renderContent(
      mockApi(async () => refused),
      { ...frontend, metadata: { name: 'legacy', namespace: 'default' } },
    );

    expect(
      await screen.findByText(
        "The entity's Kubernetes annotations would map more than its own workloads",
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByText(message).length).toBeGreaterThan(0);
    expect(
      screen.queryByRole('table', { name: 'Workloads' }),
    ).not.toBeInTheDocument();
  });

  it('shows a failed source with its message', async () => {
    await renderContent(
      mockApi(async () => ({
        ...fixture,
        sources: [
          ...fixture.sources,
          {
            id: 'prometheus:homelab',
            type: 'prometheus',
            status: 'error',
            message:
              'GET http://prometheus.monitoring:9090/api/v1/query: connect ECONNREFUSED',
          },
        ],
      })),
    );

    const table = await screen.findByRole('table', { name: 'Sources' });
    const rows = within(table).getAllByRole('row');
    expect(within(rows[1]).getByText('snapshot:homelab')).toBeInTheDocument();
    expect(within(rows[1]).getByText('cluster-snapshot')).toBeInTheDocument();
    expect(within(rows[1]).getByText('ok')).toBeInTheDocument();
    expect(within(rows[1]).getByText('12s')).toBeInTheDocument();
    expect(within(rows[2]).getByText('prometheus:homelab')).toBeInTheDocument();
    expect(within(rows[2]).getByText('error')).toBeInTheDocument();
    expect(
      within(rows[2]).getByText(
        'GET http://prometheus.monitoring:9090/api/v1/query: connect ECONNREFUSED',
      ),
    ).toBeInTheDocument();
  });

  describe('answers a service owner at a glance', () => {
    it("lists checkoutservice's recent traces, asked for on their own", async () => {
      const api = mockApi(
        async () => checkoutservice,
        async () => traces,
      );
      await renderContent(api, {
        ...frontend,
        metadata: { name: 'checkoutservice', namespace: 'default' },
      });

      const table = await screen.findByRole('table', {
        name: 'Recent traces',
      });
      expect(api.getEntityTraces).toHaveBeenCalledWith(
        { kind: 'Component', namespace: 'default', name: 'checkoutservice' },
        { lookback: '1h', limit: 20 },
      );
      expect(within(table).getAllByRole('row')).toHaveLength(5);
      expect(within(table).getByTitle('5 error spans')).toBeInTheDocument();
    });

    it('keeps the rest of the tab when the traces cannot be loaded', async () => {
      await renderContent(
        mockApi(
          async () => checkoutservice,
          async () => {
            throw new Error('Service Unavailable');
          },
        ),
      );

      expect(
        await screen.findByText(
          'Could not load the traces: Service Unavailable',
        ),
      ).toBeInTheDocument();
      expect(screen.getByText('Who may call it?')).toBeInTheDocument();
      expect(screen.getByText('Success criteria')).toBeInTheDocument();
    });

    it('heads the tab with links into Kiali, Grafana and Jaeger, each in a new tab', async () => {
      const links: EntityLink[] = [
        {
          kind: 'kiali',
          title: 'Kiali graph',
          url: 'https://kiali.example.com/kiali/console/namespaces/boutique-dev/workloads/checkoutservice?duration=3600',
        },
        {
          kind: 'grafana',
          title: 'Grafana dashboard',
          url: 'https://grafana.example.com/d/UbsSZTDik/istio-workload-dashboard?var-namespace=boutique-dev&var-workload=checkoutservice',
        },
        {
          kind: 'jaeger',
          title: 'Jaeger search',
          url: 'https://jaeger.example.com/search?service=checkoutservice.boutique-dev',
        },
      ];
      await renderContent(mockApi(async () => ({ ...checkoutservice, links })));

      const row = await screen.findByRole('navigation', { name: 'Open in' });
      const anchors = within(row).getAllByRole('link');
      expect(
        anchors.map(a => [a.textContent, a.getAttribute('href')]),
      ).toStrictEqual(links.map(l => [l.title, l.url]));
      for (const anchor of anchors) {
        expect(anchor).toHaveAttribute('target', '_blank');
        expect(anchor.getAttribute('rel')).toContain('noopener');
      }
    });

    it('shows no link row when no tool is configured', async () => {
      await renderContent(mockApi(async () => checkoutservice));

      await screen.findByText('Who may call it?');
      expect(
        screen.queryByRole('navigation', { name: 'Open in' }),
      ).not.toBeInTheDocument();
    });

    it('puts the sections in the order of the questions', async () => {
      await renderContent(mockApi(async () => checkoutservice));

      await screen.findByText('Who may call it?');
      const titles = [
        'In the mesh and encrypted?',
        'Who may call it?',
        'How is traffic routed?',
        'Recent traces',
        'Findings',
        'Success criteria',
        'Sources',
      ].map(title => screen.getByText(title));
      for (let i = 1; i < titles.length; i++) {
        expect(
          titles[i - 1].compareDocumentPosition(titles[i]) &
            Node.DOCUMENT_POSITION_FOLLOWING,
        ).toBeTruthy();
      }
    });

    it('shows each pod with its proxy version', async () => {
      await renderContent(mockApi(async () => checkoutservice));

      expect(
        await screen.findByText(
          'checkoutservice-kxpgmffhdm-h7krn · Running · sidecar · proxy 1.26.4',
        ),
      ).toBeInTheDocument();
    });

    it('says in plain words that only frontend may call checkoutservice, and what checkoutservice calls', async () => {
      await renderContent(mockApi(async () => checkoutservice));

      expect(await screen.findByLabelText('Callers')).toHaveTextContent(
        'frontend (boutique-dev) may call POST /hipstershop.CheckoutService/PlaceOrder on port 5050; everyone else is denied by default.',
      );
      expect(
        screen.getByText(
          "Decided by boutique-dev/checkoutservice-allow. Enforced by the workload's sidecar.",
        ),
      ).toBeInTheDocument();
      expect(screen.getByLabelText('May call')).toHaveTextContent(
        'May call cartservice (boutique-dev), currencyservice (boutique-dev), frontend (boutique-dev), paymentservice (boutique-dev), productcatalogservice (boutique-dev), shippingservice (boutique-dev).',
      );
      expect(screen.getByLabelText('May not call')).toHaveTextContent(
        'May not call adservice (boutique-dev), recommendationservice (boutique-dev).',
      );
    });

    it("draws productcatalogservice's 90/10 canary as a split bar, with v2 running no pods", async () => {
      await renderContent(mockApi(async () => productcatalogservice));

      const bar = await screen.findByRole('img', {
        name: 'Traffic split: v1 90% (1 pod), v2 10% (no pods, no subset defined)',
      });
      const segments = within(bar).getAllByTestId('split-segment');
      expect(segments.map(s => s.textContent)).toStrictEqual([
        'v1 90%1 pod',
        'v2 10%no pods, no subset defined',
      ]);
      expect(segments.map(s => s.style.flexGrow)).toStrictEqual(['90', '10']);
      expect(
        screen.getByText('retries 3 × 2s on 5xx,connect-failure · timeout 10s'),
      ).toBeInTheDocument();
      expect(screen.getByText('every request')).toBeInTheDocument();
      expect(
        screen.getByText(
          'connection pool: 100 connections, connect timeout 3s, 1000 concurrent requests, 10 requests per connection',
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'circuit breaker: ejects a pod after 3 consecutive 5xx, checked every 10s, for 30s, at most 50% of pods',
        ),
      ).toBeInTheDocument();
    });

    it("lists the analyzer's findings with their codes linked to Istio's docs", async () => {
      await renderContent(mockApi(async () => productcatalogservice));

      const table = await screen.findByRole('table', { name: 'Findings' });
      const [, row] = within(table).getAllByRole('row');
      expect(within(row).getByText('IST0101').closest('a')).toHaveAttribute(
        'href',
        'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
      );
      expect(
        within(row).getByText(
          'Referenced host+subset in destinationrule not found: "productcatalogservice+v2"',
        ),
      ).toBeInTheDocument();
      expect(
        within(row).getByText(
          'VirtualService boutique-dev/productcatalogservice',
        ),
      ).toBeInTheDocument();
    });

    it('says when nothing routes the traffic and the analyzers found nothing', async () => {
      await renderContent(mockApi(async () => checkoutservice));

      expect(
        await screen.findByText(/No VirtualService routes its traffic/),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          'The analyzers found nothing wrong with the resources that govern this entity.',
        ),
      ).toBeInTheDocument();
    });

    it('says the answers are not computed yet for a state stored before them', async () => {
      await renderContent(mockApi(async () => fixture));

      await screen.findByText('Who may call it?');
      expect(
        screen.getAllByText(
          'Not computed for this entity yet: it needs mapped workloads, and the next refresh fills it in.',
        ),
      ).toHaveLength(2);
      expect(
        screen.getByText(
          'Not analyzed yet: the next refresh runs the analyzers.',
        ),
      ).toBeInTheDocument();
    });

    it('keeps opened evidence open when the data reloads', async () => {
      const reloaded = {
        ...checkoutservice,
        generatedAt: '2026-11-28T03:45:00.000Z',
      };
      const api = mockApi(async () => checkoutservice);
      api.getEntityMeshState
        .mockResolvedValueOnce(checkoutservice)
        .mockResolvedValueOnce(reloaded);
      await renderContent(api);

      const sidecars = await waitFor(() => criterionRow('Sidecars injected'));
      const toggle = within(sidecars).getByRole('button', {
        name: /^Evidence/,
      });
      await userEvent.click(toggle);
      expect(toggle).toHaveAttribute('aria-expanded', 'true');

      await userEvent.click(screen.getByRole('button', { name: 'Reload' }));
      expect(
        await screen.findByText('2026-11-28T03:45:00.000Z'),
      ).toBeInTheDocument();
      expect(api.getEntityMeshState).toHaveBeenCalledTimes(2);
      expect(
        within(criterionRow('Sidecars injected')).getByRole('button', {
          name: /^Evidence/,
        }),
      ).toHaveAttribute('aria-expanded', 'true');
    });
  });
});
