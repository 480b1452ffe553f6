import { Page } from 'playwright-core';
import { APP_URL, useSignedInPage, openMeshTab } from './browser';

const signedInPage = useSignedInPage();
let page: Page;

beforeAll(() => {
  page = signedInPage();
});

/** The row of the criteria table whose title is `title`. */
function criterionRow(title: string) {
  return page
    .getByRole('table', { name: 'Success criteria' })
    .getByRole('row')
    .filter({ hasText: title });
}

async function statusOf(title: string): Promise<string | null> {
  const chip = criterionRow(title).getByLabel(/^status: /);
  await chip.waitFor();
  return chip.getAttribute('aria-label');
}

describe('Mesh tab', () => {
  it('shows the criteria of paymentservice, with the workload-level PERMISSIVE policy as evidence', async () => {
    await openMeshTab(page, 'paymentservice');
    expect(await statusOf('Sidecars injected')).toBe('status: pass');
    expect(await statusOf('mTLS STRICT')).toBe('status: fail');
    expect(await statusOf('Traffic policy')).toBe('status: fail');
    expect(await statusOf('Authorization enforced')).toBe('status: pass');
    // Evidence of a failing criterion is open under its row.
    const evidence = page
      .getByRole('table', { name: 'Success criteria' })
      .getByText(
        /PeerAuthentication boutique-dev\/paymentservice-permissive: decides the mode/,
      );
    await evidence.waitFor();
    const fix = criterionRow('mTLS STRICT').getByRole('link', { name: 'Fix' });
    expect(await fix.getAttribute('href')).toMatch(
      /\/create\/templates\/default\/istio-strict-mtls\?formData=/,
    );
    await page
      .getByRole('table', { name: 'Sources' })
      .getByText('snapshot:homelab')
      .waitFor();
  });

  it('shows all nine criteria, the GitOps drift and the control plane', async () => {
    await openMeshTab(page, 'paymentservice');
    // The PERMISSIVE PeerAuthentication was applied by hand: Argo CD does not
    // track it, so it is drift.
    expect(await statusOf('Managed by Argo CD')).toBe('status: fail');
    expect(await statusOf('Everything in Git')).toBe('status: fail');
    // Observed by the demo Prometheus: checkoutservice calls it over mTLS.
    expect(await statusOf('Service graph')).toBe('status: pass');
    expect(await statusOf('Metrics')).toBe('status: pass');
    // Traced by the demo Jaeger: checkoutservice calls it in every trace.
    expect(await statusOf('Tracing')).toBe('status: pass');
    await expect(
      page
        .getByRole('table', { name: 'Success criteria' })
        .getByRole('row')
        .filter({ has: page.getByLabel(/^status: /) })
        .count(),
    ).resolves.toBe(9);
    const sources = page.getByRole('table', { name: 'Sources' });
    await sources.getByText('argocd:homelab').waitFor();
    await sources.getByText('gitops:homelab').waitFor();
    await page
      .getByRole('table', { name: 'Control plane' })
      .getByText('default-v1-26-4 (1.26.4, 1/1 ready)')
      .waitFor();
  });

  it('shows a pod without istio-proxy as failing the mesh criteria', async () => {
    await openMeshTab(page, 'redis-cart');
    expect(await statusOf('Sidecars injected')).toBe('status: fail');
    expect(await statusOf('mTLS STRICT')).toBe('status: fail');
    // Its AuthorizationPolicy exists, but nothing enforces it without a proxy.
    expect(await statusOf('Authorization enforced')).toBe('status: fail');
  });

  it('explains an entity without Kubernetes annotations', async () => {
    await openMeshTab(page, 'loadgenerator');
    await page
      .getByText('This entity is not mapped to Kubernetes workloads')
      .waitFor();
    expect(await statusOf('Sidecars injected')).toBe('status: unknown');
  });
});

describe('Mesh tab answers a service owner at a glance', () => {
  it('says only frontend may call checkoutservice', async () => {
    await openMeshTab(page, 'checkoutservice');
    const callers = page.getByLabel('Callers');
    await callers
      .filter({
        hasText:
          'frontend (boutique-dev) may call POST /hipstershop.CheckoutService/PlaceOrder on port 5050; everyone else is denied by default.',
      })
      .waitFor();
    expect(await callers.textContent()).toBe(
      'frontend (boutique-dev) may call POST /hipstershop.CheckoutService/PlaceOrder on port 5050; everyone else is denied by default.',
    );
    await page
      .getByText(
        "Decided by boutique-dev/checkoutservice-allow. Enforced by the workload's sidecar.",
      )
      .waitFor();
  });

  it("draws productcatalogservice's 90/10 canary, with v2 running no pods", async () => {
    await openMeshTab(page, 'productcatalogservice');
    const bar = page.getByRole('img', {
      name: 'Traffic split: v1 90% (1 pod), v2 10% (no pods, no subset defined)',
    });
    await bar.waitFor();
    const segments = bar.getByTestId('split-segment');
    expect(await segments.allTextContents()).toEqual([
      'v1 90%1 pod',
      'v2 10%no pods, no subset defined',
    ]);
    // The bar is drawn to scale: v1 takes nine times v2's width.
    const [v1, v2] = await Promise.all([
      segments.nth(0).boundingBox(),
      segments.nth(1).boundingBox(),
    ]);
    expect(v1!.width).toBeGreaterThan(v2!.width * 4);
    // The analyzer says the same about the missing subset, linked to Istio.
    const finding = page
      .getByRole('table', { name: 'Findings' })
      .getByRole('link', { name: 'IST0101' });
    expect(await finding.getAttribute('href')).toBe(
      'https://istio.io/latest/docs/reference/config/analysis/ist0101/',
    );
  });
});

describe('Overview card', () => {
  it('shows the level, the criteria and what to fix first on the overview page', async () => {
    await page.goto(`${APP_URL}/catalog/default/component/checkoutservice`);
    const fixFirst = page.getByLabel('Fix first');
    await fixFirst.waitFor();
    expect(await fixFirst.textContent()).toMatch(
      /^Fix first for silver: Traffic policy/,
    );
    expect(
      await fixFirst.getByRole('link', { name: 'Fix' }).getAttribute('href'),
    ).toMatch(
      /\/create\/templates\/default\/istio-retries-timeouts\?formData=/,
    );
    await page.getByLabel('level: bronze').waitFor();
    await page.getByLabel('Traffic policy: fail').waitFor();
    await page.getByLabel('mTLS STRICT: pass').waitFor();
    await page.getByText(/^Data from \d+[smhd] ago$/).waitFor();
    await page.getByRole('link', { name: /Open the Mesh tab/ }).click();
    await page.waitForURL('**/catalog/default/component/checkoutservice/mesh');
    await page.getByText('Who may call it?').waitFor();
  });
});
