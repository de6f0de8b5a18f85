// Property: whatever happens in whatever order — plug, unplug, the EV asking for charge, the
// front button, a controller reboot, good and bad swipes, the central system going down and
// up — the relay never closes without an authorization (FIELD-FIRMWARE.md §1). Checked after
// every step and, through the rig's monitor, at every relay change in between.
import { afterEach, describe, expect, it } from 'vitest';
import { BAD, GATE_BUILDS, type GateRig, GOOD, startGateRig } from './support/gate-rig.js';
import { delay, until } from './support/helpers.js';
import { createRng } from './support/rng.js';

const SEEDS = [7, 2026];
const STEPS = 12;

type Step = (r: GateRig) => Promise<void> | void;
const STEP_KINDS: Record<string, Step> = {
  plug: (r) => r.emu.control.plugIn(),
  unplug: (r) => r.emu.control.unplug(),
  askCharge: (r) => r.emu.control.startCharging(),
  button: (r) => r.emu.control.pressButton('short'),
  reboot: async (r) => {
    r.emu.control.reboot();
    await until(() => r.emu.control.status().state !== 'starting', 5000, 'rebooted');
  },
  swipeGood: (r) => void r.emu.control.swipe(GOOD),
  swipeBad: (r) => void r.emu.control.swipe(BAD),
  csDown: (r) => r.csDown(),
  csUp: (r) => r.csUp(),
};
const KINDS = Object.keys(STEP_KINDS);

let rig: GateRig | null = null;
afterEach(async () => {
  await rig?.close();
  rig = null;
});

describe.each(GATE_BUILDS)(
  'the relay never closes without an authorization: $name',
  ({ build }) => {
    it.each(SEEDS)(
      'random event order, seed %i',
      async (seed) => {
        const rng = createRng(seed);
        rig = await startGateRig(build);
        const r = rig;
        await until(() => r.emu.control.status().evseState === 0xfe, 5000, 'asleep at start');
        const played: string[] = [];
        for (let i = 0; i < STEPS; i++) {
          const kind = rng.pick(KINDS);
          played.push(kind);
          await STEP_KINDS[kind]?.(r);
          await delay(300);
          const where = `after ${played.join(', ')}`;
          expect(r.violations, where).toEqual([]);
          if (!r.authorized()) {
            // Put to sleep mid-charge, 8.2.3 opens the relay once the EV stops drawing (≤ 3 s).
            await until(() => !r.emu.control.status().relayClosed, 4000, `relay open ${where}`);
            const device = await r.device();
            expect(device.evseState, where).not.toBe(3);
            expect(device.currentMa, where).toBe(0);
          }
        }
        expect(r.violations).toEqual([]);
      },
      60_000,
    );
  },
);
