import { describe, expect, it } from 'vitest';
import {
  AT_CHANGE_MASK,
  decodeSettingsFlags,
  decodeVflags,
  ECF,
  encodeSettingsFlags,
  encodeVflags,
  evseStateCodes,
  evseStateInfo,
  evseStates,
  isFaultState,
  pilotStates,
  settingsFlags,
  VF,
  vflags,
} from '../src/index.js';

describe('EVSE state codes (RAPI.md §3.1)', () => {
  it('names states as the statechart does (contracts §2)', () => {
    expect(evseStates[0x01]).toMatchObject({ name: 'notConnected', kind: 'normal' });
    expect(evseStateCodes).toEqual({
      starting: 0x00,
      notConnected: 0x01,
      connected: 0x02,
      charging: 0x03,
      ventRequired: 0x04,
      diodeCheck: 0x05,
      gfci: 0x06,
      noGround: 0x07,
      stuckRelay: 0x08,
      gfiSelfTest: 0x09,
      overTemperature: 0x0a,
      overCurrent: 0x0b,
      relayClosure: 0x0e,
      sleeping: 0xfe,
      disabled: 0xff,
    });
  });

  it('marks exactly the firmware fault range 0x04–0x0E as faults; GFCI and no-ground auto-retry', () => {
    for (const [code, spec] of Object.entries(evseStates)) {
      expect(spec.kind === 'fault').toBe(isFaultState(Number(code)));
    }
    const retrying = Object.values(evseStates).filter((s) => 'autoRetry' in s && s.autoRetry);
    expect(retrying.map((s) => s.name)).toEqual(['gfci', 'noGround']);
  });

  it('returns undefined for reserved and unknown codes', () => {
    expect(evseStateInfo(0x0c)).toBeUndefined();
    expect(evseStateInfo(0x42)).toBeUndefined();
    expect(evseStateInfo(0xfe)?.name).toBe('sleeping');
  });

  it('lists pilot states 00–05 (§3.2)', () => {
    expect(Object.values(pilotStates).map((p) => p.name)).toEqual([
      'unknown',
      'A',
      'B',
      'C',
      'D',
      'diodeCheckFailed',
    ]);
  });
});

describe('vflags (RAPI.md §3.4)', () => {
  it('covers all 16 bits once', () => {
    expect(vflags.reduce((m, f) => m | f.bit, 0)).toBe(0xffff);
    expect(new Set(vflags.map((f) => f.bit)).size).toBe(16);
  });

  it('derives the $AT change mask 0x211A (§1.10)', () => {
    expect(AT_CHANGE_MASK).toBe(0x211a);
  });

  // Typical values from the §3.4 table, one per line.
  const TYPICAL = [
    { word: 0x0200, names: ['sessionEnded'] }, // idle, no EV
    { word: 0x0700, names: ['evConnected', 'sessionEnded', 'evConnectedPrev'] }, // plugged in
    { word: 0x0540, names: ['chargingOn', 'evConnected', 'evConnectedPrev'] }, // charging
    { word: 0x0708, names: ['authLocked', 'evConnected', 'sessionEnded', 'evConnectedPrev'] }, // S3
  ] as const;
  for (const t of TYPICAL) {
    it(`decodes and re-encodes 0x${t.word.toString(16).padStart(4, '0')}`, () => {
      expect(decodeVflags(t.word)).toEqual(t.names);
      expect(encodeVflags(t.names)).toBe(t.word);
    });
  }
});

describe('$GE flags (RAPI.md §3.3)', () => {
  it('decodes a fresh EU build (0021) and round-trips every flag', () => {
    expect(decodeSettingsFlags(0x0021)).toEqual(['serviceLevel2', 'autoServiceLevelDisabled']);
    for (const f of settingsFlags)
      expect(encodeSettingsFlags(decodeSettingsFlags(f.bit))).toBe(f.bit);
  });

  it('ignores bits it does not know', () => {
    expect(decodeSettingsFlags(0x0800)).toEqual([]);
  });
});

describe('flag bits by firmware constant (derived, RAPI.md §3.3, §3.4)', () => {
  it('VF and ECF carry every row of vflags and settingsFlags, under its firmware name', () => {
    for (const f of vflags) expect(VF[f.firmware.slice(5) as keyof typeof VF]).toBe(f.bit);
    for (const f of settingsFlags) {
      expect(ECF[f.firmware.replace(/^ECF_/, '') as keyof typeof ECF]).toBe(f.bit);
    }
    expect(VF.BOOT_LOCK).toBe(0x4000);
    expect(ECF.BUTTON_DISABLED).toBe(0x8000);
    expect(Object.keys(VF)).toHaveLength(vflags.length);
  });
});
