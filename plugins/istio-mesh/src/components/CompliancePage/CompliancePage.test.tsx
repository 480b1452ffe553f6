import { useLocation } from 'react-router-dom';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { AlertApi, alertApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  CompliancePage as Page,
  ComplianceRow,
  ComplianceSummary,
  IstioMeshApi,
} from '@istio-mesh/plugin-istio-mesh-common';
import { istioMeshApiRef } from '../../api';
import { mockIstioMeshApi } from '../../__testUtils__/mockIstioMeshApi';
import { clientAnsweringError } from '../../__testUtils__/clientAnswering';
import { CompliancePage } from './CompliancePage';

const MINUTE = 60_000;
const fresh = () => new Date(Date.now() - 2 * MINUTE).toISOString();
// The rows are made once; on a busy machine the suite runs for minutes, so
// a fresh row's age is read as minutes, not as exactly two.
const FRESH_AGE = /^\d+m ago$/;

function row(name: string, overrides: Partial<ComplianceRow> = {}) {
  return {
    entityRef: `component:default/${name}`,
    owner: 'group:default/boutique-team',
    system: 'system:default/online-boutique',
    level: 'none',
    criteria: {
      'sidecar-injected': 'pass',
      'mtls-strict': 'fail',
      'authz-enforced': 'warn',
    },
    updatedAt: fresh(),
    ...overrides,
  } as ComplianceRow;
}

function pageOf(items: ComplianceRow[], totalItems = items.length): Page {
  return {
    items,
    totalItems,
    offset: 0,
    limit: 50,
    staleAfterSeconds: 600,
  };
}

const summary: ComplianceSummary = {
  entities: 2,
  levels: { none: 1, bronze: 1, silver: 0, gold: 0 },
  criteria: {
    'sidecar-injected': { pass: 2, fail: 0, warn: 0, unknown: 0 },
    'mtls-strict': { pass: 1, fail: 1, warn: 0, unknown: 0 },
  },
  history: [
    {
      day: '2026-11-27',
      entities: 2,
      levels: { none: 2, bronze: 0, silver: 0, gold: 0 },
      criteria: {},
    },
    {
      day: '2026-11-28',
      entities: 2,
      levels: { none: 1, bronze: 1, silver: 0, gold: 0 },
      criteria: {},
    },
  ],
};

const rows = [
  row('frontend', {
    title: 'Storefront',
    level: 'bronze',
    criteria: { 'sidecar-injected': 'pass', 'mtls-strict': 'pass' },
  }),
  row('paymentservice'),
];

const catalogEntities: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'paymentservice' },
    spec: { owner: 'boutique-team', system: 'online-boutique' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'ledger' },
    spec: { owner: 'group:default/payments-team' },
  },
];

function LocationSearch() {
  return <output aria-label="location">{useLocation().search}</output>;
}

async function renderPage(
  methods: Partial<IstioMeshApi> = {},
  path = '/istio-mesh',
  alertApi: jest.Mocked<AlertApi> = { post: jest.fn(), alert$: jest.fn() },
) {
  const api = mockIstioMeshApi({
    getCompliance: async () => pageOf(rows),
    getComplianceSummary: async () => summary,
    ...methods,
  });
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [istioMeshApiRef, api],
        [catalogApiRef, catalogApiMock({ entities: catalogEntities })],
        [alertApiRef, alertApi],
      ]}
    >
      <CompliancePage />
      <LocationSearch />
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

const location = () => screen.getByRole('status', { name: 'location' });
const matrix = () => screen.findByRole('table', { name: 'Compliance matrix' });
/** The first argument of a mock's latest call. */
const lastCall = (fn: { mock: { calls: unknown[][] } }) =>
  fn.mock.calls[fn.mock.calls.length - 1]?.[0];

describe('CompliancePage', () => {
  it('shows progress while the rows load', async () => {
    await renderPage({ getCompliance: () => new Promise(() => {}) });
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Compliance' }),
    ).toBeInTheDocument();
  });

  it('lists entities by criteria with level, owner and system, each cell linking to the Mesh tab at its criterion', async () => {
    const api = await renderPage();

    const table = await matrix();
    const [, frontend, payment] = within(table).getAllByRole('row');
    expect(
      within(frontend).getByRole('link', { name: 'Storefront' }),
    ).toHaveAttribute('href', '/catalog/default/component/frontend');
    expect(within(frontend).getByText('frontend')).toBeInTheDocument();
    expect(
      within(frontend).getByLabelText('level: bronze'),
    ).toBeInTheDocument();
    expect(
      within(payment).getByRole('link', { name: 'boutique-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/boutique-team');
    expect(
      within(payment).getByRole('link', { name: 'online-boutique' }),
    ).toHaveAttribute('href', '/catalog/default/system/online-boutique');
    expect(
      within(payment).getByRole('link', {
        name: 'paymentservice, mTLS STRICT: fail',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/paymentservice/mesh?criterion=mtls-strict',
    );
    expect(
      within(payment).getByRole('link', {
        name: 'paymentservice, Authorization enforced: warn',
      }),
    ).toBeInTheDocument();
    // No verdict reads as unknown, as the backend counts it.
    expect(
      within(payment).getByRole('link', {
        name: 'paymentservice, Tracing: unknown',
      }),
    ).toBeInTheDocument();
    expect(within(payment).getByText(FRESH_AGE)).toBeInTheDocument();
    expect(screen.queryByText(/Stale data/)).not.toBeInTheDocument();

    expect(api.getCompliance).toHaveBeenCalledWith({
      orderBy: 'entityRef',
      order: 'asc',
      limit: 50,
      offset: 0,
    });
    expect(api.getComplianceSummary).toHaveBeenCalledWith({ days: 30 });
  });

  it('narrows the rows by the filters in the URL', async () => {
    const api = await renderPage(
      {},
      '/istio-mesh?system=online-boutique&mtls-strict=fail&q=pay',
    );

    await matrix();
    expect(api.getCompliance).toHaveBeenCalledWith({
      system: 'online-boutique',
      criterion: 'mtls-strict',
      status: 'fail',
      q: 'pay',
      orderBy: 'entityRef',
      order: 'asc',
      limit: 50,
      offset: 0,
    });
    expect(api.getComplianceSummary).toHaveBeenCalledWith({
      system: 'online-boutique',
      criterion: 'mtls-strict',
      status: 'fail',
      q: 'pay',
      days: 30,
    });
    expect(screen.getByLabelText('System')).toHaveValue(
      'system:default/online-boutique',
    );
    expect(screen.getByLabelText('Criterion')).toHaveValue('mtls-strict');
    expect(screen.getByLabelText('Status')).toHaveValue('fail');
    expect(screen.getByLabelText('Search')).toHaveValue('pay');
  });

  it('keeps an owner the catalog does not list selected, as the URL names it', async () => {
    const api = await renderPage({}, '/istio-mesh?owner=%3A%3A&system=shop');

    await matrix();
    expect(api.getCompliance).toHaveBeenCalledWith(
      expect.objectContaining({ owner: '::', system: 'shop' }),
    );
    expect(screen.getByLabelText('Owner')).toHaveValue('::');
    expect(screen.getByLabelText('System')).toHaveValue('system:default/shop');
  });

  it('keeps filters, search, sort and page in the URL and loads what they select', async () => {
    const api = await renderPage({
      getCompliance: async () => pageOf(rows, 120),
    });
    await matrix();

    // Owners come from the catalog, in full and short form alike.
    const owner = screen.getByLabelText('Owner');
    await waitFor(() =>
      expect(
        within(owner).getByRole('option', { name: 'payments-team' }),
      ).toBeInTheDocument(),
    );
    await userEvent.selectOptions(owner, 'group:default/boutique-team');
    await userEvent.selectOptions(screen.getByLabelText('Level'), 'bronze');
    await userEvent.selectOptions(
      screen.getByLabelText('Criterion'),
      'mtls-strict',
    );
    await userEvent.selectOptions(screen.getByLabelText('Status'), 'warn');
    await userEvent.type(screen.getByLabelText('Search'), 'pay');
    await waitFor(() =>
      expect(location()).toHaveTextContent(
        '?owner=group%3Adefault%2Fboutique-team&q=pay&level=bronze&mtls-strict=warn',
      ),
    );
    await waitFor(() =>
      expect(lastCall(api.getCompliance)).toEqual({
        owner: 'group:default/boutique-team',
        level: 'bronze',
        criterion: 'mtls-strict',
        status: 'warn',
        q: 'pay',
        orderBy: 'entityRef',
        order: 'asc',
        limit: 50,
        offset: 0,
      }),
    );

    await userEvent.click(
      within(await matrix()).getByRole('button', { name: 'mTLS STRICT' }),
    );
    await waitFor(() =>
      expect(lastCall(api.getCompliance)).toMatchObject({
        orderBy: 'mtls-strict',
        order: 'asc',
      }),
    );
    await userEvent.click(
      within(await matrix()).getByRole('button', { name: /mTLS STRICT/ }),
    );
    await waitFor(() =>
      expect(lastCall(api.getCompliance)).toMatchObject({
        orderBy: 'mtls-strict',
        order: 'desc',
      }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(lastCall(api.getCompliance)).toMatchObject({
        offset: 50,
        limit: 50,
      }),
    );
    expect(location()).toHaveTextContent(
      'orderBy=mtls-strict&order=desc&page=2',
    );
    // Paging and sorting do not reload the summary.
    const summaryCalls = api.getComplianceSummary.mock.calls.length;
    expect(lastCall(api.getComplianceSummary)).toMatchObject({
      criterion: 'mtls-strict',
      status: 'warn',
      days: 30,
    });

    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() =>
      expect(location()).toHaveTextContent(
        /^\?orderBy=mtls-strict&order=desc$/,
      ),
    );
    await waitFor(() =>
      expect(api.getComplianceSummary.mock.calls.length).toBe(summaryCalls + 1),
    );
    expect(screen.getByLabelText('Search')).toHaveValue('');
  });

  it('shows a bar per criterion whose segments filter the rows', async () => {
    const api = await renderPage();
    const bars = await screen.findByRole('list', {
      name: 'Entities per criterion status',
    });
    expect(within(bars).getByText('1 fail · 1 pass')).toBeInTheDocument();

    await userEvent.click(
      within(bars).getByRole('button', { name: 'mTLS STRICT: 1 fail' }),
    );
    await waitFor(() =>
      expect(lastCall(api.getCompliance)).toMatchObject({
        criterion: 'mtls-strict',
        status: 'fail',
      }),
    );
    expect(location()).toHaveTextContent('?mtls-strict=fail');
  });

  it('draws the level trend of the history and asks for the days chosen', async () => {
    const api = await renderPage();
    const chart = await screen.findByRole('img', {
      name: /Entities per level, last 30 days/,
    });
    expect(chart).toHaveAccessibleName(
      'Entities per level, last 30 days 2 day(s) of history; on 2026-11-28: 1 none, 1 bronze, 0 silver, 0 gold.',
    );
    expect(screen.getByText('bronze: 1')).toBeInTheDocument();

    await userEvent.selectOptions(screen.getByLabelText('Days'), '90');
    await waitFor(() =>
      expect(lastCall(api.getComplianceSummary)).toEqual({ days: 90 }),
    );
    expect(location()).toHaveTextContent('?days=90');
    // The rows are the same: not loaded again.
    expect(api.getCompliance).toHaveBeenCalledTimes(1);
  });

  it('exports every row of the view as CSV', async () => {
    const original = {
      createObjectURL: URL.createObjectURL,
      revokeObjectURL: URL.revokeObjectURL,
    };
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:compliance');
    const revokeObjectURL = jest.fn();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
    const clicked = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function click(this: HTMLAnchorElement) {
        expect(this.download).toBe('istio-mesh-compliance.csv');
        expect(this.href).toBe('blob:compliance');
      });
    try {
      const api = await renderPage(
        { getComplianceCsv: async () => 'entityRef\ncomponent:default/a\n' },
        '/istio-mesh?system=online-boutique&mtls-strict=fail&orderBy=level',
      );
      await matrix();

      await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
      await waitFor(() => expect(clicked).toHaveBeenCalledTimes(1));
      expect(api.getComplianceCsv).toHaveBeenCalledWith({
        system: 'online-boutique',
        criterion: 'mtls-strict',
        status: 'fail',
        orderBy: 'level',
        order: 'asc',
      });
      expect(await createObjectURL.mock.calls[0][0].text()).toBe(
        'entityRef\ncomponent:default/a\n',
      );
      expect(revokeObjectURL).toHaveBeenCalledWith('blob:compliance');
    } finally {
      clicked.mockRestore();
      Object.assign(URL, original);
    }
  });

  it('moves a shared link past the last page to the last page', async () => {
    const api = await renderPage(
      {
        getCompliance: async query =>
          pageOf((query?.offset ?? 0) < 60 ? rows : [], 60),
      },
      '/istio-mesh?page=4&pageSize=25',
    );
    await waitFor(() =>
      expect(location()).toHaveTextContent('?page=3&pageSize=25'),
    );
    await waitFor(() =>
      expect(lastCall(api.getCompliance)).toMatchObject({
        offset: 50,
        limit: 25,
      }),
    );
    expect(within(await matrix()).getAllByRole('row')).toHaveLength(3);
  });

  it('says why an export failed', async () => {
    const alertApi = { post: jest.fn(), alert$: jest.fn() };
    await renderPage(
      {
        getComplianceCsv: () =>
          clientAnsweringError(401, {
            name: 'AuthenticationError',
            message: 'Missing credentials',
          }).getComplianceCsv(),
      },
      '/istio-mesh',
      alertApi,
    );
    await matrix();

    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }));
    await waitFor(() =>
      expect(alertApi.post).toHaveBeenCalledWith({
        message:
          'Could not export the CSV: 401 Unauthorized: Missing credentials',
        severity: 'error',
      }),
    );
    expect(screen.getByRole('button', { name: 'Export CSV' })).toBeEnabled();
  });

  it('says no entity is mapped yet, with a link to the docs, when there is no row at all', async () => {
    await renderPage({
      getCompliance: async () => pageOf([]),
      getComplianceSummary: async () => ({
        ...summary,
        entities: 0,
        history: [],
      }),
    });
    expect(
      await screen.findByText('No entity is mapped to the mesh yet'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'Read how to map entities' }),
    ).toHaveAttribute(
      'href',
      'https://backstage.io/docs/features/kubernetes/configuration#surfacing-your-kubernetes-components-as-part-of-an-entity',
    );
  });

  it('says no entity matches when filters leave no row, and clears them', async () => {
    await renderPage(
      { getCompliance: async () => pageOf([]) },
      '/istio-mesh?tracing=pass',
    );
    expect(
      await screen.findByText('No entity matches these filters.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('No entity is mapped to the mesh yet'),
    ).not.toBeInTheDocument();
    const [, inCard] = screen.getAllByRole('button', { name: 'Clear filters' });
    await userEvent.click(inCard);
    await waitFor(() => expect(location()).toHaveTextContent(/^$/));
  });

  it('names the HTTP status in words when the backend fails, and retries', async () => {
    // The real client turns the backend's 503 into a ResponseError.
    const unavailable = clientAnsweringError(503, {
      name: 'ServiceUnavailableError',
      message: 'the database is not reachable',
    });
    let failures = 1;
    const api = await renderPage({
      getCompliance: async query =>
        failures-- > 0 ? unavailable.getCompliance(query) : pageOf(rows),
    });

    expect(
      await screen.findByText(
        'Could not load the compliance: 503 Service Unavailable',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText('the database is not reachable'),
    ).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    await matrix();
    expect(api.getCompliance).toHaveBeenCalledTimes(2);
  });

  it('marks no row stale when the refresh only runs when triggered', async () => {
    const threeHoursAgo = new Date(Date.now() - 180 * MINUTE).toISOString();
    await renderPage({
      getCompliance: async () => ({
        ...pageOf([{ ...rows[1], updatedAt: threeHoursAgo }]),
        staleAfterSeconds: undefined,
      }),
    });

    const table = await matrix();
    expect(within(table).getByText('3h ago')).toBeInTheDocument();
    expect(screen.queryByText(/Stale data/)).not.toBeInTheDocument();
  });

  it('marks stale rows with their age', async () => {
    const threeHoursAgo = new Date(Date.now() - 180 * MINUTE).toISOString();
    await renderPage({
      getCompliance: async () =>
        pageOf([rows[0], { ...rows[1], updatedAt: threeHoursAgo }]),
    });

    const table = await matrix();
    expect(
      await screen.findByText(
        'Stale data: 1 of the rows shown was last refreshed up to 3h ago, more than two scheduled refreshes (10m) back. The refresh may have stopped, and the verdicts may no longer match the clusters.',
      ),
    ).toBeInTheDocument();
    const [, frontend, payment] = within(table).getAllByRole('row');
    expect(within(payment).getByText('3h ago, stale')).toBeInTheDocument();
    expect(within(frontend).getByText(FRESH_AGE)).toBeInTheDocument();
  });
});
