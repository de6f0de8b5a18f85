import { describe, expect, it } from 'vitest';
import {
  CONFIG_KEYS_16,
  type ConfigKey16,
  type ConfigType,
  changeConfiguration,
  getConfiguration,
  SMART_CHARGING_LIMITS,
  TYPE_CHECKS,
} from '../src/index.js';
import { schemaErrors } from './support/oracle.js';

const defaults = (k: ConfigKey16) => CONFIG_KEYS_16[k].default;

describe('1.6 configuration keys (OCPP 1.6 §9)', () => {
  it('has the smart-charging, feature and security keys with their values', () => {
    expect(defaults('SupportedFeatureProfiles')).toBe(
      'Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger',
    );
    expect(defaults('ChargingScheduleAllowedChargingRateUnit')).toBe('Current,Power');
    expect(defaults('ChargeProfileMaxStackLevel')).toBe(
      String(SMART_CHARGING_LIMITS.maxStackLevel),
    );
    expect(defaults('ChargingScheduleMaxPeriods')).toBe(String(SMART_CHARGING_LIMITS.maxPeriods));
    expect(defaults('MaxChargingProfilesInstalled')).toBe(
      String(SMART_CHARGING_LIMITS.maxInstalled),
    );
    for (const k of [
      'ChargeProfileMaxStackLevel',
      'ChargingScheduleAllowedChargingRateUnit',
      'ChargingScheduleMaxPeriods',
      'MaxChargingProfilesInstalled',
      'SupportedFeatureProfiles',
      'NumberOfConnectors',
    ] as const) {
      expect(CONFIG_KEYS_16[k].readonly, k).toBe(true);
    }
    expect(CONFIG_KEYS_16.AuthorizationKey).toMatchObject({
      readonly: false,
      writeOnly: true,
      profile: 'Security',
    });
    expect(CONFIG_KEYS_16.SecurityProfile.profile).toBe('Security');
    expect(Object.keys(CONFIG_KEYS_16).length).toBeLessThanOrEqual(
      Number(defaults('GetConfigurationMaxKeys')),
    );
  });

  it('every default is a value of its own type (an unset AuthorizationKey is empty)', () => {
    const bad = Object.entries(CONFIG_KEYS_16)
      .filter(([k]) => k !== 'AuthorizationKey')
      .map(([k, d]) => [k, TYPE_CHECKS[d.type](d.default)])
      .filter(([, problem]) => problem !== null);
    expect(bad).toEqual([]);
  });

  it.each<[ConfigType, string[], string[]]>([
    ['boolean', ['true', 'false'], ['True', '1', '']],
    ['integer', ['0', '42'], ['-1', '1.5', 'x', '']],
    ['seconds', ['0', '300'], ['-5', '30s', '']],
    [
      'measurands',
      ['', 'Voltage', 'Energy.Active.Import.Register,Power.Active.Import'],
      ['Frequency', 'Voltage,Voltage', 'Voltage,'],
    ],
    ['phaseRotation', ['1.NotApplicable', '0.RST,1.RTS'], ['1.XYZ', 'RST', '1.RST.2']],
    ['profiles', ['Core', 'Core,SmartCharging'], ['Security', 'Core,,SmartCharging']],
    ['rateUnits', ['Current', 'Current,Power'], ['A', 'Current,Current']],
    [
      'password',
      ['0123456789abcdef', 'x'.repeat(40)],
      ['short', 'x'.repeat(41), 'with space 012345678'],
    ],
    ['securityProfile', ['0', '1', '2', '3'], ['4', '-1', '']],
  ])('%s: accepts %j, rejects %j', (type, good, bad) => {
    for (const v of good) expect(TYPE_CHECKS[type](v), v).toBeNull();
    for (const v of bad) expect(TYPE_CHECKS[type](v), v).toEqual(expect.any(String));
  });
});

describe('ChangeConfiguration (OCPP 1.6 §5.3)', () => {
  it('accepts a good value (trimmed) for a writable key', () => {
    expect(changeConfiguration('HeartbeatInterval', ' 120 ')).toEqual({
      status: 'Accepted',
      value: '120',
    });
    expect(changeConfiguration('AuthorizationKey', 'fedcba9876543210fedc')).toEqual({
      status: 'Accepted',
      value: 'fedcba9876543210fedc',
    });
  });

  it('rejects a bad value, naming the key', () => {
    expect(changeConfiguration('HeartbeatInterval', 'soon')).toEqual({
      status: 'Rejected',
      reason: 'HeartbeatInterval: not whole seconds ≥ 0',
    });
    expect(changeConfiguration('AuthorizationKey', 'short')).toMatchObject({ status: 'Rejected' });
  });

  it('rejects a read-only key; NotSupported for a key it does not have (case-sensitive)', () => {
    expect(changeConfiguration('ChargeProfileMaxStackLevel', '3')).toEqual({
      status: 'Rejected',
      reason: 'ChargeProfileMaxStackLevel: read-only',
    });
    expect(changeConfiguration('BlinkRepeat', '3')).toMatchObject({ status: 'NotSupported' });
    expect(changeConfiguration('heartbeatinterval', '3')).toMatchObject({ status: 'NotSupported' });
    // The 1.5 spelling is not a 1.6 key.
    expect(changeConfiguration('HeartBeatInterval', '3')).toMatchObject({ status: 'NotSupported' });
  });

  it('SecurityProfile can go up but not down', () => {
    expect(changeConfiguration('SecurityProfile', '2', '1')).toEqual({
      status: 'Accepted',
      value: '2',
    });
    expect(changeConfiguration('SecurityProfile', '1', '2')).toEqual({
      status: 'Rejected',
      reason: 'SecurityProfile: cannot go down from 2',
    });
  });

  it('its answers are valid ChangeConfiguration.conf payloads', () => {
    for (const v of [
      changeConfiguration('HeartbeatInterval', '1'),
      changeConfiguration('X', '1'),
      changeConfiguration('NumberOfConnectors', '2'),
    ]) {
      expect(schemaErrors('ChangeConfiguration', 'conf', { status: v.status })).toEqual([]);
    }
  });
});

describe('GetConfiguration (OCPP 1.6 §5.8)', () => {
  const values: Partial<Record<ConfigKey16, string>> = {
    AuthorizationKey: 'secret-key-0123456789',
    HeartbeatInterval: '60',
  };
  const read = (k: ConfigKey16) => values[k] ?? defaults(k);

  it('never returns the AuthorizationKey, also when asked for it by name', () => {
    const all = getConfiguration(read);
    expect(JSON.stringify(all)).not.toContain('secret-key');
    expect(getConfiguration(read, ['AuthorizationKey'])).toEqual({
      configurationKey: [{ key: 'AuthorizationKey', readonly: false }],
      unknownKey: [],
    });
  });

  it('lists the keys asked for, and the unknown ones apart', () => {
    expect(
      getConfiguration(read, ['HeartbeatInterval', 'Nope', 'SupportedFeatureProfiles']),
    ).toEqual({
      configurationKey: [
        { key: 'HeartbeatInterval', readonly: false, value: '60' },
        {
          key: 'SupportedFeatureProfiles',
          readonly: true,
          value: defaults('SupportedFeatureProfiles'),
        },
      ],
      unknownKey: ['Nope'],
    });
  });

  it('all keys when none are asked for, as a valid GetConfiguration.conf', () => {
    const all = getConfiguration(read);
    expect(all.configurationKey.map((k) => k.key)).toEqual(Object.keys(CONFIG_KEYS_16));
    expect(schemaErrors('GetConfiguration', 'conf', all)).toEqual([]);
  });
});
