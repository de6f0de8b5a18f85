/**
 * Puts a fresh emulator into the device state a RAPI.md §6 test vector describes (S0–S5 and
 * the special set-ups named in each note), using only the control API, RAPI commands and a
 * virtual clock. Shared by the in-process vector test and the PTY vector test.
 */

import { withChecksum } from '@evse/core';
import { loadRapiVectors, type RapiVector } from '../../../core/test/fixtures/rapi/index.js';
import type { Emulator, EmulatorOptions, VirtualClock } from '../../src/index.js';
import { createEmulator, createVirtualClock } from '../../src/index.js';

/** One entry of core's RAPI fixture set (packages/core/test/fixtures/rapi). */
export type { RapiVector };

/** All 118 vectors. */
export const loadVectors = (): RapiVector[] => loadRapiVectors();

/** RTC of the S0 baseline: 2025-01-15 12:30:00 (naive time, kept as UTC). */
export const S0_RTC = new Date(Date.UTC(2025, 0, 15, 12, 30, 0));

/** Checksummed frame + CR (checksums computed, never typed). */
const frame = (body: string): string => `${withChecksum(body)}\r`;

type Step = (emu: Emulator, clock: VirtualClock) => void;

const cmd =
  (...lines: string[]): Step =>
  (emu) => {
    for (const line of lines) emu.device.receive(`${line}\r`);
  };
const wait =
  (ms: number): Step =>
  (_emu, clock) =>
    clock.advance(ms);
const seq =
  (...steps: Step[]): Step =>
  (emu, clock) => {
    for (const s of steps) s(emu, clock);
  };
const ctl =
  (fn: (emu: Emulator) => void): Step =>
  (emu) =>
    fn(emu);

/** Boot and settle, then set the RTC to the S0 time (as the ESP32 does with `$S1`). */
const S0 = seq(wait(3000), cmd('$S1 25 1 15 12 30 0'));
const S1 = seq(
  S0,
  ctl((e) => e.control.plugIn()),
  wait(1000),
);
const charging = seq(
  S1,
  ctl((e) => e.control.startCharging()),
  wait(1000),
);
/** S2: charging 125 s; meter values set to the vector's snapshot (the note's numbers are a snapshot, not physics). */
const S2 = seq(
  S1,
  ctl((e) => e.control.startCharging()),
  wait(300),
  wait(125_000),
  ctl((e) => e.control.setEv({ maxCurrentA: 23.85 })),
  wait(100),
  ctl((e) => e.control.setEnergy({ sessionWs: 360_000, lifetimeWh: 5000 })),
);
const S4 = seq(S1, cmd('$FS'));
const S5 = seq(S0, cmd('$SY 5 6'), wait(6000));
const boot = wait(0);

/** A vector's set-up: emulator options, steps before listening, and the trigger of an async frame. */
export interface VectorCase {
  options: EmulatorOptions;
  prepare: Step;
  /** For unsolicited frames (empty `request`): what makes the device send `response`. */
  trigger?: Step;
  /** What follows later (checked by the in-process test): ms to wait and the expected text. */
  later?: { ms: number; output: string };
}

const AUTH: EmulatorOptions = { authLock: true };
const EU: EmulatorOptions = { profile: 'platformio', variant: 'EU' };

const special: Record<string, Partial<VectorCase>> = {
  'GC on EU build': { options: EU },
  'GV on EU build': { options: EU },
  'GT without RTC chip': { options: { rtc: null } },
  'GF fault counters with history': {
    prepare: seq(
      S0,
      ...Array.from({ length: 10 }, () =>
        seq(
          ctl((e) => e.control.plugIn()),
          wait(1000),
          ctl((e) => e.control.startCharging()),
          wait(3500),
          ctl((e) => e.control.injectFault('gfci')),
          wait(500),
          ctl((e) => {
            e.control.clearFault();
            e.control.unplug();
          }),
          wait(1000),
        ),
      ),
      ctl((e) => e.control.plugIn()),
      wait(1000),
      ctl((e) => e.control.startCharging()),
      wait(1000),
      ctl((e) => e.control.injectFault('noGround')),
      wait(2000),
      ctl((e) => {
        e.control.clearFault();
        e.control.unplug();
      }),
      wait(1000),
    ),
  },
  'S4 unlock (AUTH_LOCK build)': { options: AUTH },
  'S4 lock (AUTH_LOCK build)': { options: AUTH, prepare: seq(S1, cmd('$S4 0'), wait(500)) },
  'G4 auth lock state': { options: AUTH },
  'SC M second time': { prepare: seq(S0, cmd('$SC 32 M')) },
  'SY pulse, nothing missed': { prepare: seq(S0, cmd('$SY 5 6'), wait(2000)) },
  'Echo mode round trip': { prepare: seq(S0, cmd('$FF E 1')) },
  'ST set delay timer': { later: { ms: 1500, output: frame('$AT fe 01 24 1200') } },
  'FE from sleep': { later: { ms: 300, output: frame('$AT 02 02 24 0700') } },
  'FR restart': {
    later: {
      ms: 3100,
      output: frame('$AT 00 00 0 0200') + frame('$AB 00 8.2.3') + frame('$AT 01 01 24 0200'),
    },
  },
  'async: boot-time forced state': { prepare: boot, trigger: wait(400) },
  'async: boot notification': { prepare: wait(400), trigger: wait(1500) },
  'async: boot notification, POST failed': {
    prepare: seq(
      ctl((e) => e.control.injectFault('noGround')),
      wait(400),
    ),
    trigger: wait(1500),
  },
  'async: ready, no EV': { prepare: wait(1900), trigger: wait(100) },
  'async: EV connected': {
    trigger: seq(
      ctl((e) => e.control.plugIn()),
      wait(400),
    ),
  },
  'async: charging': {
    prepare: S1,
    trigger: seq(
      ctl((e) => e.control.startCharging()),
      wait(400),
    ),
  },
  'async: back to connected after charge': {
    prepare: charging,
    trigger: seq(
      ctl((e) => e.control.stopCharging()),
      wait(400),
    ),
  },
  'async: unplugged': {
    prepare: S1,
    trigger: seq(
      ctl((e) => e.control.unplug()),
      wait(200),
    ),
  },
  'async: EV plugged in while sleeping': {
    prepare: seq(S0, cmd('$FS')),
    trigger: seq(
      ctl((e) => e.control.plugIn()),
      wait(200),
    ),
  },
  'async: EV unplugged while sleeping': {
    prepare: S4,
    trigger: seq(
      ctl((e) => e.control.unplug()),
      wait(200),
    ),
  },
  'async: heartbeat missed': { prepare: seq(S0, cmd('$SY 5 6')), trigger: wait(6000) },
  'async: GFCI fault while charging': {
    prepare: seq(charging, wait(3000)),
    trigger: seq(
      ctl((e) => e.control.injectFault('gfci')),
      wait(50),
    ),
  },
  'async: wifi AP request': { trigger: ctl((e) => e.control.pressButton('hold')) },
  'async: button short press': {
    prepare: seq(S0, cmd('$FF B 0')),
    trigger: ctl((e) => e.control.pressButton('short')),
  },
  'async: button long press': {
    prepare: seq(S0, cmd('$FF B 0')),
    trigger: ctl((e) => e.control.pressButton('long')),
  },
};

/** The set-up for `vector`, from its name and the baseline its note starts with. */
export function vectorCase(vector: RapiVector): VectorCase {
  const note = vector.note;
  let base: Step = S0;
  if (note.startsWith('S1 ')) base = S1;
  else if (note.startsWith('S2 ')) base = S2;
  else if (note.startsWith('S3 ')) base = S1;
  else if (note.startsWith('S4 ')) base = S4;
  else if (note.startsWith('S5 ')) base = S5;
  const s = special[vector.name] ?? {};
  return {
    options: { ...(note.startsWith('S3 ') ? AUTH : {}), ...s.options },
    prepare: s.prepare ?? base,
    ...(s.trigger ? { trigger: s.trigger } : {}),
    ...(s.later ? { later: s.later } : {}),
  };
}

/** A fresh emulator on a virtual clock, already in the vector's state (prep output discarded). */
export function emulatorForVector(vector: RapiVector): {
  emulator: Emulator;
  clock: VirtualClock;
  vcase: VectorCase;
} {
  const vcase = vectorCase(vector);
  const clock = createVirtualClock();
  const emulator = createEmulator({ rtc: S0_RTC, ...vcase.options, clock });
  vcase.prepare(emulator, clock);
  return { emulator, clock, vcase };
}
