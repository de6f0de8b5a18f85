// The charge point gates a real emulated controller by sleep on every build (FIELD-FIRMWARE.md
// §1): no current and no state 03 until an authorization, charging soon after StartTransaction,
// through a button press, a reboot and a central-system outage.
import { DEFAULT_FIRMWARE, FIRMWARE_VERSIONS, firmwareProfile } from '@evse/core';
import { afterEach, describe, expect, it } from 'vitest';
import { BAD, GATE_BUILDS, type GateRig, GOOD, startGateRig } from './support/gate-rig.js';
import { delay, nextEvent, until } from './support/helpers.js';

let rig: GateRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

const SLEEPING = 0xfe;

/** Nobody is authorized: the controller is asleep and draws nothing, by its own account. */
async function expectHeld(r: GateRig): Promise<void> {
  // Put to sleep while charging, 8.2.3 opens the relay once the EV stops drawing (≤ 3 s).
  await until(() => !r.emu.control.status().relayClosed, 4000, 'relay open');
  expect(r.emu.control.status()).toMatchObject({ relayClosed: false, currentMa: 0 });
  const device = await r.device();
  expect(device.evseState).not.toBe(3);
  expect(device.currentMa).toBe(0);
  expect(r.violations).toEqual([]);
}

const lastStatus = (r: GateRig, connectorId: number) =>
  r
    .of('StatusNotification')
    .filter((f) => f.payload['connectorId'] === connectorId)
    .at(-1)?.payload['status'];

it('GATE_BUILDS covers every firmware version and every option core says it can have', () => {
  for (const firmware of FIRMWARE_VERSIONS) {
    const builds = GATE_BUILDS.map((g) => g.build).filter(
      (b) => (b.firmware ?? DEFAULT_FIRMWARE) === firmware,
    );
    expect(builds.length, firmware).toBeGreaterThan(0);
    const { options } = firmwareProfile({ firmware });
    if (options.includes('AUTH_LOCK'))
      expect(
        builds.some((b) => b.authLock),
        firmware,
      ).toBe(true);
    if (options.includes('BOOTLOCK'))
      expect(
        builds.some((b) => b.bootLock),
        firmware,
      ).toBe(true);
  }
});

describe.each(GATE_BUILDS)('gating on $name', ({ build }) => {
  it('holds the EV asleep until authorized, through button, reboot and outage', async () => {
    rig = await startGateRig(build);
    const r = rig;
    await until(() => r.emu.control.status().evseState === SLEEPING, 5000, 'asleep at start');
    await until(() => lastStatus(r, 1) === 'Available', 5000, 'Available while asleep');
    if (build.bootLock) {
      // BOOTLOCK: asleep before setup() is released (FIELD-FIRMWARE.md §1).
      expect(r.sent.indexOf('$FS')).toBeGreaterThanOrEqual(0);
      expect(r.sent.indexOf('$FS')).toBeLessThan(r.sent.indexOf('$SB'));
    }

    r.emu.control.plugIn();
    r.emu.control.startCharging();
    // Plug-in while asleep shows in vflag 0x0100 (or `$G0` polls) only: the pilot field is
    // stale. 3.x has neither, so the EV stays unseen and the connector Available until an
    // authorization wakes the EVSE (FIELD-FIRMWARE.md "Implications for the bridge spec" 1).
    const waiting = r.plugSeenAsleep ? 'Occupied' : 'Available';
    if (r.plugSeenAsleep) {
      await until(() => lastStatus(r, 1) === 'Occupied', 5000, 'Occupied while asleep');
    }
    await delay(500);
    expect(r.station.getStatus()).toMatchObject({
      state: 'sleeping',
      evConnected: r.plugSeenAsleep ? true : null,
    });
    expect(lastStatus(r, 1)).toBe(waiting);
    await expectHeld(r);

    r.emu.control.pressButton('short');
    await delay(500);
    await expectHeld(r);

    r.emu.control.reboot();
    await until(() => r.emu.control.status().state !== 'starting', 5000, 'rebooted');
    await until(() => r.emu.control.status().evseState === SLEEPING, 5000, 'asleep again');
    await delay(300);
    await expectHeld(r);

    await r.csDown();
    r.emu.control.swipe(BAD); // offline and unknown: refused (AllowOfflineTxForUnknownId false)
    await delay(500);
    await expectHeld(r);
    await r.csUp();
    await until(() => r.cp.transactions.queued() === 0 && lastStatus(r, 1) === waiting, 5000);
    r.emu.control.swipe(BAD); // online: Blocked
    await delay(300);
    await expectHeld(r);
    expect(r.of('StartTransaction')).toHaveLength(0);

    r.emu.control.swipe(GOOD);
    await until(() => r.of('StartTransaction').length === 1, 5000, 'StartTransaction');
    const sentAt = Date.now();
    await until(() => r.emu.control.status().relayClosed, 3000, 'charging within 3 s');
    expect(Date.now() - sentAt).toBeLessThan(3000);
    expect((await r.device()).evseState).toBe(3);
    // Waking for the transaction (through 00, plug unknown before RAPI 5) is no Available blip.
    const calls = r.frames().calls;
    const since = calls.findIndex((f) => f.action === 'StartTransaction');
    const during = calls
      .slice(since)
      .filter((f) => f.action === 'StatusNotification' && f.payload['connectorId'] === 1)
      .map((f) => f.payload['status']);
    expect(during.filter((s) => s !== 'Occupied')).toEqual([]);

    r.emu.control.swipe(GOOD); // the same card again ends the session
    await until(() => r.of('StopTransaction').length === 1, 5000, 'StopTransaction');
    await until(() => r.emu.control.status().evseState === SLEEPING, 3000, 'asleep after stop');
    await expectHeld(r);
    r.emu.control.unplug();
    await until(() => lastStatus(r, 1) === 'Available', 5000, 'Available after unplug');
    expect(r.schemaErrors()).toEqual([]);
  });

  it('unplug ends the transaction and puts the EVSE back to sleep', async () => {
    rig = await startGateRig(build);
    const r = rig;
    await until(() => lastStatus(r, 1) === 'Available', 5000, 'booted, Available');
    r.emu.control.swipe(GOOD); // authorize first, plug in after
    await until(() => r.authorized(), 5000, 'authorized');
    await until(() => r.emu.control.status().evseState === 1, 3000, 'awake for the driver');
    r.emu.control.plugIn();
    r.emu.control.startCharging();
    await until(() => r.emu.control.status().relayClosed, 5000, 'charging');
    const stopped = nextEvent(r.cp, 'transactionStopped');
    r.emu.control.unplug();
    expect((await stopped).reason).toBe('EVDisconnected');
    await until(() => r.of('StopTransaction').length === 1, 5000, 'StopTransaction');
    await until(() => r.emu.control.status().evseState === SLEEPING, 3000, 'asleep again');
    await expectHeld(r);
  });
});
