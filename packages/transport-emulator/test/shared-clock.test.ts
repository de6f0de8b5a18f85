import { describe, expect, it } from 'vitest';
import { createEmulator, createVirtualClock, type Emulator } from '../src/index.js';

// A fleet runs many emulators on one virtual clock. The statechart's snapshots and steps are
// shared between instances (they are immutable); each instance's state must stay its own.
describe('many emulators on one clock', () => {
  it('stay independent: a fault, its 5-minute retry and a charge in one do not touch the others', async () => {
    const clock = createVirtualClock();
    const emus: Emulator[] = Array.from({ length: 3 }, () => createEmulator({ clock, rtc: null }));
    clock.advance(3000);
    expect(emus.map((e) => e.control.status().state)).toEqual([
      'notConnected',
      'notConnected',
      'notConnected',
    ]);
    const [a, b, c] = emus as [Emulator, Emulator, Emulator];
    for (const e of [a, b]) {
      e.control.plugIn();
      e.control.startCharging();
    }
    clock.advance(3000);
    a.control.injectFault('gfci');
    clock.advance(100);
    a.control.clearFault();
    expect(a.control.status()).toMatchObject({ state: 'fault', fault: 'gfci', relayClosed: false });
    expect(b.control.status()).toMatchObject({ state: 'charging', fault: null, relayClosed: true });
    expect(c.control.status()).toMatchObject({ state: 'notConnected', evConnected: false });
    // Only `a` has the retry timer: after 5 minutes it charges again, the others are unchanged.
    clock.advance(5 * 60_000 + 1000);
    expect(a.control.status()).toMatchObject({ state: 'charging', fault: null });
    expect(a.control.status().faultCounters.gfci).toBe(1);
    expect(b.control.status().faultCounters.gfci).toBe(0);
    expect(c.control.status().state).toBe('notConnected');
    // A reboot of one is a power-up from the shared boot snapshot, not a reset of the others.
    b.control.reboot();
    clock.advance(500);
    expect(b.control.status().state).toBe('starting');
    expect(a.control.status().state).toBe('charging');
    clock.advance(3000);
    expect(b.control.status()).toMatchObject({ state: 'charging', relayClosed: true });
    for (const e of emus) await e.close();
    expect(clock.pending()).toBe(0);
  });
});
