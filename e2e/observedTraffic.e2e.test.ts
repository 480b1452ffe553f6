import { Page } from 'playwright-core';
import { useSignedInPage, openMeshTab } from './browser';

const signedInPage = useSignedInPage();
let page: Page;

beforeAll(() => {
  page = signedInPage();
});

// npm start reads the homelab Prometheus from the backend's own recorded
// answers (examples/runtime), through the real HTTP client.
describe('Observed traffic on the Mesh tab', () => {
  it('shows cartservice failing the service graph on its plaintext edge into redis-cart', async () => {
    await openMeshTab(page, 'cartservice');
    const status = page
      .getByRole('table', { name: 'Success criteria' })
      .getByRole('row')
      .filter({ hasText: 'Service graph' })
      .getByLabel(/^status: /);
    await status.waitFor();
    expect(await status.getAttribute('aria-label')).toBe('status: fail');

    await page
      .getByText('Inbound over mTLS: 100.0 % (configured: STRICT)')
      .waitFor();
    const redis = page
      .getByRole('table', { name: 'Observed neighbours' })
      .getByRole('row')
      .filter({ hasText: 'boutique-dev/redis-cart' });
    await redis.getByText('0.500 conn/s').waitFor();
    await redis.getByRole('img', { name: 'plaintext' }).waitFor();
    await page.screenshot({
      path: 'e2e-test-report/observed-traffic.png',
      fullPage: true,
    });
  });

  it('shows the productcatalogservice canary observed at 88/12 beside its 90/10 weights', async () => {
    await openMeshTab(page, 'productcatalogservice');
    await page
      .getByRole('img', { name: 'Configured: v1 90.0 %, v2 10.0 %' })
      .waitFor();
    await page
      .getByRole('img', { name: 'Observed: v1 88.0 %, v2 12.0 %' })
      .waitFor();
  });
});
