/**
 * Core's firmware table is the only model of which codes a build answers: for every profile,
 * the emulator answers `$NK` to exactly the codes core says that build lacks, and something
 * else (a reply, or none for `$FR`) to every other code (FIELD-FIRMWARE.md §2).
 */
import { answersCommand, FIRMWARE_VERSIONS, type FirmwareBuild, firmwareProfile } from '@evse/core';
import { describe, expect, it } from 'vitest';
import { drive } from './support/drive.js';

/** Parameters each command accepts, so only a missing command can answer `$NK`. */
const ARGS: Record<string, string> = {
  F0: '1',
  FB: '7',
  FF: 'D 1',
  FP: '0 0 hi',
  S0: '1',
  S1: '25 1 15 12 30 0',
  S2: '0',
  S3: '4',
  S4: '0',
  S5: 'A',
  SA: '220 0',
  SC: '16',
  SD: '1',
  SE: '0',
  SF: '1',
  SG: '1',
  SH: '10',
  SK: '0',
  SL: '2',
  SM: '1 1',
  SR: '1',
  SS: '1',
  ST: '0 0 0 0',
  SV: '1',
  T0: '5',
  Z0: '100 75',
};

const CODES = [...'FSGTZ'].flatMap((g) =>
  [...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'].map((c) => g + c),
);

const BUILDS: FirmwareBuild[] = [
  ...FIRMWARE_VERSIONS.map((firmware) => ({ firmware })),
  { firmware: '8.2.3', profile: 'platformio' },
  { firmware: '8.2.3', authLock: true, bootLock: true },
  { firmware: '7.1.3', authLock: true },
  { firmware: '4.8.0', authLock: true },
];

describe('command sets per firmware build come from core', () => {
  it.each(BUILDS.map((b) => [JSON.stringify(b), b] as const))(
    '%s: $NK exactly for the codes core lacks',
    async (_name, build) => {
      const profile = firmwareProfile(build);
      const wrong: string[] = [];
      for (const code of CODES) {
        const d = drive(build);
        if (build.bootLock) d.emu.device.receive('$SB\r');
        // State B, so `$S3`/`$SH` (allowed in B/C only) answer `$OK` where they exist.
        d.emu.control.plugIn();
        d.advance(1000);
        d.take();
        const args = ARGS[code];
        d.emu.device.receive(`$${code}${args ? ` ${args}` : ''}\r`);
        const out = d.take();
        const nk = /\$NK/.test(out);
        const answered = /\$OK/.test(out) || (code === 'FR' && out === '');
        if (answersCommand(profile, code) ? !answered || nk : !nk) wrong.push(`${code}: ${out}`);
        await d.close();
      }
      expect(wrong).toEqual([]);
    },
  );
});
