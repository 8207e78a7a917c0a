import { noGrad, tensor } from './src/index.js';
const X = new Float64Array(20).map(() => Math.random()); const y = new Float64Array(10).map(() => Math.random());
const w = tensor(new Float64Array(2), { shape: [2, 1], requiresGrad: true });
const b = tensor(new Float64Array(1), { shape: [1], requiresGrad: true });
function time(name: string, f: () => unknown, n = 20000) { let best = Infinity; for (let r = 0; r < 25; r++) { const t = process.hrtime.bigint(); for (let i = 0; i < n; i++) f(); best = Math.min(best, Number(process.hrtime.bigint() - t) / n); } console.log(name.padEnd(16), best.toFixed(0), 'ns'); }
const Xt = tensor(X, { shape: [10, 2] }); const yt = tensor(y);
time('tensor() x2', () => { tensor(X, { shape: [10, 2] }); tensor(y); });
time('forward', () => { const yHat = Xt.matmul(w).add(b); return yHat.sub(yt.reshape(yHat.shape)).pow(2).div(2).sum(); });
time('fwd+bwd', () => { const yHat = Xt.matmul(w).add(b); yHat.sub(yt.reshape(yHat.shape)).pow(2).div(2).sum().backward(); });
time('update', () => noGrad(() => { for (const p of [w, b]) { p.sub_(p.grad!.mul(0.003)); p.grad!.zero_(); } }));
