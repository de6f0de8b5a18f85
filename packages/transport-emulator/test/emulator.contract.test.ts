import { peerFromTransport, transportContract } from '@evse/core/testing';
import { describe, expect, it } from 'vitest';
import { openEmulator } from '../src/emulator.js';
import { createVirtualClock } from '../src/index.js';

// The emulator's transport is the host end of core's loopback; the peer is the device end.
// The virtual clock is never advanced, so the firmware stays unpowered and adds no bytes.
describe('emulator.transport: core transport contract', () => {
  for (const check of transportContract) {
    it(check.name, () =>
      check.run({
        async open() {
          const { emulator, deviceEnd } = openEmulator({ clock: createVirtualClock() });
          return {
            transport: emulator.transport,
            peer: peerFromTransport(deviceEnd),
            dispose: () => emulator.close(),
          };
        },
      }),
    );
  }

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
