// @ts-check
/**
 * The page: one EventSource on `/dashboard/events` (pushed, batched by the server; no
 * polling). `init` carries the chart and the recent history; then `status`, `meter`, `rapi`,
 * `ocpp`, `fleet`, `claims`, `ocppProtocol` and `limit` events update the panels. On reconnect
 * a fresh `init` resets them.
 */
import { drawChart } from './chart.js';
import { createClaims } from './claims.js';
import { setupControls } from './controls.js';
import { byId } from './dom.js';
import { createFleet } from './fleet.js';
import { createLimit } from './limit.js';
import { createLog } from './log.js';
import { createPlot } from './plots.js';

/** @typedef {{ state: string, fault: string | null, evseState: number, pilotState: number | null, evConnected: boolean | null, currentCapacity: number }} Status */
/** @typedef {{ from: string, to: string, at: number }} Transition */
/** @typedef {{ t: number, currentA: number, voltageV: number, energyWh: number, temperatureC: number | null }} MeterPoint */
/** @typedef {{ dir: 'tx' | 'rx', line: string, at: number, info: string }} RapiLine */
/** @typedef {{ dir: 'tx' | 'rx', text: string, at: number, action: string, kind: string, summary: string }} OcppLine */

const plots = {
  current: createPlot(byId('plot-current', HTMLCanvasElement), {
    label: 'Current',
    unit: 'A',
    color: '#2f80ed',
  }),
  voltage: createPlot(byId('plot-voltage', HTMLCanvasElement), {
    label: 'Voltage',
    unit: 'V',
    color: '#9b51e0',
  }),
  energy: createPlot(byId('plot-energy', HTMLCanvasElement), {
    label: 'Session energy',
    unit: 'Wh',
    color: '#27ae60',
  }),
  temperature: createPlot(byId('plot-temperature', HTMLCanvasElement), {
    label: 'Temperature',
    unit: '°C',
    color: '#eb5757',
  }),
};
/** @param {'rapi' | 'ocpp'} name */
const logParts = (name) => ({
  container: byId(`${name}-log`, HTMLElement),
  filter: byId(`${name}-filter`, HTMLInputElement),
  dir: byId(`${name}-dir`, HTMLSelectElement),
  detail: byId(`${name}-detail`, HTMLElement),
  count: byId(`${name}-count`, HTMLElement),
});
const rapiLog = createLog(logParts('rapi'));
const ocppLog = createLog(logParts('ocpp'));
const fleet = createFleet({
  viewport: byId('fleet-viewport', HTMLElement),
  spacer: byId('fleet-spacer', HTMLElement),
  rows: byId('fleet-rows', HTMLElement),
  head: /** @type {HTMLElement} */ (document.querySelector('.fleet-head')),
  filter: byId('fleet-filter', HTMLInputElement),
  summary: byId('fleet-summary', HTMLElement),
});
const showClaims = createClaims({
  summary: byId('claims-summary', HTMLElement),
  rows: byId('claims-rows', HTMLElement),
});
const showLimit = createLimit({
  summary: byId('limit-summary', HTMLElement),
  detail: byId('limit-detail', HTMLElement),
});
const ocppProtocol = byId('ocpp-protocol', HTMLElement);
/** @param {string | null} protocol */
const showProtocol = (protocol) => {
  ocppProtocol.textContent = protocol ?? '';
};
const badge = byId('state-badge', HTMLElement);
const lastText = byId('last-transition', HTMLElement);
const chartRoot = byId('chart', SVGSVGElement);

/** @type {(state: string | null, last: { from: string, to: string } | null) => boolean} */
let highlight = () => false;
/** @type {Status | null} */
let status = null;
/** @type {Transition | null} */
let transition = null;

/** @param {Status} s */
const stateId = (s) => (s.state === 'fault' && s.fault ? `fault.${s.fault}` : s.state);

function showStatus() {
  if (status === null) return;
  const id = stateId(status);
  badge.textContent = status.fault ? `fault: ${status.fault}` : status.state;
  badge.className = `badge state-${status.state}`;
  badge.dataset['state'] = id;
  const drawn = highlight(id, transition);
  lastText.textContent = transition
    ? `last: ${transition.from} → ${transition.to}${drawn ? '' : ' (device report)'}`
    : '';
}

/** @param {MeterPoint[]} points */
function addMeter(points) {
  plots.current.push(points.map((p) => ({ t: p.t, v: p.currentA })));
  plots.voltage.push(points.map((p) => ({ t: p.t, v: p.voltageV })));
  plots.energy.push(points.map((p) => ({ t: p.t, v: p.energyWh })));
  plots.temperature.push(points.map((p) => ({ t: p.t, v: p.temperatureC })));
}
/** @param {RapiLine[]} lines */
const addRapi = (lines) =>
  rapiLog.append(lines.map((l) => ({ dir: l.dir, at: l.at, text: l.line, detail: l.info })));
/** @param {OcppLine[]} lines */
const addOcpp = (lines) =>
  ocppLog.append(
    lines.map((l) => ({
      dir: l.dir,
      at: l.at,
      text: l.text,
      tag: `${l.action} ${l.kind}`,
      note: l.summary,
      detail: l.text,
    })),
  );

/** @param {MessageEvent} event */
const data = (event) => JSON.parse(event.data);

const source = new EventSource('/dashboard/events');
const conn = byId('conn', HTMLElement);
source.addEventListener('open', () => {
  conn.textContent = 'live';
  conn.className = 'conn live';
});
source.addEventListener('error', () => {
  conn.textContent = 'reconnecting…';
  conn.className = 'conn down';
});
source.addEventListener('init', (event) => {
  const init = data(event);
  document.title = init.title;
  byId('title', HTMLElement).textContent = init.title;
  byId('plots-panel', HTMLElement).hidden = !init.panels.meter;
  byId('rapi-panel', HTMLElement).hidden = !init.panels.rapi;
  byId('ocpp-panel', HTMLElement).hidden = !init.panels.ocpp;
  byId('fleet-panel', HTMLElement).hidden = !init.panels.fleet;
  byId('claims-panel', HTMLElement).hidden = !init.panels.claims;
  byId('limit-panel', HTMLElement).hidden = !init.panels.limit;
  // A fleet has no one current state to show on the chart.
  byId('chart-panel', HTMLElement).hidden = init.panels.fleet && !init.panels.station;
  highlight = drawChart(chartRoot, init.chart);
  const faults = init.chart.states
    .filter((/** @type {{ parent?: string }} */ s) => s.parent === 'fault')
    .map((/** @type {{ id: string }} */ s) => s.id.slice('fault.'.length));
  setupControls(init.controls, faults, init.cardTag);
  status = init.status;
  transition = init.transition;
  showStatus();
  for (const p of Object.values(plots)) p.clear();
  addMeter(init.meter);
  rapiLog.clear();
  addRapi(init.rapi);
  ocppLog.clear();
  addOcpp(init.ocpp);
  fleet.clear();
  fleet.upsert(init.fleet);
  showClaims(init.claims);
  showProtocol(init.ocppProtocol);
  showLimit(init.limit);
  document.body.dataset['ready'] = 'yes';
});
source.addEventListener('status', (event) => {
  const next = data(event);
  status = next.status;
  if (next.transition) transition = next.transition;
  showStatus();
});
source.addEventListener('meter', (event) => addMeter(data(event)));
source.addEventListener('rapi', (event) => addRapi(data(event)));
source.addEventListener('ocpp', (event) => addOcpp(data(event)));
source.addEventListener('fleet', (event) => fleet.upsert(data(event)));
source.addEventListener('claims', (event) => showClaims(data(event)));
source.addEventListener('ocppProtocol', (event) => showProtocol(data(event)));
source.addEventListener('limit', (event) => showLimit(data(event)));
