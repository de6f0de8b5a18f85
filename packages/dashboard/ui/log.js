// @ts-check
/**
 * A traffic log (RAPI lines or OCPP frames): newest at the bottom, at most `MAX_ROWS` rows,
 * filtered by text and direction; a row may carry a decoded note (an OCPP frame's summary) before
 * its text. Hovering or clicking a row shows its decoded meaning; the log
 * follows new rows only while the pointer is elsewhere.
 */
import { clock, el } from './dom.js';

const MAX_ROWS = 1000;

/**
 * @typedef {{ dir: 'tx' | 'rx', at: number, text: string, tag?: string, note?: string, detail: string }} LogEntry
 */

/**
 * @param {{ container: HTMLElement, filter: HTMLInputElement, dir: HTMLSelectElement,
 *   detail: HTMLElement, count: HTMLElement }} parts
 */
export function createLog(parts) {
  const { container, filter, dir, detail, count } = parts;
  let total = 0;

  /** @param {HTMLElement} row */
  const matches = (row) => {
    const needle = filter.value.trim().toLowerCase();
    if (dir.value && row.dataset['dir'] !== dir.value) return false;
    return needle === '' || (row.dataset['search'] ?? '').includes(needle);
  };
  const refilter = () => {
    for (const row of /** @type {HTMLElement[]} */ ([...container.children])) {
      row.hidden = !matches(row);
    }
  };
  filter.addEventListener('input', refilter);
  dir.addEventListener('change', refilter);

  /** @param {Event} event */
  const show = (event) => {
    const row = /** @type {HTMLElement | null} */ (
      event.target instanceof Element ? event.target.closest('.row') : null
    );
    if (!row) return;
    detail.textContent = row.dataset['detail'] ?? '';
    if (event.type === 'click') {
      for (const r of container.querySelectorAll('.row.selected')) r.classList.remove('selected');
      row.classList.add('selected');
    }
  };
  container.addEventListener('mouseover', show);
  container.addEventListener('click', show);
  // While the pointer is over the log it stops following new rows, so the row being read
  // does not scroll out from under the pointer (and the detail does not jump to another row).
  let pointerInside = false;
  container.addEventListener('mouseenter', () => {
    pointerInside = true;
  });
  container.addEventListener('mouseleave', () => {
    pointerInside = false;
  });

  return {
    /** @param {LogEntry[]} entries */
    append(entries) {
      const atBottom = container.scrollTop + container.clientHeight >= container.scrollHeight - 4;
      const stick = atBottom && !pointerInside;
      const frag = document.createDocumentFragment();
      for (const e of entries) {
        const row = el('div', { class: `row ${e.dir}`, 'data-dir': e.dir, title: e.detail });
        row.dataset['detail'] = e.detail;
        row.dataset['search'] =
          `${e.text} ${e.tag ?? ''} ${e.note ?? ''} ${e.detail}`.toLowerCase();
        row.append(
          el('span', { class: 'time' }, clock(e.at)),
          el('span', { class: 'dir' }, e.dir === 'tx' ? '→' : '←'),
        );
        if (e.tag) row.append(el('span', { class: 'tag' }, e.tag));
        if (e.note) row.append(el('span', { class: 'note' }, e.note));
        row.append(el('span', { class: 'text' }, e.text));
        row.hidden = !matches(row);
        frag.append(row);
      }
      container.append(frag);
      const excess = container.children.length - MAX_ROWS;
      for (let i = 0; i < excess; i++) container.firstElementChild?.remove();
      total += entries.length;
      count.textContent = `${total} total`;
      if (stick) container.scrollTop = container.scrollHeight;
    },
    clear() {
      container.replaceChildren();
      total = 0;
      count.textContent = '';
    },
  };
}
