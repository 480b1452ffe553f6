// @ts-check
/*
 * Opens the scratch app in Debian's headless Chromium the way a user does:
 * guest sign-in, paymentservice's page, its Mesh tab, and waits for the
 * criteria to show mTLS STRICT failing (its example policy is PERMISSIVE).
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
/** The launch options the browser tests use too. */
const CHROMIUM = require('../../e2e/chromium.json');
const { chromium } = require(require.resolve('playwright-core', {
  paths: [root],
}));

/** Where the screenshot of a failed check goes (ignored by Git). */
const SCREENSHOT = path.join(
  root,
  'e2e-test-report',
  'check-packages-mesh-tab.png',
);

/**
 * @param {string} baseUrl the backend that serves the app
 * @param {string} entity e.g. paymentservice, a component in namespace default
 * @returns {Promise<string[]>} the criteria as seen, "<title>: <status>"
 */
async function checkMeshTab(baseUrl, entity) {
  const deadline = Date.now() + 180_000;
  const remaining = () => Math.max(deadline - Date.now(), 1);
  const profile = fs.mkdtempSync(
    path.join(os.tmpdir(), 'istio-mesh-chromium-'),
  );
  const context = await chromium.launchPersistentContext(profile, {
    ...CHROMIUM,
    executablePath: process.env.CHROMIUM_PATH ?? CHROMIUM.executablePath,
    headless: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await page.goto(baseUrl, { timeout: remaining() });
    const enter = page.getByRole('button', { name: 'Enter' });
    await enter.click({ timeout: remaining() });
    await enter.waitFor({ state: 'detached', timeout: remaining() });

    await page.goto(`${baseUrl}/catalog/default/component/${entity}`, {
      timeout: remaining(),
    });
    await page
      .getByText('Mesh', { exact: true })
      .click({ timeout: remaining() });
    await page.waitForURL(`**/component/${entity}/mesh`, {
      timeout: remaining(),
    });
    const table = page.getByRole('table', { name: 'Success criteria' });
    const mtls = table
      .getByRole('row')
      .filter({ hasText: 'mTLS STRICT' })
      .getByLabel('status: fail');
    await mtls.waitFor({ timeout: remaining() });

    const seen = [];
    for (const row of await table
      .getByRole('row')
      .filter({ has: page.getByLabel(/^status: /) })
      .all()) {
      const status = await row
        .getByLabel(/^status: /)
        .getAttribute('aria-label');
      // The columns: status, criterion, summary, evidence, action.
      const title = (await row.getByRole('cell').nth(1).innerText()).trim();
      seen.push(`${title} ${status?.replace('status: ', '')}`);
    }
    return seen;
  } catch (error) {
    fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT }).catch(() => undefined);
    throw new Error(
      `the Mesh tab of ${entity} did not show mTLS STRICT failing at ${page.url()} (screenshot: ${SCREENSHOT}): ${
        error.message
      }`,
    );
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

module.exports = { checkMeshTab };
