/**
 * The dashboard's files, keyed by URL path, for the monitor's HTTP server. One code path per situation:
 *
 * - In the clone, the page's TypeScript (`dashboard/src/main.ts`) is bundled with esbuild (a dev
 *   dependency) in memory on the first call, uPlot included, so no build step is needed and the bundle
 *   can never be stale.
 * - A built package (`npm run build`, run by `npm pack`) has every file prebuilt in `dist/dashboard/`
 *   (scripts/build-dashboard.ts) and serves them as they are: an installed tarball needs neither esbuild
 *   nor the page's sources.
 *
 * Either way the page loads nothing from the internet.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export interface Asset {
  contentType: string;
  body: string | Buffer;
}

const dashboardDir = new URL('../dashboard/', import.meta.url);
const file = (name: string) => fileURLToPath(new URL(name, dashboardDir));
// Beside the compiled code in a built package (dist/dashboard/); absent next to the sources (src/).
const prebuiltDir = new URL('./dashboard/', import.meta.url);

/** Content type by URL path; each path's file is `assetFile(path)`. */
const CONTENT_TYPES: Record<string, string> = {
  '/': 'text/html; charset=utf-8',
  '/app.js': 'text/javascript; charset=utf-8',
  '/style.css': 'text/css; charset=utf-8',
  '/uplot.css': 'text/css; charset=utf-8',
  '/favicon.svg': 'image/svg+xml',
};

/**
 * The file name of the asset at a URL path: `index.html` for the page, else the path without its slash.
 *
 * @example
 * import { assetFile } from './dashboard-assets.js';
 * console.log(assetFile('/'), assetFile('/app.js')); // index.html app.js
 */
export const assetFile = (path: string): string => (path === '/' ? 'index.html' : path.slice(1));

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
  if (existsSync(fileURLToPath(new URL('app.js', prebuiltDir)))) return loadPrebuilt();
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

async function loadPrebuilt(): Promise<Map<string, Asset>> {
  const paths = Object.keys(CONTENT_TYPES);
  const bodies = await Promise.all(paths.map((path) => readFile(new URL(assetFile(path), prebuiltDir), 'utf8')));
  return new Map(paths.map((path, i) => [path, { contentType: CONTENT_TYPES[path], body: bodies[i] }]));
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
    // The page shares code with its sibling packages (the explanation view of @gradstream/events): in the
    // clone their exports point at their sources, which esbuild bundles as they are.
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}
