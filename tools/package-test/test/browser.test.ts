// The engine in a browser: @gradstream/data, autograd, trainer and events bundle with esbuild for the
// browser with no Node built-in, and the example page (examples/browser) trains the lesson in headless
// Chromium with the same epoch losses as Node, bit for bit.
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as esbuild from 'esbuild';
import { lastValueFrom, toArray } from 'rxjs';
import { chromium } from 'playwright-core';
import { trainLinearRegression } from '@gradstream/trainer';
import { ROOT } from './pack.js';

const EXAMPLE = join(ROOT, 'examples/browser');

/** Bundles for the browser; resolves to the code and the files it was made of. */
async function bundle(options: esbuild.BuildOptions): Promise<{ code: string; inputs: string[] }> {
  const result = await esbuild.build({ ...options, bundle: true, write: false, platform: 'browser', format: 'esm', metafile: true, logLevel: 'silent', absWorkingDir: ROOT });
  return { code: result.outputFiles![0].text, inputs: Object.keys(result.metafile!.inputs) };
}

for (const pkg of ['events', 'data', 'autograd', 'trainer']) {
  test(`@gradstream/${pkg} bundles for the browser with no Node built-in`, async () => {
    const { code, inputs } = await bundle({ stdin: { contents: `export * from '@gradstream/${pkg}';`, resolveDir: ROOT, loader: 'ts' } });
    // esbuild fails on a Node built-in it cannot resolve for the browser; none may be marked external either.
    assert.equal(inputs.filter((i) => i.startsWith('node:') || /\(disabled\)/.test(i)), []);
    assert.not.match(code, /\brequire\(\s*["'](node:)?(fs|path|os|stream|events|readline|url|module|child_process)["']\s*\)/);
    assert.ok(inputs.some((i) => i.includes(`packages/${pkg}/src/index.ts`)), inputs.slice(0, 5).join('\n'));
  });
}

test('a Node-only entry point does not bundle for the browser: @gradstream/data/node names the built-in it needs', async () => {
  const failed = await bundle({ stdin: { contents: `export * from '@gradstream/data/node';`, resolveDir: ROOT, loader: 'ts' } }).then(
    () => '',
    (err: Error) => err.message,
  );
  assert.match(failed, /Could not resolve "node:fs/);
});

test('the browser example trains the lesson in headless Chromium: its epoch losses are the Node run\'s, bit for bit', async () => {
  assert.ok(existsSync('/usr/bin/chromium'), "this test needs Debian's chromium at /usr/bin/chromium (.ci/run installs it)");
  const { code, inputs } = await bundle({ entryPoints: [join(EXAMPLE, 'main.ts')] });
  assert.equal(inputs.filter((i) => i.startsWith('node:')), []);
  const files: Record<string, [string, string]> = {
    '/': [readFileSync(join(EXAMPLE, 'index.html'), 'utf8'), 'text/html; charset=utf-8'],
    '/main.js': [code, 'text/javascript; charset=utf-8'],
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    res.writeHead(file ? 200 : 404, { 'content-type': file?.[1] ?? 'text/plain' }).end(file?.[0] ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(String(err)));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForSelector('body[data-state]', { timeout: 30_000 });
    assert.is(await page.getAttribute('body', 'data-state'), 'done', (await page.textContent('#fit')) ?? '');
    const inBrowser = (await page.$$eval('#epochs li', (items) => items.map((li) => (li as HTMLElement).dataset.loss!))).map(Number);
    const inNode = (await lastValueFrom(trainLinearRegression().pipe(toArray()))).flatMap((e) => (e.type === 'epoch' ? [e.loss] : []));
    assert.is(inBrowser.length, 3);
    assert.equal(inBrowser, inNode);
    assert.is(await page.textContent('#fit'), 'w = [1.9996, -3.3996], b = 4.1999 (true: [2, −3.4], 4.2)');
    // The page drew the loss curve: the canvas is not blank.
    const inked = await page.$eval('#loss', (c) => {
      const { data } = (c as HTMLCanvasElement).getContext('2d')!.getImageData(0, 0, (c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height);
      return data.some((v, i) => i % 4 === 3 && v > 0);
    });
    assert.ok(inked, 'the loss curve is drawn');
    assert.equal(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});

test.run();
