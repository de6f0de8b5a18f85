import { describe, expect, it } from 'vitest';
import {
  meterValue,
  SUPPORTED_MEASURANDS,
  sampledValues,
} from '../src/charge-point/meter-values.js';
import type { MeterReading } from '../src/station.js';
import { schemaErrors } from './support/oracle.js';

const reading: MeterReading = {
  at: new Date('2026-01-02T03:04:05.678Z'),
  sessionWs: 7_200_000,
  sessionWh: 2000,
  lifetimeWh: 150_000,
  currentMa: 31_987,
  voltageMv: 239_500,
  powerW: 7661,
  temperatureC: 41.25,
};

describe('meter values (station reading → 1.5 samples)', () => {
  it('maps each measurand with 1.5 units and the given register', () => {
    const v = sampledValues(reading, { context: 'Sample.Periodic', registerWh: 152_000 });
    expect(v).toEqual([
      {
        value: '152000',
        context: 'Sample.Periodic',
        measurand: 'Energy.Active.Import.Register',
        unit: 'Wh',
      },
      { value: '7661', context: 'Sample.Periodic', measurand: 'Power.Active.Import', unit: 'W' },
      { value: '31.987', context: 'Sample.Periodic', measurand: 'Current.Import', unit: 'Amp' },
      { value: '239.5', context: 'Sample.Periodic', measurand: 'Voltage', unit: 'Volt' },
      {
        value: '41.3',
        context: 'Sample.Periodic',
        measurand: 'Temperature',
        location: 'Body',
        unit: 'Celsius',
      },
    ]);
  });

  it('skips current without an ammeter (-1 mA) and temperature without a sensor', () => {
    const v = sampledValues(
      { ...reading, currentMa: -1, temperatureC: null },
      { context: 'Transaction.End' },
    );
    expect(v.map((s) => s.measurand)).toEqual([
      'Energy.Active.Import.Register',
      'Power.Active.Import',
      'Voltage',
    ]);
    expect(v[0]?.value).toBe('150000'); // default register: lifetime Wh
  });

  it('builds a schema-valid MeterValue, or null when nothing can be sampled', () => {
    const mv = meterValue(reading, {
      context: 'Sample.Periodic',
      at: new Date('2026-01-02T00:00:00Z'),
    });
    expect(mv?.timestamp).toBe('2026-01-02T00:00:00.000Z');
    expect(
      schemaErrors('MeterValues', 'req', { connectorId: 1, transactionId: 5, values: [mv] }),
    ).toEqual([]);
    expect(
      meterValue(
        { ...reading, temperatureC: null },
        { context: 'Sample.Periodic', measurands: ['Temperature'] },
      ),
    ).toBeNull();
    expect(SUPPORTED_MEASURANDS).toHaveLength(5);
  });
});
