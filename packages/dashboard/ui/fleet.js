// @ts-check
/**
 * The fleet table: rows keyed by station id, sorted client-side, virtualised (only the rows in
 * view, plus a few, are in the DOM), so 10,000 stations updating every second stay smooth.
 * Sorting and rendering happen at most once per animation frame.
 */
import { el } from './dom.js';

const ROW_H = 26;
const OVERSCAN = 6;

/** @typedef {{ id: string, state: string, transactionId: number | null, energyWh: number, fault?: string | null }} FleetRow */
/** @typedef {'id' | 'state' | 'transactionId' | 'energyWh'} SortKey */

const collator = new Intl.Collator(undefined, { numeric: true });

/**
 * @param {{ viewport: HTMLElement, spacer: HTMLElement, rows: HTMLElement, head: HTMLElement,
 *   filter: HTMLInputElement, summary: HTMLElement }} parts
 */
export function createFleet(parts) {
  const { viewport, spacer, rows: body, head, filter, summary } = parts;
  /** @type {Map<string, FleetRow>} */
  const byId = new Map();
  /** @type {FleetRow[]} */
  let view = [];
  /** @type {SortKey} */
  let key = 'id';
  let asc = true;
  let dirty = true;
  let queued = false;
  /** @type {number | null} set by a header click, cleared when that sort is on screen */
  let sortStarted = null;

  /** @param {FleetRow} a @param {FleetRow} b */
  const compare = (a, b) => {
    const x = a[key];
    const y = b[key];
    let c;
    if (typeof x === 'number' || typeof y === 'number') {
      c = (x === null ? -1 : Number(x)) - (y === null ? -1 : Number(y));
    } else c = collator.compare(String(x), String(y));
    if (c === 0 && key !== 'id') c = collator.compare(a.id, b.id);
    return asc ? c : -c;
  };

  const render = () => {
    queued = false;
    if (dirty) {
      const needle = filter.value.trim().toLowerCase();
      view = [...byId.values()];
      if (needle) {
        view = view.filter(
          (r) => r.id.toLowerCase().includes(needle) || r.state.toLowerCase().includes(needle),
        );
      }
      view.sort(compare);
      dirty = false;
      /** @type {Record<string, number>} */
      const counts = {};
      for (const r of byId.values()) counts[r.state] = (counts[r.state] ?? 0) + 1;
      summary.textContent = `${byId.size} stations · ${Object.entries(counts)
        .map(([s, n]) => `${n} ${s}`)
        .join(' · ')}`;
    }
    spacer.style.height = `${view.length * ROW_H}px`;
    const first = Math.max(0, Math.floor(viewport.scrollTop / ROW_H) - OVERSCAN);
    const count = Math.ceil(viewport.clientHeight / ROW_H) + 2 * OVERSCAN;
    const slice = view.slice(first, first + count);
    body.style.transform = `translateY(${first * ROW_H}px)`;
    body.replaceChildren(
      ...slice.map((r) => {
        const row = el('div', { class: `frow state-${r.state}`, 'data-id': r.id });
        row.append(
          el('span', {}, r.id),
          el('span', { class: 'state' }, r.fault ? `${r.state} (${r.fault})` : r.state),
          el('span', { class: 'num' }, r.transactionId === null ? '' : String(r.transactionId)),
          el('span', { class: 'num' }, r.energyWh.toFixed(0)),
        );
        return row;
      }),
    );
    if (sortStarted !== null) {
      viewport.dataset['lastSortMs'] = (performance.now() - sortStarted).toFixed(1);
      sortStarted = null;
    }
    viewport.dataset['sort'] = `${key}:${asc ? 'asc' : 'desc'}`;
  };
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(render);
  };

  viewport.addEventListener('scroll', schedule, { passive: true });
  filter.addEventListener('input', () => {
    dirty = true;
    schedule();
  });
  head.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    const next = /** @type {SortKey | undefined} */ (button?.dataset['sort']);
    if (!button || !next) return;
    asc = next === key ? !asc : true;
    key = next;
    for (const b of head.querySelectorAll('button')) b.removeAttribute('aria-sort');
    button.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    sortStarted = performance.now();
    dirty = true;
    // Sort now, not on the next frame, so the click's cost is measured where it is paid.
    render();
  });

  return {
    /** @param {FleetRow[]} updates */
    upsert(updates) {
      for (const r of updates) byId.set(r.id, r);
      dirty = true;
      schedule();
    },
    clear() {
      byId.clear();
      dirty = true;
      schedule();
    },
  };
}
