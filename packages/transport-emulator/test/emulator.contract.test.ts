import { firmwareProfile } from '@evse/core';
import { peerFromTransport, transportContract } from '@evse/core/testing';
import { describe, expect, it } from 'vitest';
import { openEmulator } from '../src/emulator.js';
import { createVirtualClock } from '../src/index.js';
import { ALL_BUILDS, buildName } from './support/builds.js';

// The emulator's transport is the host end of core's loopback; the peer is the device end.
// The virtual clock is never advanced, so the firmware stays unpowered and adds no bytes.
describe.each(ALL_BUILDS.map((b) => [buildName(b), b] as const))(
  'emulator.transport of %s: core transport contract',
  (_name, build) => {
    for (const check of transportContract) {
      it(check.name, () =>
        check.run({
          async open() {
            const { emulator, deviceEnd } = openEmulator({ ...build, clock: createVirtualClock() });
            return {
              transport: emulator.transport,
              peer: peerFromTransport(deviceEnd),
              dispose: () => emulator.close(),
            };
          },
        }),
      );
    }

    it('booted, it answers $GV through the transport as that version does', async () => {
      const clock = createVirtualClock();
      const { emulator } = openEmulator({ ...build, clock });
      clock.advance(3000);
      await new Promise((r) => setTimeout(r, 0));
      let got = '';
      const sub = emulator.transport.data$.subscribe((t) => {
        got += t;
      });
      await emulator.transport.write('$GV\r');
      await new Promise((r) => setTimeout(r, 0));
      const { firmware, protocolText } = firmwareProfile(build);
      expect(got).toMatch(new RegExp(`^\\$OK ${firmware} ${protocolText}(\\^[0-9A-F]{2})?\\r$`));
      sub.unsubscribe();
      await emulator.close();
    });
  },
);

describe('emulator.transport', () => {
  it('a booted emulator answers through the transport', async () => {
    const clock = createVirtualClock();
    const { emulator } = openEmulator({ clock });
    clock.advance(3000);
    // Boot frames are delivered asynchronously by the loopback; let them pass first.
    await new Promise((r) => setTimeout(r, 0));
    let got = '';
    const sub = emulator.transport.data$.subscribe((t) => {
      got += t;
    });
    await emulator.transport.write('$GV^35\r');
    await new Promise((r) => setTimeout(r, 0));
    expect(got).toBe('$OK 8.2.3 5.2.1^2F\r');
    sub.unsubscribe();
    await emulator.close();
    await expect(emulator.transport.write('$GV^35\r')).rejects.toMatchObject({
      code: 'TRANSPORT_CLOSED',
    });
  });
});
