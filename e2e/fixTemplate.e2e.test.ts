import { Page } from 'playwright-core';
import { APP_URL, useSignedInPage } from './browser';

const signedInPage = useSignedInPage();
let page: Page;

beforeAll(() => {
  page = signedInPage();
});

describe('Fix links', () => {
  it('open the template with the service pre-filled', async () => {
    await page.goto(`${APP_URL}/catalog/default/component/paymentservice/mesh`);
    const fix = page
      .getByRole('table', { name: 'Success criteria' })
      .getByRole('row')
      .filter({ hasText: 'mTLS STRICT' })
      .getByRole('link', { name: 'Fix' });
    await fix.click();
    await page.waitForURL('**/create/templates/default/istio-strict-mtls?**');

    await page.getByText('Istio STRICT mTLS').first().waitFor();
    const workload = page.getByLabel('Workload', { exact: false });
    await workload.first().waitFor();
    await expect(workload.first().inputValue()).resolves.toBe('paymentservice');
    await expect(
      page.getByLabel('Namespace', { exact: false }).first().inputValue(),
    ).resolves.toBe('boutique-dev');
  });

  it("open the canary template from productcatalogservice's traffic policy, with the new form options", async () => {
    await page.goto(
      `${APP_URL}/catalog/default/component/productcatalogservice/mesh`,
    );
    const fix = page
      .getByRole('table', { name: 'Success criteria' })
      .getByRole('row')
      .filter({ hasText: 'Traffic policy' })
      .getByRole('link', { name: 'Fix' });
    await fix.click();
    await page.waitForURL(
      '**/create/templates/default/istio-canary-rollout?**',
    );
    const workload = page.getByLabel('Workload', { exact: false }).first();
    await workload.waitFor();
    await expect(workload.inputValue()).resolves.toBe('productcatalogservice');
    await page.getByRole('button', { name: 'Next' }).click();
    const canary = page.getByLabel('Canary version', { exact: false }).first();
    await canary.waitFor();
    await expect(canary.inputValue()).resolves.toBe('v2');
    await page
      .getByText('Replace existing settings', { exact: false })
      .first()
      .waitFor();
  });

  it('run on a backend whose scaffolder lists the istio actions', async () => {
    await page.goto(`${APP_URL}/create/actions`);
    for (const id of [
      'istio:virtualservice:create',
      'istio:destinationrule:create',
      'istio:peerauthentication:create',
      'istio:authorizationpolicy:create',
      'istio:requestauthentication:create',
      'istio:httproute:create',
      'istio:kustomization:add',
      'istio:manifests:analyze',
      'istio:overlay:resolve',
    ]) {
      await page.getByText(id, { exact: true }).first().waitFor();
    }
  });
});
