import { describe, expect, it } from 'vitest';
import {
  checksum,
  encodeCommand,
  encodeFrame,
  firmwareHexByte,
  hex2,
  type LineOrigin,
  parseLine,
  RapiError,
  type RapiFrame,
} from '../src/index.js';
import { readRapiSpec } from './fixtures/rapi/index.js';

// Fixtures: the frame object and its exact wire line (without CR), one field per line.
const FIXTURES: { line: string; origin?: LineOrigin; frame: RapiFrame }[] = [
  {
    line: '$GS^30', // RAPI.md §1.3 example
    frame: {
      kind: 'command',
      code: 'GS', // command token
      params: [],
      checksum: { kind: 'xor' }, // canonical ^XX: digits not stored
    },
  },
  {
    line: '$FD*AE', // legacy additive form, §1.3
    frame: { kind: 'command', code: 'FD', params: [], checksum: { kind: 'additive' } },
  },
  {
    line: '$SC 16 V :07', // no checksum ("testing only"), with sequence id
    frame: {
      kind: 'command',
      code: 'SC',
      params: ['16', 'V'], // parameters as text
      seq: 0x07, // ` :07`
    },
  },
  {
    line: '$GH^2b', // lower-case checksum digits are kept for re-encoding
    origin: 'host',
    frame: { kind: 'command', code: 'GH', params: [], checksum: { kind: 'xor', digits: '2b' } },
  },
  {
    line: '$GV :a5^7B', // lower-case sequence id is kept as text
    frame: {
      kind: 'command',
      code: 'GV',
      params: [],
      seq: 0xa5,
      seqText: ':a5',
      checksum: { kind: 'xor' },
    },
  },
  {
    line: '$OK 01 0 01 0200 :A5^7C', // §1.4 reply with sequence id
    frame: {
      kind: 'reply',
      ok: true, // $OK
      fields: ['01', '0', '01', '0200'], // data tokens
      seq: 0xa5, // echoed id, not a field
      checksum: { kind: 'xor' },
    },
  },
  {
    line: '$NK 24^07', // $SC refused: data on $NK
    frame: { kind: 'reply', ok: false, fields: ['24'], checksum: { kind: 'xor' } },
  },
  {
    line: '$OK  OEVSE100A1B2C3^2B', // $GI: two spaces make an empty first field (§7.4)
    frame: { kind: 'reply', ok: true, fields: ['', 'OEVSE100A1B2C3'], checksum: { kind: 'xor' } },
  },
  {
    line: '$AT 02 02 24 0700^30', // async state frame
    frame: {
      kind: 'async',
      type: 'AT', // frame type
      fields: ['02', '02', '24', '0700'],
      checksum: { kind: 'xor' },
    },
  },
  {
    line: '$AB 00 8.2.3^1E', // boot notification
    frame: { kind: 'async', type: 'AB', fields: ['00', '8.2.3'], checksum: { kind: 'xor' } },
  },
  {
    line: '$WF 02^17', // WiFi mode request
    frame: { kind: 'async', type: 'WF', fields: ['02'], checksum: { kind: 'xor' } },
  },
  {
    line: '$ST 03', // legacy async state frame (§2.5): one field under 'auto'
    frame: { kind: 'async', type: 'ST', fields: ['03'] },
  },
  {
    line: '$ST 22 0 6 0^15', // the delay-timer command under 'auto'
    frame: {
      kind: 'command',
      code: 'ST',
      params: ['22', '0', '6', '0'],
      checksum: { kind: 'xor' },
    },
  },
  {
    line: '$OK^20', // what a controller reads: a looped-back $OK is a command (§1.6)
    origin: 'host',
    frame: { kind: 'command', code: 'OK', params: [], checksum: { kind: 'xor' } },
  },
  {
    line: '$G', // single letter: still a command frame (answered $NK)
    frame: { kind: 'command', code: 'G', params: [] },
  },
];

describe('parseLine / encodeFrame fixtures', () => {
  for (const f of FIXTURES) {
    it(`${f.line} (${f.origin ?? 'auto'})`, () => {
      const result = parseLine(f.line, f.origin ? { origin: f.origin } : {});
      expect(result).toEqual({ ok: true, frame: f.frame });
      expect(encodeFrame(f.frame)).toBe(`${f.line}\r`);
    });
  }

  it('accepts a trailing CR or LF on the input line', () => {
    expect(parseLine('$OK^20\r')).toEqual(parseLine('$OK^20'));
    expect(parseLine('$OK^20\n')).toEqual(parseLine('$OK^20'));
  });

  it('parses $ST as async from a device and as a command for a controller', () => {
    expect(parseLine('$ST 22 0 6 0', { origin: 'device' })).toMatchObject({
      frame: { kind: 'async' },
    });
    expect(parseLine('$ST 03', { origin: 'host' })).toMatchObject({ frame: { kind: 'command' } });
  });

  it('computes a checksum for a frame built by hand', () => {
    expect(
      encodeFrame({ kind: 'reply', ok: true, fields: ['5', '6', '0'], checksum: { kind: 'xor' } }),
    ).toBe('$OK 5 6 0^33\r');
  });
});

// Lines that are not frames: each gives a RapiError with this code, never a throw.
const BAD: { line: string; code: RapiError['code']; why: string; origin?: LineOrigin }[] = [
  { line: 'OK^20', code: 'MALFORMED', why: 'no leading $' },
  { line: '', code: 'MALFORMED', why: 'empty' },
  { line: '$GS^31', code: 'CHECKSUM', why: 'XOR mismatch' },
  { line: '$GS*BF', code: 'CHECKSUM', why: 'additive mismatch' },
  { line: '$GS^', code: 'CHECKSUM', why: 'no digits reads as 0' },
  { line: '$GS^3G', code: 'CHECKSUM', why: 'invalid digit makes the value 0 (firmware htou8)' },
  {
    line: '$FP 0 0 a^bc',
    code: 'CHECKSUM',
    why: 'the first ^ starts the checksum',
    origin: 'host',
  },
  { line: `$FP 0 0 ${'A'.repeat(21)}^00`, code: 'TOO_LONG', why: 'command over 31 bytes' },
  { line: `$OK ${'1'.repeat(30)}`, code: 'TOO_LONG', why: 'device line over 33 bytes' },
  { line: '$FP 1 2 3 4 5 6 7 8 9 10', code: 'MALFORMED', why: '11 tokens' },
];

describe('parseLine rejects bad lines with a typed error', () => {
  for (const b of BAD) {
    it(`${JSON.stringify(b.line)}: ${b.code} (${b.why})`, () => {
      const result = parseLine(b.line, b.origin ? { origin: b.origin } : {});
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error).toBeInstanceOf(RapiError);
      expect(result.error.code).toBe(b.code);
      expect(result.error.line).toBe(b.line);
    });
  }

  it('accepts exactly 31-byte commands and 33-byte device lines', () => {
    const body = `$FP 0 0 ${'A'.repeat(20)}`;
    const exact = `${body}^${hex2(checksum(body))}`;
    expect(exact).toHaveLength(31);
    expect(parseLine(exact).ok).toBe(true);
    const gt = '$OK 165 165 165 165 165 85 :A5'; // §7.12: 33 bytes with checksum
    const gtLine = `${gt}^${hex2(checksum(gt))}`;
    expect(gtLine).toHaveLength(33);
    expect(parseLine(gtLine, { origin: 'device' }).ok).toBe(true);
  });

  it('follows the firmware hex reader for checksum digits (RAPI.md §1.3)', () => {
    expect(firmwareHexByte('2b')).toBe(0x2b);
    expect(firmwareHexByte('5')).toBe(5); // single digit is its value
    expect(firmwareHexByte('30junk')).toBe(0x30); // after two digits: ignored
    expect(firmwareHexByte('x1')).toBe(0); // invalid char: 0
    expect(parseLine('$GS^30 trailing').ok).toBe(true);
  });
});

describe('checksum examples from RAPI.md', () => {
  const spec = readRapiSpec();
  const examples = new Set<string>();
  for (const m of spec.matchAll(/`(\$[^`]*)`/g)) {
    for (const piece of (m[1] ?? '').split('\\r')) {
      if (/[\^*][0-9A-F]{2}$/.test(piece)) examples.add(piece);
    }
  }
  // The one deliberate counter-example in RAPI.md §6.
  examples.delete('$GS^31');

  it('finds the examples (RAPI.md quotes more than 50 checksummed frames)', () => {
    expect(examples.size).toBeGreaterThan(50);
  });

  for (const line of examples) {
    it(`${line} verifies and re-encodes`, () => {
      const result = parseLine(line);
      expect(result.ok).toBe(true);
      if (result.ok) expect(encodeFrame(result.frame)).toBe(`${line}\r`);
    });
  }
});

describe('encodeCommand', () => {
  // cmd, params, options → exact line, one per row.
  const ROWS: [string, (string | number)[], Parameters<typeof encodeCommand>[2], string][] = [
    ['GS', [], {}, '$GS^30\r'], // XOR by default
    ['GS', [], { checksum: 'additive' }, '$GS*BE\r'], // legacy form
    ['GE', [], { checksum: 'none' }, '$GE\r'], // testing only
    ['GS', [], { seq: 0xa5 }, '$GS :A5^5E\r'], // §1.4
    ['SC', [20, 'V'], {}, '$SC 20 V^60\r'], // vectors.json
    ['SY', [5, 6], {}, '$SY 5 6^2D\r'],
    ['XX', [], { seq: 1 }, '$XX :01^3F\r'],
  ];
  for (const [cmd, params, options, line] of ROWS) {
    it(`${cmd} ${params.join(' ')} ${JSON.stringify(options)} → ${JSON.stringify(line)}`, () => {
      expect(encodeCommand(cmd, params, options)).toBe(line);
    });
  }

  it('rejects arguments that cannot be sent with a TypeError naming them', () => {
    expect(() => encodeCommand('')).toThrow(/cmd/);
    expect(() => encodeCommand('G S')).toThrow(TypeError);
    expect(() => encodeCommand('SC', [-1])).toThrow(/params/);
    expect(() => encodeCommand('SC', [1.5])).toThrow(TypeError);
    expect(() => encodeCommand('FP', [0, 0, 'a b'])).toThrow(TypeError);
    expect(() => encodeCommand('FP', [0, 0, 'x^1'])).toThrow(TypeError);
    expect(() => encodeCommand('SC', [''])).toThrow(TypeError);
    expect(() => encodeCommand('GS', [], { seq: 256 })).toThrow(/seq/);
  });

  it('refuses frames the firmware would drop (TOO_LONG) or refuse (MALFORMED)', () => {
    let tooLong: unknown;
    try {
      encodeCommand('FP', [0, 0, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ']);
    } catch (e) {
      tooLong = e;
    }
    expect(tooLong).toBeInstanceOf(RapiError);
    expect((tooLong as RapiError).code).toBe('TOO_LONG');
    expect(() => encodeCommand('FP', [1, 2, 3, 4, 5, 6, 7, 8, 9, 0], { checksum: 'none' })).toThrow(
      /10/,
    );
  });

  it('encodes bare commands the same every time, however many (they are cached, bounded)', () => {
    // 100 distinct codes: more than the cache keeps, so some are encoded fresh each time.
    const codes = Array.from({ length: 100 }, (_, i) => `Z${i}`);
    for (const kind of ['xor', 'additive', 'none'] as const) {
      for (let round = 0; round < 2; round++) {
        for (const code of codes) {
          const body = `$${code}`;
          const sum =
            kind === 'none' ? '' : `${kind === 'xor' ? '^' : '*'}${hex2(checksum(body, kind))}`;
          expect(encodeCommand(code, [], { checksum: kind })).toBe(`${body}${sum}\r`);
        }
      }
    }
    // A refused command is refused every time, not remembered; a seq still makes its own line.
    expect(() => encodeCommand('G S')).toThrow(TypeError);
    expect(() => encodeCommand('G S')).toThrow(TypeError);
    expect(encodeCommand('GS', [], { seq: 1 })).toBe('$GS :01^2B\r');
    expect(encodeCommand('GS')).toBe('$GS^30\r');
  });

  it('produces lines parseLine reads back', () => {
    const line = encodeCommand('SC', [16, 'V'], { seq: 7, checksum: 'additive' });
    expect(parseLine(line)).toEqual({
      ok: true,
      frame: {
        kind: 'command',
        code: 'SC',
        params: ['16', 'V'],
        seq: 7,
        checksum: { kind: 'additive' },
      },
    });
  });
});
