// @ts-check
/**
 * Geometry of the statechart drawing: edge curves between ports, label placement without
 * overlaps, and which drawn edge explains a state change.
 */

/** @typedef {{ x: number, y: number, w: number, h: number }} Box */
/** @typedef {{ from: string, to: string, event: string, el: SVGGElement }} DrawnEdge */

const ANY = '*';

/**
 * The drawn edge that explains `from → to`: from the state itself, its parent, or "any state";
 * into the state or the compound it belongs to.
 * @param {DrawnEdge[]} drawn
 * @param {{ from: string, to: string }} last
 * @param {(id: string) => string} top
 */
export function findEdge(drawn, last, top) {
  const sources = [last.from, top(last.from), ANY];
  const targets = [last.to, top(last.to)];
  for (const from of sources) {
    for (const to of targets) {
      const hit = drawn.find((e) => e.from === from && e.to === to);
      if (hit) return hit;
    }
  }
  return null;
}

const LABEL_H = 11;

/**
 * A label height near `y` that does not overlap a label placed before (estimated widths: the
 * page has no text metrics before layout); tries below, then above, a step at a time.
 * @param {{ x: number, y: number, w: number }[]} placed
 * @param {number} x centre
 * @param {number} y baseline
 * @param {number} w
 */
export function freeSpot(placed, x, y, w) {
  const clash = (/** @type {number} */ ty) =>
    placed.some((p) => Math.abs(p.x - x) < (p.w + w) / 2 && Math.abs(p.y - ty) < LABEL_H);
  for (let step = 0; step < 8; step++) {
    for (const ty of [y + step * LABEL_H, y - step * LABEL_H]) {
      if (!clash(ty)) {
        placed.push({ x, y: ty, w });
        return ty;
      }
    }
  }
  placed.push({ x, y, w });
  return y;
}

/**
 * A curve between two ports and a label point (on the curve, a little off its middle so the
 * labels of a fanned-out bundle do not stack).
 * @param {{ a: Box, b: Box, fromSide: 'top' | 'bottom', toSide: 'top' | 'bottom', fromX: number, toX: number }} p
 */
export function route(p) {
  const sy = p.fromSide === 'top' ? p.a.y : p.a.y + p.a.h;
  const ey = p.toSide === 'top' ? p.b.y : p.b.y + p.b.h;
  const sx = p.fromX;
  const ex = p.toX;
  if (p.fromSide === p.toSide) {
    // Same row: arc over the top (or under, for the return direction).
    const bend = (p.fromSide === 'top' ? -1 : 1) * (34 + Math.abs(ex - sx) / 12);
    const my = sy + bend;
    return {
      path: `M${sx},${sy} C${sx},${my} ${ex},${my} ${ex},${ey}`,
      lx: (sx + ex) / 2,
      ly: sy + bend * 0.75,
    };
  }
  const dy = (ey - sy) / 2;
  // Point at t = 0.4 of the cubic: labels sit nearer their source than their target.
  const t = 0.4;
  const u = 1 - t;
  const bez = (
    /** @type {number} */ p0,
    /** @type {number} */ p1,
    /** @type {number} */ p2,
    /** @type {number} */ p3,
  ) => u * u * u * p0 + 3 * u * u * t * p1 + 3 * u * t * t * p2 + t * t * t * p3;
  return {
    path: `M${sx},${sy} C${sx},${sy + dy} ${ex},${ey - dy} ${ex},${ey}`,
    lx: bez(sx, sx, ex, ex),
    ly: bez(sy, sy + dy, ey - dy, ey) + 3,
  };
}
