import { describe, expect, it } from 'vitest';
import { liveCommands } from '../src/rapi/commands.js';
import {
  answersCommand,
  FIRMWARE_VERSIONS,
  firmwareProfile,
  isFirmwareVersion,
} from '../src/rapi/firmware.js';

describe('firmware table (docs/protocol/FIELD-FIRMWARE.md §2)', () => {
  it.each([
    ['3.11.3', '1.0.3', 'dec2', 'ST'],
    ['4.8.0', '3.0.1', 'dec2', 'ST'],
    ['5.0.1', '4.0.1', 'dec2', 'ST'],
    ['7.1.3', '5.1.3', 'hex4', 'AT'],
    ['8.2.3', '5.2.1', 'hex4', 'AT'],
  ] as const)('%s speaks RAPI %s ($GS %s, async %s)', (firmware, protocol, status, asyncState) => {
    const p = firmwareProfile({ firmware });
    expect(p.version).toBe(firmware);
    expect(p.protocolText).toBe(protocol);
    expect(p.dialect.status).toBe(status);
    expect(p.dialect.asyncState).toBe(asyncState);
  });

  it('derives the 8.2.3 row from the 8.2.3 command table, per build', () => {
    const arduino = firmwareProfile();
    expect([...arduino.commands].sort()).toEqual(liveCommands().sort());
    expect(arduino.commands.size).toBe(39);
    expect(firmwareProfile({ profile: 'platformio' }).commands.size).toBe(35);
    expect(answersCommand(firmwareProfile({ bootLock: true }), 'SB')).toBe(true);
    expect(answersCommand(arduino, 'SB')).toBe(false);
    expect(answersCommand(firmwareProfile({ authLock: true }), 'G4')).toBe(true);
  });

  it('knows what each older version lacks', () => {
    const v7 = firmwareProfile({ firmware: '7.1.3' });
    for (const code of ['SY', 'GY', 'GI', 'S5', 'G5', 'SB', 'S4']) {
      expect(answersCommand(v7, code)).toBe(false);
    }
    expect(answersCommand(v7, 'SV')).toBe(true);
    expect(answersCommand(v7, 'Z0')).toBe(true);
    const v5 = firmwareProfile({ firmware: '5.0.1' });
    expect(answersCommand(v5, 'FF')).toBe(true);
    expect(answersCommand(v5, 'SV')).toBe(false);
    expect(answersCommand(v5, 'SD')).toBe(false);
    expect(v5.featureLetters).not.toContain('B');
    const v4 = firmwareProfile({ firmware: '4.8.0' });
    expect(answersCommand(v4, 'FF')).toBe(false);
    expect(answersCommand(v4, 'SD')).toBe(true);
    expect(answersCommand(v4, 'G0')).toBe(true);
    const v3 = firmwareProfile({ firmware: '3.11.3' });
    expect(answersCommand(v3, 'G0')).toBe(false);
    expect(answersCommand(v3, 'F0')).toBe(false);
    // No default case in the 3.x setter switch: any $S? answers $OK.
    expect(answersCommand(v3, 'SZ')).toBe(true);
    expect(answersCommand(v3, 'GZ')).toBe(false);
  });

  it('shares one frozen profile per build', () => {
    expect(firmwareProfile({ firmware: '7.1.3' })).toBe(firmwareProfile({ firmware: '7.1.3' }));
    expect(Object.isFrozen(firmwareProfile())).toBe(true);
  });

  it('refuses builds that never existed', () => {
    expect(() => firmwareProfile({ firmware: '3.11.3', authLock: true })).toThrow(/AUTH_LOCK/);
    expect(() => firmwareProfile({ firmware: '7.1.3', bootLock: true })).toThrow(/BOOTLOCK/);
    expect(() => firmwareProfile({ firmware: '5.0.1', profile: 'platformio' })).toThrow(/8\.2\.3/);
    expect(() => firmwareProfile({ firmware: '9.0.0' as never })).toThrow(/one of/);
    expect(isFirmwareVersion('8.2.3')).toBe(true);
    expect(FIRMWARE_VERSIONS).toHaveLength(5);
  });
});
