// A central system that answers BootNotification with Pending, as SteVe does for a station
// the operator has not accepted yet: the charge point answers configuration requests, refuses
// remote start (OCPP 1.6 §4.2), and a TriggerMessage for BootNotification makes it boot again
// at once instead of after the Pending interval (§5.17); Accepted then, it starts operating.
import { describe, expect, it } from 'vitest';
import { startChain16 } from './support/chain16.js';

describe('createChargePoint16 and a Pending boot', () => {
  it('answers while Pending, refuses remote start, boots again when triggered', async () => {
    const { cs } = await startChain16(
      {
        boot: (n) =>
          n === 0 ? { status: 'Pending', interval: 300 } : { status: 'Accepted', interval: 120 },
      },
      false,
    );
    await expect.poll(() => cs.of('BootNotification').length, { timeout: 10_000 }).toBe(1);

    expect(await cs.call('ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' })).toEqual(
      { status: 'Accepted' },
    );
    expect(await cs.call('RemoteStartTransaction', { idTag: 'TAG1' })).toEqual({
      status: 'Rejected',
    });
    expect(await cs.call('TriggerMessage', { requestedMessage: 'Heartbeat' })).toEqual({
      status: 'Rejected',
    });
    expect(cs.of('StatusNotification')).toHaveLength(0); // nothing but the boot while Pending

    const t0 = Date.now();
    expect(await cs.call('TriggerMessage', { requestedMessage: 'BootNotification' })).toEqual({
      status: 'Accepted',
    });
    await expect.poll(() => cs.of('BootNotification').length, { timeout: 5000 }).toBe(2);
    await expect.poll(() => cs.of('StatusNotification').length, { timeout: 5000 }).toBe(2);
    expect(Date.now() - t0).toBeLessThan(5000); // not the 300 s Pending interval
    expect(await cs.call('RemoteStartTransaction', { idTag: 'TAG1' })).toEqual({
      status: 'Accepted',
    });
    expect(cs.problems).toEqual([]);
  });
});
