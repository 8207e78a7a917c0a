// Test helper: Debian's headless Chromium (/usr/bin/chromium) through playwright-core, with the flags that keep
// it quiet and local (no DNS but 127.0.0.1), and a page that records its errors and warnings.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { DashboardHook } from '../../dashboard/src/hook-types.js';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync('/usr/bin/chromium')) {
    throw new Error("the browser tests need Debian's chromium at /usr/bin/chromium: run `apt-get install -y chromium` (.ci/run does it).");
  }
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
}

/** Opens `url` in a 1440×1000 page; `problems` collects page errors and console errors and warnings. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  await page.goto(url);
  return { page, problems };
}

/** Waits until `predicate`, an expression over `h` (the page's `window.__gradstream`), is true. */
export function until(page: Page, predicate: string, timeout = 30_000): Promise<unknown> {
  return page.waitForFunction(`(() => { const h = globalThis.__gradstream; return ${predicate}; })()`, undefined, { timeout });
}

/** The page's `window.__gradstream` as plain data. */
export function readHook(page: Page): Promise<DashboardHook> {
  return page.evaluate(() => JSON.parse(JSON.stringify((globalThis as { __gradstream?: DashboardHook }).__gradstream)) as DashboardHook);
}
