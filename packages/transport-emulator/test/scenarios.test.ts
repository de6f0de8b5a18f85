import { type EvseEvent, shortestEventPaths } from '@evse/core';
import { describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../src/index.js';
import { type Drive, drive } from './support/drive.js';

/**
 * Every state of core's statechart, reached on the emulator by the machine's shortest event
 * path (core `shortestEventPaths`), each event played as the physical action or RAPI command
 * that causes it. The client-visible `$GS`, last `$AT`, `$GG`, `$GU` must match RAPI.md §3.
 */

/** How a FAULT of each kind physically happens, from idle (RAPI.md §4.12, §4.9, §4.2). */
const faultRecipes: Record<string, { options?: EmulatorOptions; run(d: Drive): void }> = {
  gfci: {
    run(d) {
      d.emu.control.plugIn();
      d.emu.control.startCharging();
      d.advance(3000);
      d.emu.control.injectFault('gfci');
      // The pilot field drops to 00 ~250 ms after the trip (RAPI.md §3.2).
      d.advance(500);
    },
  },
  diodeCheck: {
    run(d) {
      d.emu.control.injectFault('diodeCheck');
      d.emu.control.plugIn();
      d.advance(1000);
    },
  },
  ventRequired: {
    run(d) {
      d.emu.control.injectFault('ventRequired');
      d.emu.control.plugIn();
      d.emu.control.startCharging();
      d.advance(1000);
    },
  },
  overTemperature: {
    run(d) {
      d.emu.control.plugIn();
      d.emu.control.startCharging();
      d.advance(2000);
      d.emu.control.injectFault('overTemperature');
      d.advance(8000);
    },
  },
  overCurrent: {
    options: { profile: 'platformio', variant: 'EU' },
    run(d) {
      d.emu.control.plugIn();
      d.emu.control.startCharging();
      d.advance(2000);
      d.emu.control.injectFault('overCurrent');
      d.advance(12_000);
    },
  },
  relayClosure: {
    run(d) {
      d.emu.control.injectFault('relayClosure');
      d.emu.control.plugIn();
      d.emu.control.startCharging();
      d.advance(1000);
    },
  },
};

/** Expected client view per state: `$GS` (elapsed field as regex), last `$AT` body. */
const expected: Record<string, { gs: RegExp; at: string | null; amps?: boolean }> = {
  // During POST the MCU is busy: commands wait in the UART buffer (checked separately).
  starting: { gs: /^$/, at: '$AT 00 00 0 0200' },
  notConnected: { gs: /^\$OK 01 0 01 0200$/, at: '$AT 01 01 24 0200' },
  connected: { gs: /^\$OK 02 0 02 0700$/, at: '$AT 02 02 24 0700' },
  charging: { gs: /^\$OK 03 \d+ 03 0540$/, at: '$AT 03 03 24 0540', amps: true },
  sleeping: { gs: /^\$OK fe 0 01 0200$/, at: '$AT fe 01 24 0200' },
  disabled: { gs: /^\$OK ff 0 01 0200$/, at: '$AT ff 01 24 0200' },
  'fault.gfci': { gs: /^\$OK 06 \d+ 00 0580$/, at: '$AT 06 00 24 0580' },
  'fault.noGround': { gs: /^\$OK 07 0 00 0200$/, at: '$AT 07 00 0 0200' },
  'fault.stuckRelay': { gs: /^\$OK 08 0 00 0200$/, at: '$AT 08 00 0 0200' },
  'fault.gfiSelfTest': { gs: /^\$OK 09 0 00 0200$/, at: '$AT 09 00 0 0200' },
  'fault.diodeCheck': { gs: /^\$OK 05 0 05 0702$/, at: '$AT 05 05 24 0702' },
  'fault.ventRequired': { gs: /^\$OK 04 0 04 0702$/, at: '$AT 04 04 24 0702' },
  'fault.overTemperature': { gs: /^\$OK 0a \d+ 03 0502$/, at: '$AT 0a 03 24 0502' },
  'fault.overCurrent': { gs: /^\$OK 0b \d+ 03 0502$/, at: '$AT 0b 03 32 0502' },
  'fault.relayClosure': { gs: /^\$OK 0e 0 03 0502$/, at: '$AT 0e 03 24 0502' },
};

function play(d: Drive, e: EvseEvent): void {
  const c = d.emu.control;
  switch (e.type) {
    case 'POST_OK':
      d.advance(2000);
      return;
    case 'POST_FAILED':
      c.injectFault(e.kind);
      d.advance(2000);
      return;
    case 'EV_PLUG':
      c.plugIn();
      break;
    case 'EV_UNPLUG':
      c.unplug();
      break;
    case 'EV_REQUEST_CHARGE':
      c.startCharging();
      break;
    case 'EV_STOP_CHARGE':
      c.stopCharging();
      break;
    case 'ENABLE':
      d.ask('$FE');
      break;
    case 'DISABLE':
      d.ask('$FD');
      break;
    case 'SLEEP':
      d.ask('$FS');
      break;
    case 'AUTH_LOCK':
      d.ask('$S4 1');
      break;
    case 'AUTH_UNLOCK':
      d.ask('$S4 0');
      break;
    case 'FAULT':
      faultRecipes[e.kind]?.run(d);
      return;
    default:
      throw new Error(`no physical action for ${e.type}`);
  }
  d.advance(1000);
}

describe('statechart shortest paths on the emulator', () => {
  const paths = shortestEventPaths();
  it('covers every state of the machine', () => {
    expect(paths.map((p) => p.state).sort()).toEqual(Object.keys(expected).sort());
  });

  for (const path of paths) {
    it(`${path.state} (0x${path.code.toString(16).padStart(2, '0')})`, async () => {
      const fault = path.events.find((e) => e.type === 'FAULT');
      const options = fault?.type === 'FAULT' ? faultRecipes[fault.kind]?.options : undefined;
      // Boot is part of the path: POST_OK / POST_FAILED start it.
      const d = drive(options ?? {}, false);
      d.advance(path.events.length === 0 ? 500 : 0);
      for (const e of path.events) play(d, e);
      const exp = expected[path.state];
      if (!exp) throw new Error(`no expectation for ${path.state}`);
      const ats = d.ats();
      if (exp.at) expect(ats.at(-1)).toBe(exp.at);
      expect(d.emu.control.status().state).toBe(path.state.split('.')[0]);
      if (path.state === 'starting') {
        // A command sent during POST is answered once POST is over.
        d.take();
        d.emu.device.receive('$GS^30\r');
        expect(d.take()).toBe('');
        d.advance(2000);
        // `$AB` ends setup(); the first loop pass then serves the UART buffer (state still 00).
        expect(d.take()).toMatch(/^\$AB 00 8\.2\.3\^..\r\$OK 00 0 00 0200\^..\r\$AT 01 01 24 0200/);
        await d.close();
        return;
      }
      expect(d.ask('$GS')).toMatch(exp.gs);
      const [, ma, mv] = d.ask('$GG').split(' ');
      if (exp.amps) expect(Number(ma)).toBe(24000);
      else expect(Number(ma)).toBe(0);
      expect(Number(mv)).toBe(path.state === 'fault.overCurrent' ? 230000 : 240000);
      const [, ws, wh] = d.ask('$GU').split(' ');
      if (exp.amps) expect(Number(ws)).toBeGreaterThan(0);
      expect(Number(wh)).toBe(0);
      await d.close();
    });
  }
});
