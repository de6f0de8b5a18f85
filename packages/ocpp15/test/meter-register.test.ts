// Regressions found by the chaos run (bench/chaos.ts, docs/reliability.md § Chaos): the energy
// of a session went missing from its transaction when (1) the meter read at the stop failed
// once on a damaged wire (meterStop fell back to the last sample, minutes old), or (2) a bridge
// was killed mid-session and its restart ended the journaled transaction at the last journaled
// sample while the EVSE had charged on, or (3) the wake ($FE) went out before meterStart was
// read and its reply was lost: the EV charged for the client's timeout outside the
// transaction, or (4) the EV was unplugged and plugged in again before the stop put the EVSE
// to sleep: the new plug-in session's Wh were left out. Now the transactions add up to the
// emulator's meter to the Wh.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createChargePoint } from '../src/charge-point/create.js';
import type { ChargePoint } from '../src/charge-point/types.js';
import { type Chain, startChain } from './support/chain.js';
import { until } from './support/helpers.js';

/** Wh the emulator charged so far in this session. */
const sessionWh = (chain: Chain): number => Math.floor(chain.emu.control.status().sessionWs / 3600);

/** Emulator → Station → charge point (sampling once an hour) → central system, booted. */
async function hourlyChain(dataDir?: string): Promise<Chain> {
  const config = { MeterValueSampleInterval: '3600' };
  const chain = await startChain({}, dataDir === undefined ? { config } : { dataDir, config });
  onTestFinished(() => chain.close());
  await until(() => chain.frames.of('StatusNotification').length > 0, 20_000, 'the boot');
  return chain;
}

/** Plug in, swipe TAG1 and charge 3 Wh in a transaction. */
async function charge3Wh(chain: Chain): Promise<void> {
  chain.emu.control.plugIn();
  chain.emu.control.startCharging();
  expect(await chain.cp.authorize('TAG1')).toMatchObject({ status: 'Accepted' });
  await until(() => sessionWh(chain) >= 3, 20_000, '3 Wh charged');
}

/** A new charge point process on the chain's station and `dataDir` (the old one closed). */
function nextChargePoint(chain: Chain, dataDir: string): ChargePoint {
  const next = createChargePoint({
    url: chain.cs.url,
    chargeBoxId: 'CP1',
    station: chain.station,
    vendor: 'OpenEVSE',
    model: 'Emulated',
    dataDir,
    reconnect: { minDelayMs: 50, maxDelayMs: 300 },
  });
  onTestFinished(() => next.close());
  return next;
}

/**
 * Swipe TAG1 for a second transaction; `unread`: every meter read of its start fails ($NK,
 * RAPI.md §1.7), so it begins at the last register seen and keeps no counters of its own.
 */
async function startSecond(chain: Chain, unread: boolean): Promise<void> {
  if (unread) chain.emu.control.wire.set({ nkEvery: 1 });
  expect(await chain.cp.authorize('TAG1')).toMatchObject({ status: 'Accepted' });
  await until(() => chain.cs.transactions('CP1').length === 2, 20_000, 'the second start');
  chain.emu.control.wire.reset();
}

/**
 * A first transaction of 3 Wh ended by the unplug, the EV plugged in again and a second
 * transaction whose start could not read the meter.
 */
async function secondUnreadStart(chain: Chain): Promise<void> {
  await charge3Wh(chain);
  chain.emu.control.unplug();
  await until(() => chain.cs.transactions('CP1')[0]?.state === 'stopped', 20_000, 'the stop');
  chain.emu.control.plugIn();
  chain.emu.control.startCharging();
  await until(() => chain.station.getStatus().evConnected === true, 10_000, 'the plug seen');
  await startSecond(chain, true);
}

/** The process dies with the second transaction open in its journal; the next one ends it. */
async function restartEndsSecond(chain: Chain, dataDir: string): Promise<void> {
  await chain.cp.close(); // close() ends nothing
  nextChargePoint(chain, dataDir);
  await until(() => chain.cs.transactions('CP1')[1]?.state === 'stopped', 20_000, 'the end');
  await until(() => !chain.emu.control.status().relayClosed, 10_000, 'the EVSE asleep');
}

describe('meterStop is the controller register, whatever happened on the way', {
  timeout: 60_000,
}, () => {
  it('a stop whose first meter read fails on the wire still reports the energy charged', async () => {
    // Samples once an hour: the journal's last value stays meterStart during the session.
    const chain = await hourlyChain();
    await charge3Wh(chain);
    // The next replies arrive with a bad checksum (RAPI.md §1.7): the stop's first read fails.
    chain.emu.control.wire.corruptNext(6);
    chain.emu.control.unplug();
    await until(() => chain.cs.transactions('CP1')[0]?.state !== 'active', 20_000, 'the stop');
    await until(() => chain.emu.control.status().lifetimeWh > 0, 10_000, 'the session counted');
    const [tx] = chain.cs.transactions('CP1');
    const lifetime = chain.emu.control.status().lifetimeWh;
    expect(lifetime).toBeGreaterThanOrEqual(3);
    expect(tx).toMatchObject({ state: 'stopped', meterStart: 0, meterStop: lifetime });
  });

  it('meterStart is read before the EVSE is woken, so a lost reply charges nothing outside', async () => {
    const chain = await hourlyChain();
    chain.emu.control.plugIn();
    chain.emu.control.startCharging();
    await until(() => chain.station.getStatus().evConnected === true, 10_000, 'the plug seen');
    // The next reply is lost: the client waits its 2 s timeout for it.
    chain.emu.control.wire.dropNext(1);
    expect(await chain.cp.authorize('TAG1')).toMatchObject({ status: 'Accepted' });
    await until(() => chain.cs.transactions('CP1').length === 1, 20_000, 'the start');
    await until(() => sessionWh(chain) >= 3, 20_000, '3 Wh charged');
    chain.emu.control.unplug();
    await until(() => chain.cs.transactions('CP1')[0]?.state !== 'active', 20_000, 'the stop');
    await until(() => chain.emu.control.status().lifetimeWh > 0, 10_000, 'the session counted');
    const lifetime = chain.emu.control.status().lifetimeWh;
    expect(chain.cs.transactions('CP1')[0]).toMatchObject({
      state: 'stopped',
      meterStart: 0,
      meterStop: lifetime,
    });
  });

  it('a restart during a session ends the journaled transaction at the register, not the last sample', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ocpp15-meter-stop-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const chain = await hourlyChain(dataDir);
    await charge3Wh(chain);
    // The process dies with the transaction open in its journal (close() ends nothing); the
    // EVSE charges on until the next process puts it to sleep.
    await chain.cp.close();
    nextChargePoint(chain, dataDir);
    await until(() => chain.cs.transactions('CP1')[0]?.state !== 'active', 20_000, 'the stop');
    await until(() => !chain.emu.control.status().relayClosed, 10_000, 'the EVSE asleep');
    chain.emu.control.unplug(); // the session's Wh go into the lifetime counter (RAPI.md §4.7)
    await until(() => chain.emu.control.status().lifetimeWh > 0, 10_000, 'the session counted');
    const [tx] = chain.cs.transactions('CP1');
    const lifetime = chain.emu.control.status().lifetimeWh;
    expect(lifetime).toBeGreaterThanOrEqual(3);
    expect(tx).toMatchObject({ state: 'stopped', meterStart: 0, meterStop: lifetime });
    expect(chain.cs.transactions('CP1')).toHaveLength(1);
  });
  it('a start whose meter reads all fail begins at the last register seen, not at 0 Wh', async () => {
    const chain = await hourlyChain();
    await charge3Wh(chain);
    chain.emu.control.unplug();
    await until(() => chain.cs.transactions('CP1')[0]?.state === 'stopped', 20_000, 'the stop');
    const first = chain.cs.transactions('CP1')[0];
    expect(first?.meterStop).toBeGreaterThanOrEqual(3);
    chain.emu.control.plugIn();
    chain.emu.control.startCharging();
    await until(() => chain.station.getStatus().evConnected === true, 10_000, 'the plug seen');
    // Every command is answered $NK now (RAPI.md §1.7): each meter read of the start fails.
    chain.emu.control.wire.set({ nkEvery: 1 });
    expect(await chain.cp.authorize('TAG1')).toMatchObject({ status: 'Accepted' });
    await until(() => chain.cs.transactions('CP1').length === 2, 20_000, 'the second start');
    chain.emu.control.wire.reset();
    expect(chain.cs.transactions('CP1')[1]).toMatchObject({ meterStart: first?.meterStop });
  });
  it('a start whose meter reads all fail, stopped by the card while plugged in, still bills the session', async () => {
    const chain = await hourlyChain();
    await secondUnreadStart(chain);
    await until(() => sessionWh(chain) >= 3, 20_000, '3 Wh charged in the second');
    // The same card again ends it with the EV still plugged in: lifetime has not taken the
    // session in yet (RAPI.md §4.7), so the register must add the session on top.
    expect(await chain.cp.authorize('TAG1')).toMatchObject({ status: 'Accepted' });
    await until(() => chain.cs.transactions('CP1')[1]?.state === 'stopped', 20_000, 'the stop');
    const second = chain.cs.transactions('CP1')[1];
    const billed = (second?.meterStop ?? 0) - (second?.meterStart ?? 0);
    expect(billed).toBeGreaterThanOrEqual(3);
    expect(billed).toBeLessThanOrEqual(sessionWh(chain));
  });

  it('after a restart, a start whose meter reads all fail begins at the register kept in the state file', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ocpp15-meter-start-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const chain = await hourlyChain(dataDir);
    await charge3Wh(chain);
    chain.emu.control.unplug();
    await until(() => chain.cs.transactions('CP1')[0]?.state === 'stopped', 20_000, 'the stop');
    const stoppedAt = chain.cs.transactions('CP1')[0]?.meterStop ?? 0;
    expect(stoppedAt).toBeGreaterThanOrEqual(3);
    await chain.cp.close(); // a new process on the same data directory
    chain.emu.control.plugIn();
    chain.emu.control.startCharging();
    await until(() => chain.station.getStatus().evConnected === true, 10_000, 'the plug seen');
    const next = nextChargePoint(chain, dataDir);
    await until(() => chain.frames.of('BootNotification').length >= 2, 20_000, 'the new boot');
    chain.emu.control.wire.set({ nkEvery: 1 }); // every meter read of the start fails
    expect(await next.authorize('TAG1')).toMatchObject({ status: 'Accepted' });
    await until(() => chain.cs.transactions('CP1').length === 2, 20_000, 'the second start');
    chain.emu.control.wire.reset();
    expect(chain.cs.transactions('CP1')[1]).toMatchObject({ meterStart: stoppedAt });
  });
  it('an EV unplugged and plugged in again before the EVSE sleeps: the new session counts too', async () => {
    const chain = await hourlyChain();
    await charge3Wh(chain);
    // More than the new session will charge: a session counter equal to what lifetime took in
    // reads as the old session (advanceRegister).
    await until(() => sessionWh(chain) >= 12, 30_000, '12 Wh charged');
    // Every command is refused now ($NK, RAPI.md §1.7): the stop's sleep ($FS) and its meter
    // reads fail, so the EV plugged in again charges on in a new session.
    chain.emu.control.wire.set({ nkEvery: 1 });
    chain.emu.control.unplug(); // lifetime takes in the first session (RAPI.md §4.7)
    await until(() => chain.emu.control.status().lifetimeWh >= 12, 10_000, 'the session counted');
    const firstWh = chain.emu.control.status().lifetimeWh;
    chain.emu.control.plugIn();
    chain.emu.control.startCharging();
    await until(() => chain.emu.control.status().relayClosed, 10_000, 'charging again');
    await until(() => sessionWh(chain) >= 2, 20_000, '2 Wh in the new session');
    const secondWh = sessionWh(chain);
    chain.emu.control.wire.reset();
    await until(() => chain.cs.transactions('CP1')[0]?.state === 'stopped', 30_000, 'the stop');
    await until(() => !chain.emu.control.status().relayClosed, 10_000, 'the EVSE asleep');
    chain.emu.control.unplug();
    const lifetime = () => chain.emu.control.status().lifetimeWh;
    await until(() => lifetime() > firstWh, 10_000, 'the second session counted');
    const [tx] = chain.cs.transactions('CP1');
    expect(tx?.meterStop).toBeGreaterThanOrEqual(firstWh + secondWh);
    expect(tx?.meterStop).toBeLessThanOrEqual(lifetime());
  });
  it.each([
    ['reads the meter', false],
    ['cannot read the meter (no counters of its own)', true],
  ])(
    'a restart ends a transaction begun mid-session whose start %s at the register, the earlier Wh once',
    async (_, unread) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'ocpp15-meter-mid-'));
      onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
      const chain = await hourlyChain(dataDir);
      await charge3Wh(chain);
      await until(() => chain.cp.transactions.current()?.transactionId !== undefined, 10_000, 'id');
      const first = chain.cp.transactions.current()?.transactionId ?? -1;
      expect(await chain.cs.call('CP1', 'RemoteStopTransaction', { transactionId: first })).toEqual(
        {
          status: 'Accepted',
        },
      );
      await until(() => chain.cs.transactions('CP1')[0]?.state === 'stopped', 20_000, 'the stop');
      // The EV stays plugged in: the next transaction starts in the same session, so its
      // meterStart is lifetime + the session's Wh so far (read, or the last register seen), not
      // the lifetime counter.
      const before = sessionWh(chain);
      await startSecond(chain, unread);
      await until(() => sessionWh(chain) >= before + 3, 20_000, '3 Wh more');
      await restartEndsSecond(chain, dataDir);
      chain.emu.control.unplug(); // the session's Wh go into the lifetime counter
      await until(() => chain.emu.control.status().lifetimeWh > 0, 10_000, 'the session counted');
      const [one, two] = chain.cs.transactions('CP1');
      expect(two?.meterStart).toBe(one?.meterStop);
      expect(two?.meterStop).toBe(chain.emu.control.status().lifetimeWh);
    },
  );
  it('a restart after `$SK` set lifetime back ends a transaction begun without counters at meterStart + the session', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ocpp15-meter-sk-'));
    onTestFinished(() => rmSync(dataDir, { recursive: true, force: true }));
    const chain = await hourlyChain(dataDir);
    chain.emu.control.setEnergy({ lifetimeWh: 50_000 });
    await secondUnreadStart(chain);
    await until(() => sessionWh(chain) >= 3, 20_000, '3 Wh charged');
    chain.emu.control.setEnergy({ lifetimeWh: 0 }); // `$SK 0` (RAPI.md §4.7)
    await restartEndsSecond(chain, dataDir);
    const two = chain.cs.transactions('CP1')[1];
    const meterStart = two?.meterStart ?? Number.NaN;
    expect(meterStart).toBeGreaterThanOrEqual(50_003);
    const charged = chain.emu.control.status().sessionWs / 3600;
    expect(two?.meterStop).toBeGreaterThanOrEqual(meterStart + Math.floor(charged));
    expect(two?.meterStop).toBeLessThanOrEqual(meterStart + Math.ceil(charged));
  });
});
