/**
 * A claim's properties as the module's API reads and writes them (WIFI-API.md §7.2): each is
 * optional ("unset" does not vote); `state` is read by its first letter; `"clear"` unsets a
 * current; `auto_release` is always written.
 */

export interface ClaimProperties {
  readonly state?: 'active' | 'disabled';
  /** Amps. */
  readonly charge_current?: number;
  /** Amps: a cap whatever the priority. */
  readonly max_current?: number;
  /** Release the claim when the EV is unplugged. */
  readonly auto_release: boolean;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** True for a plain JSON object. */
export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The properties in `body` laid over `base` (a fresh claim: `{ auto_release }` only). Keys the
 * module does not know are ignored; a value it cannot read leaves the property as it was.
 */
export function readProperties(
  body: Record<string, unknown>,
  base: ClaimProperties,
): ClaimProperties {
  const out: Mutable<ClaimProperties> = { ...base };
  const state = body['state'];
  if (typeof state === 'string') {
    // Only the first letter counts; "clear" and others leave the state as it was (§7.2).
    if (state.startsWith('a')) out.state = 'active';
    else if (state.startsWith('d')) out.state = 'disabled';
  }
  for (const key of ['charge_current', 'max_current'] as const) {
    const v = body[key];
    if (v === 'clear') delete out[key];
    else if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
  }
  if (typeof body['auto_release'] === 'boolean') out.auto_release = body['auto_release'];
  return out;
}

/** The JSON the module writes for a claim: the set properties, then `auto_release`. */
export function propertiesJson(p: ClaimProperties): Record<string, unknown> {
  return {
    ...(p.state === undefined ? {} : { state: p.state }),
    ...(p.charge_current === undefined ? {} : { charge_current: p.charge_current }),
    ...(p.max_current === undefined ? {} : { max_current: p.max_current }),
    auto_release: p.auto_release,
  };
}

export function sameProperties(a: ClaimProperties | undefined, b: ClaimProperties): boolean {
  return (
    a !== undefined &&
    a.state === b.state &&
    a.charge_current === b.charge_current &&
    a.max_current === b.max_current &&
    a.auto_release === b.auto_release
  );
}
