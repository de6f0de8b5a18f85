// 1.6 configuration keys that change what a session does, against ocpp-rpc's strict 1.6
// server: AuthorizeRemoteTxRequests, StopTransactionOnEVSideDisconnect, StopTransactionOnInvalidId.
import { describe, expect, it } from 'vitest';
import { startChain16, statuses } from './support/chain16.js';
import type { StrictCs16 } from './support/strict-cs16.js';

const lastStatus = (cs: StrictCs16) => statuses(cs).at(-1);

const change = (cs: StrictCs16, key: string, value: string) =>
  cs.call('ChangeConfiguration', { key, value });

describe('createChargePoint16: configuration that shapes a session', () => {
  it('AuthorizeRemoteTxRequests true: a remote start is authorized first, an unknown tag never starts', async () => {
    const { cs, emu } = await startChain16();
    emu.control.plugIn();
    emu.control.startCharging();
    expect(await cs.call('RemoteStartTransaction', { idTag: 'NOBODY' })).toEqual({
      status: 'Accepted',
    });
    await expect.poll(() => cs.of('Authorize').length, { timeout: 5000 }).toBe(1);
    expect(cs.of('Authorize')[0]?.params).toEqual({ idTag: 'NOBODY' });
    expect(await cs.call('TriggerMessage', { requestedMessage: 'Heartbeat' })).toEqual({
      status: 'Accepted',
    });
    await expect.poll(() => cs.of('Heartbeat').length, { timeout: 5000 }).toBe(1);
    expect(cs.of('StartTransaction')).toEqual([]);
    expect(emu.control.status().relayClosed).toBe(false);
    expect(cs.problems).toEqual([]);
  });

  it('StopTransactionOnEVSideDisconnect false: an unplug suspends the transaction instead of ending it', async () => {
    const { cs, emu } = await startChain16();
    expect(await change(cs, 'StopTransactionOnEVSideDisconnect', 'false')).toEqual({
      status: 'Accepted',
    });
    emu.control.plugIn();
    emu.control.startCharging();
    emu.control.swipe('TAG1');
    await expect.poll(() => lastStatus(cs), { timeout: 10_000 }).toBe('Charging');
    emu.control.unplug();
    await expect.poll(() => lastStatus(cs), { timeout: 10_000 }).toBe('SuspendedEV');
    emu.control.plugIn();
    emu.control.startCharging();
    await expect.poll(() => lastStatus(cs), { timeout: 10_000 }).toBe('Charging');
    expect(cs.of('StopTransaction')).toEqual([]);
    expect(await cs.call('RemoteStopTransaction', { transactionId: 100 })).toEqual({
      status: 'Accepted',
    });
    await expect.poll(() => cs.of('StopTransaction').length, { timeout: 10_000 }).toBe(1);
    expect(cs.problems).toEqual([]);
  });

  it('StopTransactionOnInvalidId false: a refused tag keeps the transaction with the energy stopped', async () => {
    const { cs, emu, cp } = await startChain16();
    expect(await change(cs, 'StopTransactionOnInvalidId', 'false')).toEqual({ status: 'Accepted' });
    expect(await change(cs, 'AuthorizeRemoteTxRequests', 'false')).toEqual({ status: 'Accepted' });
    emu.control.plugIn();
    emu.control.startCharging();
    expect(await cs.call('RemoteStartTransaction', { idTag: 'NOBODY' })).toEqual({
      status: 'Accepted',
    });
    await expect.poll(() => cs.of('StartTransaction').length, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => lastStatus(cs), { timeout: 10_000 }).toBe('SuspendedEVSE');
    expect(emu.control.status().relayClosed).toBe(false);
    expect(cp.transactions.current()?.transactionId).toBe(100);
    expect(cs.of('StopTransaction')).toEqual([]);
    expect(cs.problems).toEqual([]);
  });
});
