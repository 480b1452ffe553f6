import { Page } from 'playwright-core';
import { useSignedInPage, openMeshTab } from './browser';

const signedInPage = useSignedInPage();
let page: Page;

beforeAll(() => {
  page = signedInPage();
});

// npm start reads the homelab Jaeger from the backend's own recorded
// answers (examples/runtime/jaeger-answers.json), through the real HTTP
// client: checkouts go frontend -> checkoutservice -> paymentservice, one of
// them failing.
describe('Recent traces on the Mesh tab', () => {
  it('shows checkoutservice traces through paymentservice, the failed checkout marked, each linked to Jaeger', async () => {
    await openMeshTab(page, 'checkoutservice');
    const table = page.getByRole('table', { name: 'Recent traces' });
    await table.waitFor();

    const throughPayment = table
      .getByRole('row')
      .filter({ hasText: 'paymentservice.boutique-dev' });
    await throughPayment.first().waitFor();
    expect(await throughPayment.count()).toBeGreaterThanOrEqual(2);

    const failed = table
      .getByRole('row')
      .filter({ has: page.getByRole('img', { name: /error spans?$/ }) });
    await failed.first().waitFor();
    expect(await failed.count()).toBe(1);
    expect(
      await failed
        .getByRole('list', { name: 'Services' })
        .getByRole('listitem')
        .allTextContents(),
    ).toStrictEqual([
      'checkoutservice.boutique-dev',
      'frontend.boutique-dev',
      'paymentservice.boutique-dev',
    ]);

    const link = failed.getByRole('link', { name: /^[0-9a-f]{7}\b/ });
    expect(await link.getAttribute('href')).toMatch(
      /\/trace\/825ddb373c07d7e60e1c9c72abb7147f$/,
    );
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');

    await table.scrollIntoViewIfNeeded();
    await page.screenshot({
      path: 'e2e-test-report/recent-traces-checkoutservice.png',
      fullPage: true,
    });
  });
});
