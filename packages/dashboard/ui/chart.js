// @ts-check
/**
 * The statechart as inline SVG, laid out from `machineToJson()` (never hand-drawn): top-level
 * states in layers by breadth-first distance from the initial state, compound states (the
 * fault kinds) as a box of their children at the bottom, an "any state" node for transitions
 * defined on the machine root. Host-mirror `DEVICE_STATE` jumps are not drawn (they go
 * everywhere); the current state and the last transition are highlighted.
 */

/** @typedef {{ id: string, code: number | null, parent?: string, initial?: string }} ChartState */
/** @typedef {{ from: string, to: string, event: string, guard?: string }} ChartTransition */
/** @typedef {{ id: string, initial: string, states: ChartState[], transitions: ChartTransition[] }} Chart */
/** @typedef {import('./chart-geometry.js').Box} Box */
/** @typedef {import('./chart-geometry.js').DrawnEdge} DrawnEdge */

import { findEdge, freeSpot, route } from './chart-geometry.js';

const SVG = 'http://www.w3.org/2000/svg';
const W = 128;
const H = 42;
const GAP_X = 56;
const GAP_Y = 110;
const PAD = 24;
const ANY = '*';

/**
 * @param {string} tag
 * @param {Record<string, string | number>} attrs
 * @param {string} [text]
 */
function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {number | null} code */
const hex = (code) =>
  code === null ? '' : `0x${code.toString(16).toUpperCase().padStart(2, '0')}`;

/**
 * Draw `chart` into `root` and return a function that highlights a state and a transition.
 * @param {SVGSVGElement} root
 * @param {Chart} chart
 */
export function drawChart(root, chart) {
  root.replaceChildren();
  const parentOf = new Map(chart.states.map((s) => [s.id, s.parent ?? null]));
  /** @param {string} id */
  const top = (id) => parentOf.get(id) ?? id;
  const tops = chart.states.filter((s) => s.parent === undefined);
  const childrenOf = (/** @type {string} */ id) => chart.states.filter((s) => s.parent === id);
  const compound = new Set(tops.filter((s) => childrenOf(s.id).length > 0).map((s) => s.id));

  // Edges to draw: skip mirror jumps and self-loops; many edges from one source with one event
  // into children of the same compound become one edge to the compound (FAULT → fault).
  /** @type {Map<string, { from: string, to: string, event: string, guard?: string }>} */
  const edges = new Map();
  for (const t of chart.transitions) {
    if (t.event === 'DEVICE_STATE' || t.from === t.to) continue;
    const siblings = chart.transitions.filter(
      (u) =>
        u.from === t.from && u.event === t.event && parentOf.get(u.to) && top(u.to) === top(t.to),
    );
    const to = siblings.length > 1 ? top(t.to) : t.to;
    const edge = { from: t.from, to, event: t.event };
    edges.set(
      `${t.from}|${to}|${t.event}`,
      t.guard && to === t.to ? { ...edge, guard: t.guard } : edge,
    );
  }

  // Layers: BFS over top-level edges from the initial state; compounds go to a last layer.
  /** @type {Map<string, number>} */
  const layer = new Map([[top(chart.initial), 0]]);
  const queue = [top(chart.initial)];
  while (queue.length > 0) {
    const id = /** @type {string} */ (queue.shift());
    for (const e of edges.values()) {
      if (e.from === ANY || top(e.from) !== id) continue;
      const next = top(e.to);
      if (!layer.has(next)) {
        layer.set(next, (layer.get(id) ?? 0) + 1);
        queue.push(next);
      }
    }
  }
  const simple = tops.filter((s) => !compound.has(s.id));
  const maxSimple = Math.max(1, ...simple.map((s) => layer.get(s.id) ?? 1));
  /** @type {string[][]} */
  const rows = [];
  for (const s of tops) {
    const l = compound.has(s.id) ? maxSimple + 1 : (layer.get(s.id) ?? 1);
    const row = rows[l] ?? [];
    row.push(s.id);
    rows[l] = row;
  }
  const hasAny = [...edges.values()].some((e) => e.from === ANY);
  if (hasAny) rows[0] = [...(rows[0] ?? []), ANY];

  // Boxes. A compound lays its children out in a grid of at most 5 columns.
  /** @type {Map<string, Box>} */
  const boxes = new Map();
  const COLS = 5;
  const sizeOf = (/** @type {string} */ id) => {
    const kids = compound.has(id) ? childrenOf(id).length : 0;
    if (kids === 0) return { w: W, h: H };
    const cols = Math.min(COLS, kids);
    return { w: cols * (W + 12) + 12, h: Math.ceil(kids / cols) * (H + 12) + 34 };
  };
  const rowWidths = rows.map((r) =>
    (r ?? []).reduce((sum, id) => sum + sizeOf(id).w + GAP_X, -GAP_X),
  );
  const width = Math.max(...rowWidths) + 2 * PAD;
  let y = PAD;
  for (const row of rows) {
    if (!row) continue;
    const rowWidth = row.reduce((sum, id) => sum + sizeOf(id).w + GAP_X, -GAP_X);
    let x = (width - rowWidth) / 2;
    const h = Math.max(...row.map((id) => sizeOf(id).h));
    for (const id of row) {
      const size = sizeOf(id);
      boxes.set(id, { x, y, ...size });
      if (compound.has(id)) {
        childrenOf(id).forEach((c, i) => {
          const cols = Math.min(COLS, childrenOf(id).length);
          boxes.set(c.id, {
            x: x + 12 + (i % cols) * (W + 12),
            y: y + 28 + Math.floor(i / cols) * (H + 12),
            w: W,
            h: H,
          });
        });
      }
      x += size.w + GAP_X;
    }
    y += h + GAP_Y;
  }
  const height = y - GAP_Y + PAD;
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.append(
    svg('defs', {}),
    svg('g', { class: 'edges' }),
    svg('g', { class: 'nodes' }),
    svg('g', { class: 'labels' }),
  );
  const [defs, edgeLayer, nodeLayer, labelLayer] = /** @type {SVGGElement[]} */ ([
    ...root.children,
  ]);
  if (!defs || !edgeLayer || !nodeLayer || !labelLayer) throw new Error('chart layers missing');
  for (const [id, cls] of [
    ['arrow', 'arrow'],
    ['arrow-last', 'arrow last'],
  ]) {
    const marker = svg('marker', {
      id: /** @type {string} */ (id),
      viewBox: '0 0 10 10',
      refX: 9,
      refY: 5,
      markerWidth: 7,
      markerHeight: 7,
      orient: 'auto-start-reverse',
    });
    marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: /** @type {string} */ (cls) }));
    defs.append(marker);
  }

  // Nodes: compounds first so their children draw on top.
  const ordered = [...boxes.keys()].sort(
    (a, b) => Number(compound.has(b)) - Number(compound.has(a)),
  );
  /** @type {Map<string, SVGGElement>} */
  const nodes = new Map();
  for (const id of ordered) {
    const b = /** @type {Box} */ (boxes.get(id));
    const state = chart.states.find((s) => s.id === id);
    const name = id === ANY ? 'any state' : (id.split('.').pop() ?? id);
    const g = /** @type {SVGGElement} */ (
      svg('g', {
        class: `node${compound.has(id) ? ' compound' : ''}${id === ANY ? ' any' : ''}`,
        'data-id': id,
      })
    );
    g.append(svg('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: id === ANY ? 21 : 10 }));
    const ty = compound.has(id) ? b.y + 18 : b.y + (state?.code == null ? 26 : 19);
    g.append(svg('text', { x: b.x + b.w / 2, y: ty, class: 'name' }, name));
    if (state && state.code !== null) {
      g.append(svg('text', { x: b.x + b.w / 2, y: b.y + 34, class: 'code' }, hex(state.code)));
    }
    const title = svg('title', {}, id === ANY ? 'transitions defined on the machine root' : id);
    g.append(title);
    nodeLayer.append(g);
    nodes.set(id, g);
  }
  if (chart.initial && boxes.has(chart.initial)) {
    const b = /** @type {Box} */ (boxes.get(chart.initial));
    nodeLayer.append(svg('circle', { cx: b.x - 20, cy: b.y + b.h / 2, r: 6, class: 'initial' }));
  }

  // Edges: cubic curves between box borders. Each edge gets its own port on the side of a box
  // it leaves or enters, ordered by where the other end is, so bundles fan out, not overlap.
  const plan = [];
  for (const e of edges.values()) {
    const a = boxes.get(e.from);
    const b = boxes.get(e.to);
    if (!a || !b) continue;
    const sameRow = Math.abs(a.y - b.y) < 1;
    const down = b.y > a.y;
    /** @type {'top' | 'bottom'} */
    const fromSide = sameRow ? (a.x < b.x ? 'top' : 'bottom') : down ? 'bottom' : 'top';
    /** @type {'top' | 'bottom'} */
    const toSide = sameRow ? fromSide : down ? 'top' : 'bottom';
    plan.push({ e, a, b, fromSide, toSide, fromX: 0, toX: 0 });
  }
  /** @type {Map<string, { other: number, set: (x: number) => void }[]>} */
  const ports = new Map();
  const port = (
    /** @type {string} */ key,
    /** @type {number} */ other,
    /** @type {(x: number) => void} */ set,
  ) => {
    const list = ports.get(key) ?? [];
    list.push({ other, set });
    ports.set(key, list);
  };
  for (const p of plan) {
    port(`${p.e.from}|${p.fromSide}`, p.b.x + p.b.w / 2, (x) => {
      p.fromX = x;
    });
    port(`${p.e.to}|${p.toSide}`, p.a.x + p.a.w / 2, (x) => {
      p.toX = x;
    });
  }
  for (const [key, list] of ports) {
    const b = /** @type {Box} */ (boxes.get(key.slice(0, key.lastIndexOf('|'))));
    list.sort((x, y) => x.other - y.other);
    const inset = Math.min(14, b.w / 6);
    for (const [i, p] of list.entries()) {
      p.set(b.x + inset + ((b.w - 2 * inset) * (i + 1)) / (list.length + 1));
    }
  }
  /** @type {DrawnEdge[]} */
  const drawn = [];
  /** @type {{ x: number, y: number, w: number }[]} */
  const placed = [];
  for (const p of plan) {
    const { e } = p;
    const d = route(p);
    d.ly = freeSpot(placed, d.lx, d.ly, e.event.length * 5.8 + 6);
    const g = /** @type {SVGGElement} */ (
      svg('g', { class: 'edge', 'data-from': e.from, 'data-to': e.to, 'data-event': e.event })
    );
    g.append(svg('path', { d: d.path, 'marker-end': 'url(#arrow)' }));
    g.append(svg('title', {}, `${e.from} → ${e.to}: ${e.event}${e.guard ? ` [${e.guard}]` : ''}`));
    edgeLayer.append(g);
    const label = svg('text', { x: d.lx, y: d.ly, class: 'edge-label' }, e.event);
    label.setAttribute('data-edge', `${e.from}|${e.to}|${e.event}`);
    labelLayer.append(label);
    drawn.push({ ...e, el: g });
  }

  /**
   * Mark `stateId` (and its compound parent) active and the drawn edge for `from → to` last.
   * @param {string | null} stateId
   * @param {{ from: string, to: string } | null} last
   */
  return function highlight(stateId, last) {
    for (const [id, g] of nodes) {
      g.classList.toggle('active', stateId !== null && (id === stateId || id === top(stateId)));
    }
    const match = last === null ? null : findEdge(drawn, last, top);
    for (const e of drawn) {
      const on = e === match;
      e.el.classList.toggle('last', on);
      e.el
        .querySelector('path')
        ?.setAttribute('marker-end', on ? 'url(#arrow-last)' : 'url(#arrow)');
      const label = labelLayer.querySelector(
        `[data-edge="${CSS.escape(`${e.from}|${e.to}|${e.event}`)}"]`,
      );
      label?.classList.toggle('last', on);
    }
    return match !== null;
  };
}
