// @ts-check
/**
 * The control buttons. They call the same HTTP control API as `evse ev …` (on the page's own
 * origin) and show its answer, including `{ "error": { "code", "message" } }` bodies.
 */
import { byId, el } from './dom.js';

/**
 * POST `body` to `path` and describe the outcome.
 * @param {string} path
 * @param {unknown} body
 * @returns {Promise<{ ok: boolean, text: string }>}
 */
async function post(path, body) {
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    return { ok: false, text: `${path}: cannot reach the control API (${String(err)})` };
  }
  const text = await response.text();
  if (response.ok) return { ok: true, text: `${path} ${JSON.stringify(body)}: OK` };
  /** @type {unknown} */
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: show the text
  }
  const error = /** @type {{ error?: { code?: string, message?: string } } | null} */ (json)?.error;
  const why = error ? `${error.code ?? ''}: ${error.message ?? ''}` : text.slice(0, 200);
  return { ok: false, text: `${path} failed: HTTP ${response.status} ${why}` };
}

/**
 * Show the controls for `kind` and wire them up; fault buttons come from the chart's children
 * of `fault` (one per FaultKind).
 * @param {'emulator' | 'bridge' | 'none'} kind
 * @param {string[]} faults
 * @param {string} cardTag the swipe field's initial tag (an idTag is at most 20 characters)
 */
export function setupControls(kind, faults, cardTag) {
  const panel = byId('controls-panel', HTMLElement);
  panel.hidden = kind === 'none';
  if (kind === 'none') return;
  const tagField = byId('id-tag', HTMLInputElement);
  if (tagField.value === '') tagField.value = cardTag;
  const result = byId('control-result', HTMLElement);
  for (const node of /** @type {HTMLElement[]} */ ([...panel.querySelectorAll('[data-kind]')])) {
    node.hidden = node.dataset['kind'] !== kind;
  }
  const faultBox = byId('fault-buttons', HTMLElement);
  for (const b of faultBox.querySelectorAll('button')) b.remove();
  for (const f of faults) {
    faultBox.append(
      el(
        'button',
        {
          type: 'button',
          'data-post': '/api/fault',
          'data-body': JSON.stringify({ kind: f }),
        },
        f,
      ),
    );
  }

  /** @param {Promise<{ ok: boolean, text: string }>} pending */
  const report = async (pending) => {
    result.className = 'result busy';
    const { ok, text } = await pending;
    result.className = `result ${ok ? 'ok' : 'error'}`;
    result.textContent = text;
  };
  panel.dataset['mode'] = kind;
  if (panel.dataset['wired'] === 'yes') return;
  panel.dataset['wired'] = 'yes';
  panel.addEventListener('click', (event) => {
    const button =
      event.target instanceof Element ? event.target.closest('button[data-post]') : null;
    if (!(button instanceof HTMLButtonElement)) return;
    void report(post(button.dataset['post'] ?? '', JSON.parse(button.dataset['body'] ?? '{}')));
  });
  byId('swipe-form', HTMLFormElement).addEventListener('submit', (event) => {
    event.preventDefault();
    const idTag = byId('id-tag', HTMLInputElement).value;
    const path = panel.dataset['mode'] === 'bridge' ? '/api/authorize' : '/api/swipe';
    void report(post(path, { idTag }));
  });
}
