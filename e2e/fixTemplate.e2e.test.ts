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
    ]) {
      await page.getByText(id, { exact: true }).first().waitFor();
    }
  });
});
