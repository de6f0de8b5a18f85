// SteVe's Jackson leniency on incoming CALLs (STEVE.md §1.7), which third-party charge points
// rely on: dates without an offset are read in the JVM zone, an empty date is absent, numeric
// strings and fractional numbers are accepted for ints. `jacksonCoercion: false` refuses them.
import { describe, expect, it } from 'vitest';
import { coerceLikeJackson, offsetSuffix } from '../src/central/steve-coerce.js';
import {
  centralSystemTests,
  PCV_CONSTRAINTS,
  PCV_UNDERSTAND,
  rawStation,
  type TestCs,
} from './support/cs-helpers.js';

const { startCs } = centralSystemTests();
let current: TestCs | undefined;

describe('coerceLikeJackson', () => {
  it('writes the zone as Z or ±hh:mm', () => {
    expect([0, 120, -300, 330].map(offsetSuffix)).toEqual(['Z', '+02:00', '-05:00', '+05:30']);
  });

  it('touches only fields the spec knows, and only what Jackson would coerce', () => {
    const payload = {
      connectorId: '2',
      idTag: '2026-01-01T00:00:00', // a string field that merely looks like a date: unchanged
      timestamp: '2026-01-01T00:00:00.123456',
      meterStart: 12.9,
      extra: '7',
    };
    expect(coerceLikeJackson('StartTransaction', payload, 60)).toEqual({
      connectorId: 2,
      idTag: '2026-01-01T00:00:00',
      timestamp: '2026-01-01T00:00:00.123456+01:00',
      meterStart: 12,
      extra: '7',
    });
    // nested: MeterValues values[].timestamp; bad shapes are left for validation
    expect(
      coerceLikeJackson('MeterValues', {
        connectorId: -3.5,
        values: [{ timestamp: '2026-01-01T00:00:00', value: [{ value: '1' }] }, 5],
      }),
    ).toEqual({
      connectorId: -3,
      values: [{ timestamp: '2026-01-01T00:00:00Z', value: [{ value: '1' }] }, 5],
    });
    expect(coerceLikeJackson('StatusNotification', { connectorId: 'x', timestamp: '' })).toEqual({
      connectorId: 'x',
    });
    expect(coerceLikeJackson('Heartbeat', null)).toBeNull();
  });
});

describe('the central system reads CALLs like SteVe’s Jackson (STEVE.md §1.7)', () => {
  it('a date without offset is in the CS zone; numeric strings and fractions are ints', async () => {
    current = await startCs({ tags: { T: 'Accepted' }, utcOffsetMinutes: 120 });
    const st = await rawStation(current.cs, 'CP-1');
    const start = await st.call('StartTransaction', {
      connectorId: '1',
      idTag: 'T',
      timestamp: '2026-01-01T10:00:00.123456', // Python's naive isoformat()
      meterStart: 100.7,
    });
    expect(start).toEqual([3, expect.any(String), expect.objectContaining({ transactionId: 1 })]);
    expect(current.cs.transactions()[0]).toMatchObject({
      connectorId: 1,
      startTimestamp: '2026-01-01T10:00:00.123456+02:00',
      meterStart: 100,
    });
  });

  it('an empty date is absent: fine when optional, a constraint violation when required', async () => {
    current = await startCs({ tags: { T: 'Accepted' } });
    const st = await rawStation(current.cs, 'CP-1');
    const status = { connectorId: 1, status: 'Available', errorCode: 'NoError', timestamp: '' };
    expect((await st.call('StatusNotification', status))[2]).toEqual({});
    // missing timestamp → server time (STEVE.md §1.8)
    expect(current.cs.stations()[0]?.connectors[1]?.timestamp).toMatch(/Z$/);
    const start = { connectorId: 1, idTag: 'T', timestamp: '', meterStart: 0 };
    expect((await st.call('StartTransaction', start)).slice(2)).toEqual(PCV_CONSTRAINTS);
  });

  it('jacksonCoercion: false refuses all of it, like the strict schemas', async () => {
    current = await startCs({ tags: { T: 'Accepted' }, jacksonCoercion: false });
    const st = await rawStation(current.cs, 'CP-1');
    const ts = '2026-01-01T00:00:00.000Z';
    for (const payload of [
      { connectorId: 1, idTag: 'T', timestamp: '2026-01-01T10:00:00', meterStart: 0 },
      { connectorId: '1', idTag: 'T', timestamp: ts, meterStart: 0 },
      { connectorId: 1, idTag: 'T', timestamp: ts, meterStart: 0.5 },
    ])
      expect((await st.call('StartTransaction', payload)).slice(2)).toEqual(PCV_UNDERSTAND);
    expect(current.cs.transactions()).toEqual([]);
  });
});
