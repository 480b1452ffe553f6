import { readFile } from 'fs/promises';
import { Page } from 'playwright-core';
import { APP_URL, useSignedInPage } from './browser';

const signedInPage = useSignedInPage();
let page: Page;

beforeAll(() => {
  page = signedInPage();
});

// The Components of examples/catalog/online-boutique.yaml.
const EXAMPLE_SERVICES = [
  'adservice',
  'cartservice',
  'checkoutservice',
  'currencyservice',
  'emailservice',
  'frontend',
  'loadgenerator',
  'paymentservice',
  'productcatalogservice',
  'recommendationservice',
  'redis-cart',
  'shippingservice',
];
// Those whose mTLS is not STRICT in examples/cluster/homelab.yaml.
const FAILING_MTLS = ['frontend', 'paymentservice', 'redis-cart'];

const matrix = () => page.getByRole('table', { name: 'Compliance matrix' });

/** The entity names of the matrix's rows, in order. */
async function listedNames(): Promise<string[]> {
  return matrix().locator('tbody th a').allInnerTexts();
}

/**
 * Opens the page until the scheduled refresh has stored every example
 * service: it runs seconds after the backend starts, and until then the
 * page says no entity is mapped (or lists only entities whose Mesh tab
 * another test opened).
 */
async function openOnceRefreshed() {
  const everyService = page.getByText(`Entities (${EXAMPLE_SERVICES.length})`);
  const deadline = Date.now() + 100_000;
  for (;;) {
    await page.goto(`${APP_URL}/istio-mesh`);
    await matrix()
      .or(page.getByText('No entity is mapped to the mesh yet'))
      .waitFor();
    if (await everyService.isVisible()) return;
    if (Date.now() > deadline) {
      throw new Error('The refresh did not store the example services');
    }
  }
}

describe('Compliance page', () => {
  it('lists every example service with its criteria, level, owner and system', async () => {
    await openOnceRefreshed();
    expect(await listedNames()).toEqual(EXAMPLE_SERVICES);

    const payment = matrix()
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: 'paymentservice' }) });
    await payment.getByLabel('level: none').waitFor();
    await payment.getByRole('link', { name: 'boutique-team' }).waitFor();
    await payment.getByRole('link', { name: 'online-boutique' }).waitFor();
    await payment
      .getByRole('link', { name: 'paymentservice, mTLS STRICT: fail' })
      .waitFor();
    await page
      .getByRole('list', { name: 'Entities per criterion status' })
      .getByRole('button', { name: 'mTLS STRICT: 3 fail' })
      .waitFor();
    await page
      .getByRole('img', { name: /Entities per level, last 30 days/ })
      .waitFor();
    await page.screenshot({
      path: 'e2e-test-report/compliance-page.png',
      fullPage: true,
    });
  });

  it('narrows the list to the filter in the URL', async () => {
    await page.goto(
      `${APP_URL}/istio-mesh?system=online-boutique&mtls-strict=fail`,
    );
    await page.getByText(`Entities (${FAILING_MTLS.length})`).waitFor();
    expect(await listedNames()).toEqual(FAILING_MTLS);
    await expect(
      page.getByLabel('Criterion', { exact: true }).inputValue(),
    ).resolves.toBe('mtls-strict');
    await expect(
      page.getByLabel('Status', { exact: true }).inputValue(),
    ).resolves.toBe('fail');
  });

  it('lists the services failing mtls-strict in one system with the filters and exports the same rows as CSV', async () => {
    await page.goto(`${APP_URL}/istio-mesh`);
    await matrix().waitFor();
    await page
      .getByLabel('System', { exact: true })
      .selectOption('system:default/online-boutique');
    await page
      .getByLabel('Criterion', { exact: true })
      .selectOption('mtls-strict');
    await page.waitForURL(/\?system=.*online-boutique&mtls-strict=fail$/);
    await page.getByText(`Entities (${FAILING_MTLS.length})`).waitFor();
    const listed = await listedNames();
    expect(listed).toEqual(FAILING_MTLS);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('istio-mesh-compliance.csv');
    const csv = await readFile(await download.path(), 'utf8');
    const [header, ...lines] = csv.trimEnd().split('\n');
    const columns = header.split(',');
    expect(columns.slice(0, 5)).toEqual([
      'entityRef',
      'title',
      'owner',
      'system',
      'level',
    ]);
    const cells = lines.map(line => line.split(','));
    expect(cells.map(row => row[0])).toEqual(
      listed.map(name => `component:default/${name}`),
    );
    for (const row of cells) {
      expect(row[columns.indexOf('mtls-strict')]).toBe('fail');
      expect(row[columns.indexOf('system')]).toBe(
        'system:default/online-boutique',
      );
    }
  });

  it("opens a cell's Mesh tab with that criterion expanded", async () => {
    await page.goto(`${APP_URL}/istio-mesh?q=paymentservice`);
    // Sidecars pass, so their evidence is closed unless asked for.
    await matrix()
      .getByRole('link', { name: 'paymentservice, Sidecars injected: pass' })
      .click();
    await page.waitForURL(
      '**/catalog/default/component/paymentservice/mesh?criterion=sidecar-injected',
    );
    const sidecars = page
      .getByRole('table', { name: 'Success criteria' })
      .getByRole('row')
      .filter({ hasText: 'Sidecars injected' });
    await expect(
      sidecars
        .getByRole('button', { name: /^Evidence/ })
        .getAttribute('aria-expanded'),
    ).resolves.toBe('true');
    await expect(sidecars.getAttribute('aria-current')).resolves.toBe('true');
    await page
      .getByText(/^Pod boutique-dev\/paymentservice-.*istio-proxy is injected/)
      .first()
      .waitFor();
  });
});
