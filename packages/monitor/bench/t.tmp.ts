import { Subject, tap } from 'rxjs';
import { trainLinearRegression } from '@gradstream/trainer';
import { serveMonitor, RunState } from '../src/index.js';
const ev = new Subject<any>();
const server = await serveMonitor(ev);
function trainOnce(onEvent?: (e: any) => void): Promise<number> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const e$ = onEvent ? trainLinearRegression().pipe(tap(onEvent)) : trainLinearRegression();
    e$.subscribe({ complete: () => resolve(performance.now() - t0) });
  });
}
const st = new RunState({ historySize: 512, logSize: 10000 });
const med = (x: number[]) => x.sort((a, b) => a - b)[x.length >> 1];
for (let i = 0; i < 10; i++) await trainOnce();
const a: number[] = [], b: number[] = [], c: number[] = [], d: number[] = [];
for (let i = 0; i < 30; i++) {
  a.push(await trainOnce());
  b.push(await trainOnce(() => {}));
  c.push(await trainOnce((e) => st.record(e)));
  d.push(await trainOnce((e) => ev.next(e)));
  await new Promise((r) => setTimeout(r, 5));
}
console.log('plain', med(a), 'tap', med(b), 'record', med(c), 'server', med(d));
await server.close();
