import { decodeReply, isCommandCode, type RapiAsyncFrame, type RapiReplyFrame } from '@evse/core';

/** A short human reading of a reply's fields for the commands people query most. */
export function describeReply(cmd: string, reply: RapiReplyFrame): string {
  const head = reply.ok ? 'OK' : 'NK';
  const fields = reply.fields.join(' ');
  const meaning = reply.ok ? meaningOf(cmd.toUpperCase(), reply.fields) : null;
  return meaning ? `${head} ${fields}  (${meaning})` : fields ? `${head} ${fields}` : head;
}

/** A short reading of an async frame (`$AT`, `$AB`, …). */
export function describeAsync(frame: RapiAsyncFrame): string {
  const text = `$${frame.type} ${frame.fields.join(' ')}`.trim();
  if (frame.type === 'AT') {
    const [state, pilot, amps] = frame.fields;
    return `${text}  (state ${stateName(state)}, pilot ${stateName(pilot)}, ${Number(amps)} A)`;
  }
  if (frame.type === 'AB') return `${text}  (boot: state ${stateName(frame.fields[0])})`;
  return text;
}

// RAPI.md §3.1: EVSE state codes (hex).
const STATE_NAMES: Readonly<Record<number, string>> = {
  0: 'starting',
  1: 'A not connected',
  2: 'B connected',
  3: 'C charging',
  4: 'D vent required',
  5: 'diode check failed',
  6: 'GFCI fault',
  7: 'no ground',
  8: 'stuck relay',
  9: 'GFI self-test failed',
  10: 'over temperature',
  11: 'over current',
  14: 'relay closure fault',
  254: 'sleeping',
  255: 'disabled',
};

function stateName(hex: string | undefined): string {
  const code = Number.parseInt(hex ?? '', 16);
  return STATE_NAMES[code] ?? `0x${hex ?? '?'}`;
}

// Reply layouts from RAPI.md §2.3 (getters).
function meaningOf(cmd: string, f: readonly string[]): string | null {
  switch (cmd) {
    case 'GV':
      return `firmware ${f[0]}, RAPI ${f[1]}`;
    case 'GS':
      return `state ${stateName(f[0])}, ${Number(f[1])} s elapsed, pilot ${stateName(f[2])}, vflags 0x${f[3] ?? '?'}`;
    case 'GG':
      return `${Number(f[0]) / 1000} A, ${Number(f[1]) / 1000} V`;
    case 'GU':
      return `session ${(Number(f[0]) / 3600).toFixed(1)} Wh, lifetime ${f[1]} Wh`;
    case 'GP':
      return `temperatures ${f.map((t) => (t === '-2560' ? '—' : `${Number(t) / 10} °C`)).join(', ')}`;
    case 'GC':
      return `min ${f[0]} A, max ${f[1]} A, pilot ${f[2]} A`;
    default:
      return generic(cmd, f);
  }
}

/** `name value` pairs from core's command table, for every other command with reply data. */
function generic(cmd: string, fields: readonly string[]): string | null {
  const decoded = decodedFields(cmd, fields);
  if (!decoded) return null;
  const pairs = Object.entries(decoded).map(([name, value]) => `${name} ${value}`);
  return pairs.length > 0 ? pairs.join(', ') : null;
}

/** The reply's fields by name (core's `decodeReply`), or null for unknown/short replies. */
export function decodedFields(
  cmd: string,
  fields: readonly string[],
): Record<string, unknown> | null {
  if (!isCommandCode(cmd)) return null;
  try {
    return { ...decodeReply(cmd, fields) };
  } catch {
    return null;
  }
}
