// @ts-check
/**
 * Small line plots on canvas (no chart library): the last `MAX_POINTS` values, with the
 * latest value and the axis range printed. Redraws are coalesced to one per animation frame.
 */

const MAX_POINTS = 600;

/**
 * @typedef {{ t: number, v: number | null }} Point
 * @typedef {{ push(points: Point[]): void, clear(): void, latest(): number | null }} Plot
 */

/**
 * @param {HTMLCanvasElement} canvas
 * @param {{ label: string, unit: string, color: string, digits?: number }} options
 * @returns {Plot}
 */
export function createPlot(canvas, options) {
  /** @type {Point[]} */
  let points = [];
  let queued = false;

  const draw = () => {
    queued = false;
    const ratio = window.devicePixelRatio || 1;
    const cssW = canvas.clientWidth || 300;
    const cssH = canvas.clientHeight || 120;
    canvas.width = Math.round(cssW * ratio);
    canvas.height = Math.round(cssH * ratio);
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    const style = getComputedStyle(canvas);
    ctx.font = `12px ${style.fontFamily}`;
    ctx.fillStyle = style.color;
    const values = /** @type {number[]} */ (points.map((p) => p.v).filter((v) => v !== null));
    const last = points.at(-1)?.v ?? null;
    const digits = options.digits ?? 1;
    ctx.fillText(
      `${options.label}: ${last === null ? '–' : last.toFixed(digits)} ${options.unit}`,
      8,
      16,
    );
    const left = 8;
    const right = cssW - 8;
    const topY = 26;
    const bottom = cssH - 16;
    ctx.strokeStyle = style.borderColor || '#888';
    ctx.globalAlpha = 0.4;
    ctx.strokeRect(left, topY, right - left, bottom - topY);
    ctx.globalAlpha = 1;
    if (values.length === 0) return;
    let min = Math.min(...values);
    let max = Math.max(...values);
    if (max - min < 1e-9) {
      min -= 1;
      max += 1;
    }
    const first = points[0]?.t ?? 0;
    const span = Math.max(1, (points.at(-1)?.t ?? first) - first);
    const x = (/** @type {number} */ t) => left + ((t - first) / span) * (right - left);
    const y = (/** @type {number} */ v) => bottom - ((v - min) / (max - min)) * (bottom - topY);
    ctx.fillText(`${max.toFixed(digits)}`, right - 60, topY + 12);
    ctx.fillText(`${min.toFixed(digits)}`, right - 60, bottom - 4);
    ctx.strokeStyle = options.color;
    ctx.lineWidth = 2;
    ctx.beginPath();
    let pen = false;
    for (const p of points) {
      if (p.v === null) {
        pen = false;
        continue;
      }
      if (pen) ctx.lineTo(x(p.t), y(p.v));
      else ctx.moveTo(x(p.t), y(p.v));
      pen = true;
    }
    if (points.length === 1 && last !== null) ctx.arc(x(first), y(last), 2, 0, 2 * Math.PI);
    ctx.stroke();
  };
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(draw);
  };
  window.addEventListener('resize', schedule);
  schedule();

  return {
    push(more) {
      points = points.concat(more).slice(-MAX_POINTS);
      canvas.dataset['points'] = String(points.length);
      schedule();
    },
    clear() {
      points = [];
      schedule();
    },
    latest: () => points.at(-1)?.v ?? null,
  };
}
