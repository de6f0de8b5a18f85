import { describe, expect, it } from 'vitest';
import {
  commandCodes,
  commandSpec,
  commands,
  decodeReply,
  isCommandAvailable,
  isCommandCode,
  liveCommands,
  RapiError,
} from '../src/index.js';

describe('command table (RAPI.md §2)', () => {
  it('has the 47 command codes of 8.2.3: 9 F, 16 S, 20 G, T0, Z0 (§2.6)', () => {
    expect(commandCodes).toHaveLength(47);
    const byGroup = (g: string) => commandCodes.filter((c) => c.startsWith(g));
    expect(byGroup('F')).toEqual(['F0', 'F1', 'FB', 'FD', 'FE', 'FF', 'FP', 'FR', 'FS']);
    expect(byGroup('S')).toHaveLength(16);
    expect(byGroup('G')).toHaveLength(20);
    expect(byGroup('T')).toEqual(['T0']);
    expect(byGroup('Z')).toEqual(['Z0']);
  });

  it('answers 39 codes in the Arduino reference build and 35 in PlatformIO builds (§2.6)', () => {
    expect(liveCommands()).toHaveLength(39);
    expect(liveCommands({ profile: 'platformio' })).toHaveLength(35);
    const dead = commandCodes.filter((c) => !isCommandAvailable(c));
    expect(dead.sort()).toEqual(['G4', 'GM', 'GO', 'S2', 'S4', 'SB', 'SM', 'T0']);
    const pioOnlyDead = liveCommands().filter(
      (c) => !isCommandAvailable(c, { profile: 'platformio' }),
    );
    expect(pioOnlyDead.sort()).toEqual(['G3', 'GH', 'S3', 'SH']);
  });

  it('gates $S4/$G4 on AUTH_LOCK, which a build can switch on (§0.1, §4.10)', () => {
    expect(isCommandAvailable('S4')).toBe(false);
    expect(isCommandAvailable('S4', { options: { AUTH_LOCK: true } })).toBe(true);
    expect(isCommandAvailable('G4', { profile: 'platformio', options: { AUTH_LOCK: true } })).toBe(
      true,
    );
  });

  it('marks $FR as never answering and $SC/$SY as carrying data on $NK', () => {
    expect(commandCodes.filter((c) => commandSpec(c).noReply)).toEqual(['FR']);
    expect(commandCodes.filter((c) => commandSpec(c).dataOnNk).sort()).toEqual(['SC', 'SY']);
  });

  it('cites a RAPI.md section on every row', () => {
    for (const code of commandCodes) expect(commandSpec(code).ref).toMatch(/^§\d/);
  });

  it('gives every reply field a unique name per command', () => {
    for (const code of commandCodes) {
      const names = commandSpec(code).reply.map((f) => f.name);
      expect(new Set(names).size).toBe(names.length);
    }
  });

  it('knows table codes only', () => {
    expect(isCommandCode('GS')).toBe(true);
    expect(isCommandCode('SE')).toBe(false); // removed in D4.9.1 (§2.5)
    expect(isCommandCode('toString')).toBe(false);
  });
});

// Reply decoding fixtures, from test/fixtures/rapi/vectors.json, one field per line.
const DECODE_FIXTURES = [
  {
    code: 'GS', // S2, charging (§6)
    fields: ['03', '125', '03', '0540'],
    decoded: {
      evseState: 0x03, // hex
      elapsedSeconds: 125, // decimal seconds
      pilotState: 0x03, // hex
      vflags: 0x0540, // 4 hex digits, lower case on the wire
    },
  },
  {
    code: 'GS', // sleeping: lower-case hex state
    fields: ['fe', '0', '02', '0700'],
    decoded: { evseState: 0xfe, elapsedSeconds: 0, pilotState: 0x02, vflags: 0x0700 },
  },
  {
    code: 'GG', // S2
    fields: ['23850', '240000'],
    decoded: {
      currentMa: 23850, // mA
      voltageMv: 240000, // mV
    },
  },
  {
    code: 'GU', // S2
    fields: ['360000', '5000'],
    decoded: {
      sessionWs: 360000, // watt-seconds
      lifetimeWh: 5000, // watt-hours
    },
  },
  {
    code: 'GP',
    fields: ['235', '240', '-2560'],
    decoded: {
      ds3231: 235, // 0.1 °C
      mcp9808: 240, // 0.1 °C
      tmp007: -2560, // "not fitted"
    },
  },
  {
    code: 'GF', // counters are unpadded lower-case hex
    fields: ['a', '1', '0'],
    decoded: { gfiTrips: 10, noGroundTrips: 1, stuckRelayTrips: 0 },
  },
  {
    code: 'GE',
    fields: ['24', '0001'],
    decoded: {
      pilotAmps: 24, // decimal A
      flags: 0x0001, // hex flag word
    },
  },
  {
    code: 'GV',
    fields: ['8.2.3.EU', '5.2.1'],
    decoded: { firmware: '8.2.3.EU', protocol: '5.2.1' },
  },
  {
    code: 'GI', // `$OK  OEVSE100A1B2C3`: the data starts with its own space (§7.4)
    fields: ['', 'OEVSE100A1B2C3'],
    decoded: { serial: 'OEVSE100A1B2C3' },
  },
  {
    code: 'GC',
    fields: ['6', '80', '24', '24'],
    decoded: { minAmps: 6, maxAmps: 80, pilotAmps: 24, configuredMaxAmps: 24 },
  },
  {
    code: 'G5',
    fields: ['0', 'A'],
    decoded: { locked: 0, mode: 'A' },
  },
  {
    code: 'SY',
    fields: ['5', '6', '2'],
    decoded: { intervalS: 5, fallbackA: 6, trigger: 2 },
  },
  {
    code: 'FE', // no data
    fields: [],
    decoded: {},
  },
] as const;

describe('decodeReply', () => {
  for (const f of DECODE_FIXTURES) {
    it(`decodes $${f.code} ${f.fields.join(' ')}`, () => {
      expect(decodeReply(f.code, f.fields)).toEqual(f.decoded);
    });
  }

  it('ignores extra fields (newer firmware may append)', () => {
    expect(decodeReply('GG', ['1', '2', '3'])).toEqual({ currentMa: 1, voltageMv: 2 });
  });

  it('rejects a reply with too few fields as MALFORMED, naming the missing field', () => {
    expect(() => decodeReply('GS', ['01', '0'])).toThrow(/pilotState is missing/);
    try {
      decodeReply('GS', ['01']);
    } catch (e) {
      expect(e).toBeInstanceOf(RapiError);
      expect((e as RapiError).code).toBe('MALFORMED');
    }
  });

  it('rejects a non-numeric number field as MALFORMED', () => {
    expect(() => decodeReply('GG', ['12x', '240000'])).toThrow(RapiError);
    expect(() => decodeReply('GS', ['zz', '0', '01', '0200'])).toThrow(/evseState/);
  });

  it('reads dec as /^-?\\d+$/ and hex as /^[0-9a-fA-F]+$/, nothing looser', () => {
    // $GG: two dec fields. $GS: evseState is hex.
    const dec = (token: string) => decodeReply('GG', [token, '0']).currentMa;
    const hex = (token: string) => decodeReply('GS', [token, '0', '0', '0']).evseState;
    expect(['0', '-12', '0042'].map(dec)).toEqual([0, -12, 42]);
    for (const bad of ['', '-', '+1', '1.5', ' 1', '1 ', '٣', '\u0010', 'a']) {
      expect(() => dec(bad), JSON.stringify(bad)).toThrow(RapiError);
    }
    expect(['0', 'ff', 'A0', 'aF'].map(hex)).toEqual([0, 0xff, 0xa0, 0xaf]);
    for (const bad of ['', 'g', 'G', '0x1', '-1', '@', '`', '\u0010', '\u0019']) {
      expect(() => hex(bad), JSON.stringify(bad)).toThrow(RapiError);
    }
  });

  it('has a decoder for every row (fields of the right type decode)', () => {
    for (const code of commandCodes) {
      const sample = commands[code].reply.map((f) =>
        f.type === 'hex' ? 'ff' : f.type === 'dec' ? '7' : 'x',
      );
      expect(Object.keys(decodeReply(code, sample))).toEqual(
        commands[code].reply.map((f) => f.name),
      );
    }
  });
});
