/**
 * Plain-language decoding of RAPI lines for the traffic log's hover/click text, from the
 * core tables (never typed twice): command summaries, reply fields and `$AT`/`$ST` codes.
 */
import {
  commandSpec,
  decodeReply,
  decodeVflags,
  evseStateInfo,
  isCommandCode,
  parseLine,
  pilotStates,
} from '@evse/core';

/** Decodes a stream of lines, remembering the last command so a reply can be named. */
export interface RapiDescriber {
  describe(direction: 'tx' | 'rx', line: string): string;
}

/** A describer for one connection's traffic (replies follow their command, RAPI.md §1.5). */
export function createRapiDescriber(): RapiDescriber {
  let lastCommand: string | null = null;
  return {
    describe(direction, line) {
      const parsed = parseLine(line, { origin: direction === 'tx' ? 'host' : 'device' });
      if (!parsed.ok) return `not a frame: ${parsed.error.message}`;
      const { frame } = parsed;
      if (frame.kind === 'command') {
        lastCommand = frame.code;
        if (!isCommandCode(frame.code)) return `unknown command $${frame.code}`;
        const spec = commandSpec(frame.code);
        const params = spec.params
          .map((p, i) => (frame.params[i] === undefined ? null : `${p.name}=${frame.params[i]}`))
          .filter((p) => p !== null);
        return `$${frame.code}: ${spec.summary}${params.length ? ` (${params.join(', ')})` : ''} — ${spec.ref}`;
      }
      if (frame.kind === 'async') return describeAsync(frame.type, frame.fields);
      const code = lastCommand;
      lastCommand = null;
      if (!frame.ok) return `$NK: ${code ? `$${code} ` : ''}refused`;
      if (code === null || !isCommandCode(code)) return '$OK';
      try {
        const types = new Map(commandSpec(code).reply.map((f) => [f.name, f.type]));
        const fields = Object.entries(decodeReply(code, frame.fields)).map(([k, v]) => {
          if (k === 'evseState') return `${k}=${stateName(Number(v))}`;
          return types.get(k) === 'hex' ? `${k}=0x${Number(v).toString(16)}` : `${k}=${String(v)}`;
        });
        return `$OK to $${code}${fields.length ? `: ${fields.join(', ')}` : ''}`;
      } catch (err) {
        return `$OK to $${code}, undecodable: ${(err as Error).message}`;
      }
    },
  };
}

function stateName(code: number): string {
  return evseStateInfo(code)?.name ?? `0x${code.toString(16)}`;
}

function describeAsync(type: string, fields: readonly string[]): string {
  const hex = (i: number) => Number.parseInt(fields[i] ?? '', 16);
  switch (type) {
    case 'AT': {
      // $AT evsestate pilotstate currentcapacity vflags (RAPI.md §1.6)
      const pilot = pilotStates[hex(1) as keyof typeof pilotStates]?.name ?? fields[1];
      const flags = decodeVflags(hex(3)).join('|') || 'none';
      return `$AT state change: ${stateName(hex(0))}, pilot ${pilot}, ${fields[2]} A, vflags ${flags}`;
    }
    case 'ST':
      return `$ST state transition to ${stateName(hex(0))}`;
    case 'AB':
      return `$AB boot notification (firmware ${fields[1] ?? '?'})`;
    case 'AN':
      return '$AN external button press';
    case 'WF':
      return `$WF WiFi mode request ${fields[0] ?? ''}`;
    default:
      return `$${type}`;
  }
}
