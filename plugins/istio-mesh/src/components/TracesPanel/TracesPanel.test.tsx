import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityTraces,
  IstioMeshApi,
} from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from '../../api';
import { mockIstioMeshApi } from '../../__testUtils__/mockIstioMeshApi';
import { clientAnsweringError } from '../../__testUtils__/clientAnswering';
// The example Jaeger's checkoutservice traces (examples/runtime/jaeger-answers.json)
// as common's summarizeJaegerTraces sums them up.
import checkoutserviceTraces from '../../__fixtures__/checkoutserviceTraces.json';
import { TracesPanel } from './TracesPanel';

const traces = checkoutserviceTraces as EntityTraces;
const checkoutservice = {
  kind: 'Component',
  namespace: 'default',
  name: 'checkoutservice',
};

function mockApi(getEntityTraces: IstioMeshApi['getEntityTraces']) {
  return mockIstioMeshApi({ getEntityTraces });
}

async function renderPanel(api: IstioMeshApi) {
  return renderInTestApp(
    <TestApiProvider apis={[[istioMeshApiRef, api]]}>
      <TracesPanel
        entityName={checkoutservice}
        ownServices={['checkoutservice.boutique-dev']}
      />
    </TestApiProvider>,
  );
}

function traceRow(shortId: string): HTMLElement {
  return screen
    .getByRole('link', { name: new RegExp(`^${shortId}`) })
    .closest('tr')!;
}

describe('TracesPanel', () => {
  afterEach(() => jest.useRealTimers());

  it("asks for the last hour's traces of the entity and lists them with bars, services and errors", async () => {
    // Two minutes after the fixture's newest trace.
    jest.useFakeTimers({
      now: Date.parse('2026-12-01T11:49:00.000Z'),
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
    const api = mockApi(async () => traces);
    await renderPanel(api);

    const table = await screen.findByRole('table', { name: 'Recent traces' });
    expect(api.getEntityTraces).toHaveBeenCalledWith(checkoutservice, {
      lookback: '1h',
      limit: 20,
    });
    expect(screen.getByText('jaeger:homelab, last 1h')).toBeInTheDocument();
    expect(within(table).getAllByRole('row')).toHaveLength(5);

    const ok = traceRow('a94cb0a');
    expect(within(ok).getByRole('link', { name: /^a94cb0a/ })).toHaveAttribute(
      'href',
      'http://localhost:16686/trace/a94cb0a57390d9f7feb8e709ec4d7d1f',
    );
    expect(
      within(ok)
        .getAllByRole('cell')
        .map(cell => cell.textContent),
    ).toStrictEqual([
      'a94cb0a, Opens in a new window',
      'frontend.boutique-devfrontend.boutique-dev.svc.cluster.local:80/cart/checkout',
      '1m ago',
      '182 ms',
      '5',
      'checkoutservice.boutique-devfrontend.boutique-devpaymentservice.boutique-dev',
      '',
    ]);
    expect(
      within(ok).getByRole('img', { name: '182 ms, 100 % of the slowest' }),
    ).toBeInTheDocument();
    const services = within(ok).getByRole('list', { name: 'Services' });
    expect(
      within(services)
        .getAllByRole('listitem')
        .map(chip => chip.textContent),
    ).toStrictEqual([
      'checkoutservice.boutique-dev',
      'frontend.boutique-dev',
      'paymentservice.boutique-dev',
    ]);
    expect(
      within(services).getByTitle("This entity's service"),
    ).toHaveTextContent('checkoutservice.boutique-dev');
    expect(within(ok).queryByTitle(/error span/)).not.toBeInTheDocument();

    const failed = traceRow('825ddb3');
    expect(
      within(failed).getByRole('img', { name: '96 ms, 53 % of the slowest' }),
    ).toBeInTheDocument();
    expect(within(failed).getByTitle('5 error spans')).toBeInTheDocument();
  });

  it("opens a trace in a new tab on Jaeger's trace page", async () => {
    await renderPanel(mockApi(async () => traces));

    const link = await screen.findByRole('link', {
      name: /^825ddb3, Opens in a new window$/,
    });
    expect(link).toHaveAttribute('target', '_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('shows progress while the traces load', async () => {
    await renderPanel(mockApi(() => new Promise(() => {})));

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.getByText('Recent traces')).toBeInTheDocument();
  });

  it('says when there were no traces, in the words of the lookback', async () => {
    await renderPanel(
      mockApi(async () => ({ ...traces, items: [], lookback: '30m' })),
    );

    expect(
      await screen.findByText('No traces in the last 30 minutes.'),
    ).toBeInTheDocument();
  });

  it('says "no traces in the last hour" for the default lookback', async () => {
    await renderPanel(mockApi(async () => ({ ...traces, items: [] })));

    expect(
      await screen.findByText('No traces in the last hour.'),
    ).toBeInTheDocument();
  });

  it('shows the config to add when no Jaeger covers the entity', async () => {
    await renderPanel(
      mockApi(async () => ({
        items: [],
        source: { id: 'jaeger', type: 'jaeger', status: 'not-configured' },
        lookback: '1h',
      })),
    );

    expect(
      await screen.findByText(/^Not configured: no Jaeger covers/),
    ).toBeInTheDocument();
    // The snippet is highlighted: its words are split over spans.
    expect(document.body.textContent).toContain(
      'url: http://tracing.istio-system:16686',
    );
  });

  it('says why when the Jaeger source answered nothing', async () => {
    await renderPanel(
      mockApi(async () => ({
        ...traces,
        items: [],
        source: {
          id: 'jaeger:homelab',
          type: 'jaeger',
          status: 'unauthorized',
          message: 'Jaeger answered 401 Unauthorized',
        },
      })),
    );

    expect(
      await screen.findByText(
        'No traces: jaeger:homelab is unauthorized: Jaeger answered 401 Unauthorized',
      ),
    ).toBeInTheDocument();
  });

  it('shows stale traces with a warning naming the source and their age', async () => {
    await renderPanel(
      mockApi(async () => ({
        ...traces,
        source: {
          id: 'jaeger:homelab',
          type: 'jaeger',
          status: 'stale',
          message: 'timed out after 10s',
          ageSeconds: 120,
        },
      })),
    );

    expect(
      await screen.findByText(
        'jaeger:homelab is stale: timed out after 10s (data from 2m ago)',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Recent traces' }),
    ).toBeInTheDocument();
  });

  it('shows a failed request inside the card and loads again on Reload traces', async () => {
    const api = mockApi(async () => {
      throw new Error('Service Unavailable');
    });
    await renderPanel(api);

    expect(
      await screen.findByText('Could not load the traces: Service Unavailable'),
    ).toBeInTheDocument();

    api.getEntityTraces.mockImplementation(async () => traces);
    await userEvent.click(
      screen.getByRole('button', { name: 'Reload traces' }),
    );
    await screen.findByRole('table', { name: 'Recent traces' });
    await waitFor(() => expect(api.getEntityTraces).toHaveBeenCalledTimes(2));
  });

  it("shows the backend's refusal in its own words, e.g. past the rate limit", async () => {
    // The real client turns the backend's 429 into a ResponseError.
    await renderPanel(
      clientAnsweringError(429, {
        name: 'TooManyRequestsError',
        message: 'Too many trace requests; retry in 12 seconds',
      }),
    );

    expect(
      await screen.findByText(
        'Could not load the traces: 429 Too Many Requests: Too many trace requests; retry in 12 seconds',
      ),
    ).toBeInTheDocument();
  });

  it('shows trace ids without links when the backend knows no Jaeger UI', async () => {
    const { jaegerUrl, ...withoutUrl } = traces;
    await renderPanel(mockApi(async () => withoutUrl));

    await screen.findByRole('table', { name: 'Recent traces' });
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
    expect(
      screen.getByTitle('a94cb0a57390d9f7feb8e709ec4d7d1f'),
    ).toHaveTextContent('a94cb0a');
  });
});
