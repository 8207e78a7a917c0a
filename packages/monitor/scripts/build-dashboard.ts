/**
 * The second half of `npm run build` (after tsc): the dashboard as static files in `dist/dashboard/` — the
 * page, its script bundled with uPlot, the styles and the icon, exactly what the clone serves from memory —
 * so the built package serves them as they are and needs neither esbuild nor the page's sources.
 *
 * @example
 * // not run: it writes dist/dashboard/ (npm run build runs it)
 * // tsx scripts/build-dashboard.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assetFile, dashboardAssets } from '../src/dashboard-assets.js';

const out = fileURLToPath(new URL('../dist/dashboard/', import.meta.url));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const assets = await dashboardAssets();
for (const [path, asset] of assets) writeFileSync(`${out}${assetFile(path)}`, asset.body);
console.log(`dashboard: ${[...assets.keys()].map(assetFile).join(', ')} written to dist/dashboard/`);
