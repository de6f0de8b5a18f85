import {
  changeConfiguration,
  controllerAction,
  createProfileStore,
  mapStatus16,
  validateProfile,
} from '@evse/ocpp16';

// A charge point with one connector and a transaction on it since 17:00 (times are ms).
const txStart = Date.parse('2026-03-02T17:00:00Z');
const transaction = { start: txStart, id: 41 };
const vctx = { connectors: 1, transaction: () => transaction };

// A site limit from the central system: 16 A all day, 10 A from 18:00 to 21:00, every day.
const siteLimit = {
  chargingProfileId: 7,
  stackLevel: 0,
  chargingProfilePurpose: 'ChargePointMaxProfile',
  chargingProfileKind: 'Recurring',
  recurrencyKind: 'Daily',
  chargingSchedule: {
    startSchedule: '2026-03-01T00:00:00Z',
    chargingRateUnit: 'A',
    chargingSchedulePeriod: [
      { startPeriod: 0, limit: 16 },
      { startPeriod: 18 * 3600, limit: 10 },
      { startPeriod: 21 * 3600, limit: 16 },
    ],
  },
} as const;

const store = createProfileStore();
const verdict = validateProfile(siteLimit, 0, vctx);
console.log(`SetChargingProfile: ${verdict.ok ? store.install(0, siteLimit).status : 'Rejected'}`);

// A TxProfile for 30 minutes at 1.2 kW: below 6 A on a single-phase 230 V station.
const boost = {
  chargingProfileId: 8,
  stackLevel: 1,
  chargingProfilePurpose: 'TxProfile',
  chargingProfileKind: 'Relative',
  transactionId: 41,
  chargingSchedule: {
    duration: 1800,
    chargingRateUnit: 'W',
    chargingSchedulePeriod: [{ startPeriod: 0, limit: 1200 }],
  },
} as const;
console.log(
  `TxProfile without a transaction: ${JSON.stringify(validateProfile(boost, 1, { connectors: 1, transaction: () => null }))}`,
);
store.install(1, boost);

const ctx = { voltage: 230, phases: 1, transaction };
for (const time of ['17:10', '17:30', '18:00', '21:00']) {
  const limit = store.limitAt(Date.parse(`2026-03-02T${time}:00Z`), 1, ctx);
  const action = controllerAction(limit, { maxAmps: 32 });
  const told = action.kind === 'current' ? action.command : action.kind;
  console.log(`${time} limit ${limit.amps} A → ${told}`);
}

// GetCompositeSchedule for the next 4 hours from 17:00, in amps.
const composite = store.compositeSchedule(1, txStart, 4 * 3600, 'A', ctx, { maxAmps: 32 });
console.log(JSON.stringify(composite.chargingSchedulePeriod));

// The transaction ends: its TxProfile goes; ClearChargingProfile by purpose removes the rest.
console.log(`removed with the transaction: ${store.transactionEnded(1).join(',')}`);
console.log(
  `ClearChargingProfile: ${store.clear({ chargingProfilePurpose: 'ChargePointMaxProfile' }).status}`,
);

// 1.6 status for a station charging in a transaction, and after it, still plugged in.
const charging = { state: 'charging', fault: null, evConnected: true, evseState: 3 } as const;
console.log(mapStatus16(charging, { transaction: 'running' }).status);
console.log(
  mapStatus16(
    { ...charging, state: 'connected', evseState: 2 },
    { transaction: 'none', ended: true },
  ).status,
);

// ChangeConfiguration with the 1.6 keys.
console.log(changeConfiguration('ChargingScheduleMaxPeriods', '48').status);
console.log(changeConfiguration('MeterValueSampleInterval', '30').status);
