import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { EntityMeshState } from '@istio-mesh/plugin-istio-mesh-common';
import { RuntimePanel } from './RuntimePanel';
// Served by the example backend over the demo Prometheus (examples/runtime).
import cartservice from '../../__fixtures__/cartserviceMeshState.json';
import productcatalogservice from '../../__fixtures__/productcatalogserviceMeshState.json';

const cart = cartservice as EntityMeshState;
const catalog = productcatalogservice as EntityMeshState;

describe('RuntimePanel', () => {
  it('shows the neighbours with their rates and a lock for mTLS, open for plaintext', async () => {
    await renderInTestApp(<RuntimePanel state={cart} />);

    expect(
      screen.getByText('Inbound over mTLS: 100.0 % (configured: STRICT)'),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Observed neighbours' });
    const redis = within(table).getByRole('row', {
      name: /boutique-dev\/redis-cart/,
    });
    expect(
      within(redis)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toStrictEqual([
      'outbound',
      'cartservice',
      'boutique-dev/redis-cart',
      'TCP',
      '0.500 conn/s',
      '—',
      'plaintextplaintext',
    ]);
    expect(within(redis).getByTitle('plaintext')).toBeInTheDocument();
    const frontend = within(table).getByRole('row', {
      name: /boutique-dev\/frontend/,
    });
    expect(within(frontend).getByText('4.0 req/s')).toBeInTheDocument();
    expect(within(frontend).getByText('99.0 %')).toBeInTheDocument();
    expect(within(frontend).getByTitle('mTLS')).toBeInTheDocument();
    expect(
      screen.getByText(
        /outlier_detection counters are not exported by default/,
      ),
    ).toBeInTheDocument();
  });

  it('shows the observed canary split beside the configured weights', async () => {
    await renderInTestApp(<RuntimePanel state={catalog} />);

    expect(
      screen.getByRole('img', { name: 'Configured: v1 90.0 %, v2 10.0 %' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('img', { name: 'Observed: v1 88.0 %, v2 12.0 %' }),
    ).toBeInTheDocument();
  });

  it('shows the config to add without a Prometheus source', async () => {
    const { runtime, ...withoutRuntime } = cart;
    await renderInTestApp(
      <RuntimePanel
        state={{
          ...withoutRuntime,
          sources: cart.sources.filter(s => s.type !== 'prometheus'),
        }}
      />,
    );

    expect(
      screen.getByText(/^Not configured: no Prometheus/),
    ).toBeInTheDocument();
    // The snippet is highlighted: its words are split over spans.
    expect(document.body.textContent).toContain(
      'url: http://prometheus.istio-system:9090',
    );
  });

  it('says why when the Prometheus source served nothing', async () => {
    const { runtime, ...withoutRuntime } = cart;
    await renderInTestApp(
      <RuntimePanel
        state={{
          ...withoutRuntime,
          criteria: cart.criteria.map(c =>
            c.id === 'service-graph'
              ? {
                  ...c,
                  status: 'unknown' as const,
                  summary: 'prometheus:homelab is unauthorized: refused',
                }
              : c,
          ),
        }}
      />,
    );

    expect(
      screen.getByText(
        'No observed traffic: prometheus:homelab is unauthorized: refused',
      ),
    ).toBeInTheDocument();
  });
});
