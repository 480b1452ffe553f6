import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { BrowserContext, chromium, Page } from 'playwright-core';
// The launch options every browser check of the project uses.
import CHROMIUM from './chromium.json';

export const APP_URL = 'http://localhost:3000';

/** Debian's Chromium, headless, with a fresh profile and no background traffic. */
export async function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(
    mkdtempSync(join(tmpdir(), 'istio-mesh-e2e-')),
    {
      ...CHROMIUM,
      executablePath: process.env.CHROMIUM_PATH ?? CHROMIUM.executablePath,
      headless: true,
    },
  );
}

/** Signs in with the guest provider from the sign-in page. */
export async function signInAsGuest(page: Page): Promise<void> {
  await page.goto(APP_URL);
  const enter = page.getByRole('button', { name: 'Enter' });
  await enter.click();
  await enter.waitFor({ state: 'detached' });
}

/**
 * A signed-in page shared by the tests of one file, with a screenshot of
 * what the browser saw after each test in e2e-test-report/.
 */
export function useSignedInPage(): () => Page {
  let context: BrowserContext | undefined;
  let page: Page | undefined;

  beforeAll(async () => {
    context = await launchChromium();
    page = context.pages()[0] ?? (await context.newPage());
    await signInAsGuest(page);
  });

  afterEach(async () => {
    await page?.screenshot({
      path: `e2e-test-report/${expect
        .getState()
        .currentTestName?.replace(/\W+/g, '-')}.png`,
    });
  });

  afterAll(async () => {
    await context?.close();
  });

  return () => {
    if (!page) throw new Error('the browser did not start');
    return page;
  };
}

/** Opens a component's Mesh tab the way a user does: its page, then the tab. */
export async function openMeshTab(page: Page, name: string): Promise<void> {
  await page.goto(`${APP_URL}/catalog/default/component/${name}`);
  await page.getByText('Mesh', { exact: true }).click();
  await page.waitForURL(`**/catalog/default/component/${name}/mesh`);
}
