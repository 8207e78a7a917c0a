/**
 * The dashboard's files, keyed by URL path, for the monitor's HTTP server.
 *
 * The page's TypeScript (`dashboard/src/main.ts`) is bundled with esbuild in memory on the first
 * call, uPlot included, so a fresh clone needs no build step, the bundle can never be stale, and
 * the page loads nothing from the internet. The package ships `dashboard/src` and depends on esbuild,
 * so the sources are always there to bundle.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface Asset {
  contentType: string;
  body: string | Buffer;
}

// Same relative path from src/ (sources) and dist/ (built package).
const dashboardDir = new URL('../dashboard/', import.meta.url);
const file = (name: string) => fileURLToPath(new URL(name, dashboardDir));

let assets: Promise<Map<string, Asset>> | undefined;

/**
 * The dashboard's files keyed by URL path: `/` (the page), `/app.js` (the bundled script),
 * `/style.css`, `/uplot.css`, `/favicon.svg`. Built once per process; later calls share the result.
 *
 * @example
 * import { dashboardAssets } from '@gradstream/monitor';
 * const assets = await dashboardAssets();
 * console.log([...assets.keys()]); // [ '/', '/app.js', '/style.css', '/uplot.css', '/favicon.svg' ]
 */
export function dashboardAssets(): Promise<Map<string, Asset>> {
  assets ??= load().catch((err: unknown) => {
    assets = undefined; // let a later call try again
    throw err;
  });
  return assets;
}

async function load(): Promise<Map<string, Asset>> {
  const require = createRequire(import.meta.url);
  const [html, css, uplotCss, favicon, js] = await Promise.all([
    readFile(file('index.html'), 'utf8'),
    readFile(file('style.css'), 'utf8'),
    readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
    readFile(file('favicon.svg'), 'utf8'),
    bundleDashboard(),
  ]);
  return new Map<string, Asset>([
    ['/', { contentType: 'text/html; charset=utf-8', body: html }],
    ['/app.js', { contentType: 'text/javascript; charset=utf-8', body: js }],
    ['/style.css', { contentType: 'text/css; charset=utf-8', body: css }],
    ['/uplot.css', { contentType: 'text/css; charset=utf-8', body: uplotCss }],
    ['/favicon.svg', { contentType: 'image/svg+xml', body: favicon }],
  ]);
}

/**
 * Bundles the page's script (its TypeScript and uPlot) into one minified ES module, in memory.
 *
 * @example
 * import { bundleDashboard } from '@gradstream/monitor';
 * const js = await bundleDashboard();
 * console.log(js.length > 10_000); // true
 */
export async function bundleDashboard(): Promise<string> {
  let esbuild: typeof import('esbuild');
  try {
    esbuild = await import('esbuild');
  } catch (err) {
    throw new Error('the dashboard cannot be bundled: esbuild is not installed. Install esbuild (npm install esbuild).', { cause: err });
  }
  if (!existsSync(file('src/main.ts'))) {
    throw new Error(`the dashboard cannot be bundled: its sources are missing (${file('src/main.ts')}).`);
  }
  const result = await esbuild.build({
    entryPoints: [file('src/main.ts')],
    tsconfig: file('tsconfig.json'),
    write: false,
    bundle: true,
    format: 'esm',
    minify: true,
    platform: 'browser',
    // The page shares code with its sibling packages (the explanation view of @gradstream/events): bundle their sources.
    conditions: ['@gradstream/source'],
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
