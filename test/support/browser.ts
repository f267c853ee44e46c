import { chromium, type Browser } from 'playwright-core';
import { requireStarted } from './harness';

/**
 * Debian's chromium (`apt-get install chromium`; .ci/run installs it when missing): playwright-core
 * never downloads a browser of its own. CHROMIUM_PATH points elsewhere on other systems.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A headless Chromium for a browser test; the caller closes it. */
export function launchBrowser(): Promise<Browser> {
  // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
}

/** Registers beforeAll/afterAll for a describe block: one browser for its tests, closed after. */
export function useBrowser(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());
  return {
    get browser() {
      return requireStarted(browser, 'the browser');
    },
  };
}
