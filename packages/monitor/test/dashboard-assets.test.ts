// The dashboard's files as the monitor serves them: bundled in memory from the current sources,
// self-contained (nothing loaded from the internet), every file the page references present.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { NEVER } from 'rxjs';
import { bundleDashboard, dashboardAssets } from '../src/dashboard-assets.js';
import { serveMonitor } from '../src/index.js';

test('the page, its script, its styles and its icon, with their content types', async () => {
  const assets = await dashboardAssets();
  assert.equal([...assets.keys()].sort(), ['/', '/app.js', '/favicon.svg', '/style.css', '/uplot.css']);
  assert.is(assets.get('/')!.contentType, 'text/html; charset=utf-8');
  assert.is(assets.get('/app.js')!.contentType, 'text/javascript; charset=utf-8');
  assert.is(assets.get('/style.css')!.contentType, 'text/css; charset=utf-8');
  assert.is(assets.get('/uplot.css')!.contentType, 'text/css; charset=utf-8');
  assert.is(assets.get('/favicon.svg')!.contentType, 'image/svg+xml');
  // uPlot's stylesheet is the installed package's own file.
  assert.is(assets.get('/uplot.css')!.body, readFileSync(new URL('../../../node_modules/uplot/dist/uPlot.min.css', import.meta.url), 'utf8'));
});

test('every file the page references is served, and none is on another host', async () => {
  const assets = await dashboardAssets();
  const html = String(assets.get('/')!.body);
  const refs = [...html.matchAll(/\b(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
  assert.equal(refs.sort(), ['/app.js', '/favicon.svg', '/style.css', '/uplot.css']);
  for (const ref of refs) assert.ok(assets.has(ref), ref);
  for (const [path, asset] of assets) {
    if (path === '/app.js') continue;
    assert.not.match(String(asset.body), /https?:\/\/(?!www\.w3\.org\/)/, path);
    assert.not.match(String(asset.body), /url\(/, path);
  }
});

test('the script is one self-contained ES module: uPlot bundled in, no imports, no URLs but the SVG namespace', async () => {
  const js = String((await dashboardAssets()).get('/app.js')!.body);
  assert.not.match(js, /\bimport\s*[("'{*]/);
  assert.not.match(js, /\bexport\s*[{*]/);
  assert.equal([...new Set(js.match(/https?:\/\/[^\s"'`)\\]+/g))], ['http://www.w3.org/2000/svg']);
  assert.ok(js.includes('uplot'), 'uPlot is inside the bundle');
  // Built from the sources on disk now: a message from main.ts is in it.
  assert.ok(js.includes('gradstream dashboard: the page has no #'));
  assert.ok(js.length < 200_000, `bundle is ${js.length} bytes`);
});

test('assets are built once per process and shared', async () => {
  assert.is(dashboardAssets(), dashboardAssets());
  assert.is(await dashboardAssets(), await dashboardAssets());
  assert.is(await bundleDashboard(), String((await dashboardAssets()).get('/app.js')!.body));
});

test('the monitor serves them over HTTP', async () => {
  const server = await serveMonitor(NEVER, { port: 0 });
  try {
    const page = await fetch(server.url);
    assert.is(page.status, 200);
    assert.is(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(await page.text(), '<script type="module" src="/app.js"></script>');
    const js = await fetch(new URL('/app.js', server.url));
    assert.is(js.headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.is(await js.text(), String((await dashboardAssets()).get('/app.js')!.body));
  } finally {
    await server.close();
  }
});

test.run();
