/**
 * The dashboard page: connects to the monitor it was served from, folds every frame into the
 * store, and redraws the panels at most ~10 times a second, however fast steps arrive.
 *
 * Page URL options: `?maxHz=N` asks the server for at most N step frames a second; `?token=` and
 * `?control=` (the monitor prints them) are taken out of the address bar at once (url-secrets.ts) and
 * sent on the WebSocket only.
 */
import { compareView } from './compare-view.js';
import { connect, type Connection } from './connection.js';
import { installHook } from './hook.js';
import { boundaryPanel } from './panels/boundary.js';
import { controlsPanel } from './panels/controls.js';
import { explainPanel } from './panels/explain.js';
import { graphPanel } from './panels/graph.js';
import { lossPanel } from './panels/loss.js';
import { paramsPanel } from './panels/params.js';
import { scatterPanel } from './panels/scatter.js';
import { statusPanel } from './panels/status.js';
import { StepView } from './step-view.js';
import { RunStore } from './store.js';
import { createThrottle } from './throttle.js';
import { takeSecrets } from './url-secrets.js';

const byId = (id: string): HTMLElement => {
  const e = document.getElementById(id);
  if (!e) throw new Error(`gradstream dashboard: the page has no #${id} element`);
  return e;
};

// First of all, so the secrets leave the address bar before anything else can go wrong.
const secrets = takeSecrets();
const store = new RunStore();
let connection: Connection | undefined;
const controls = controlsPanel(byId('controls'), (command) => connection?.send(command));
// One view (whole run, zoom or follow) shared by the step charts, so they stay aligned.
const steps = new StepView();
const loss = lossPanel(byId('loss'), steps);
const paramCharts = paramsPanel(byId('params'), steps);
const graph = graphPanel(byId('graph'));
const boundary = boundaryPanel(byId('boundary-card'), byId('boundary'));
const panels = [
  statusPanel({ connection: byId('connection'), config: byId('config'), banner: byId('banner'), now: byId('now'), epochs: byId('epochs') }),
  loss,
  boundary,
  scatterPanel(byId('scatter')),
  paramCharts,
  explainPanel(byId('explain')),
  graph,
];

// With several runs (protocol 2): the compare view above the panels, which then show the selected run.
const compare = compareView(byId('banner'), (frame) => connection?.send(frame) ?? false, () => redraw.request());
const shownStore = () => compare.shownStore(store);

// Main-thread time spent on frames and on drawing, for the test hook.
const busy = { apply: 0, draw: 0 };

const redraw = createThrottle(
  () => {
    const t = performance.now();
    const shown = shownStore();
    for (const p of panels) p.update(shown);
    compare.update();
    busy.draw += performance.now() - t;
  },
  { minIntervalMs: 100, now: () => performance.now(), schedule: (f) => requestAnimationFrame(f) },
);

installHook(shownStore, { boundary: () => boundary.state, compare: () => compare.hook(), control: () => controls.state, loss, params: paramCharts, steps, graphNodes: () => graph.nodes, draws: () => redraw.draws, busyMs: () => ({ ...busy }) });

// Which monitor the page is on (host:port): with replicas, the one it failed over to.
const monitorAddress = byId('monitor');
const params = new URLSearchParams(location.search);
const maxHz = params.has('maxHz') ? Number(params.get('maxHz')) : undefined;

connection = connect({
  url: `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/`,
  ...secrets,
  maxHz: maxHz !== undefined && maxHz > 0 ? maxHz : undefined,
  lastSeq: () => store.lastSeq,
  runId: () => store.runId,
  ended: () => store.done !== null || store.error !== null,
  onState: (state, monitor) => {
    // The address bar still names the monitor that served the page: say when another one serves it now.
    const since = monitor === location.host ? '' : ` (failed over from ${location.host})`;
    monitorAddress.textContent = state === 'open' ? `on ${monitor}${since}` : state === 'connecting' || state === 'reconnecting' ? `trying ${monitor}` : monitor;
    monitorAddress.title = state === 'open' ? 'the monitor this page is connected to' : 'the monitor this page is trying';
    store.setConnection(state);
    compare.setConnection(state);
    redraw.request();
  },
  onFrame: (frame) => {
    const t = performance.now();
    if (compare.apply(frame)) {
      busy.apply += performance.now() - t;
      return;
    }
    controls.apply(frame);
    if (store.apply(frame)) redraw.request();
    busy.apply += performance.now() - t;
  },
});
redraw.request();
