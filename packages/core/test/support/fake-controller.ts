/**
 * A small controller for gate tests: the states, wake paths and build differences the arbiter
 * deals with (FIELD-FIRMWARE.md §1), behind a real RAPI wire (loopback pair). It answers only
 * the commands a station and the arbiter send; every other command is `$NK`.
 */
import { withChecksum } from '../../src/index.js';
import { asyncFrame, fakeDevice, reply } from '../fake-device.js';

/** The build: which of the gate's commands exist. */
export interface FakeBuild {
  /** `$FS` works (every real build has it; false = a controller that cannot be gated). */
  readonly sleep: boolean;
  /** `$FF B 0` exists (RAPI ≥ 5.1.0). */
  readonly buttonDisable: boolean;
  /** `$ST` delay timer exists. */
  readonly delayTimer: boolean;
  /** AUTH_LOCK: `$S4`/`$G4`, boots locked. */
  readonly authLock: boolean;
  /** BOOTLOCK: boots held (vflag 0x4000) until `$SB`. */
  readonly bootLock: boolean;
}

export const STOCK_BUILD: FakeBuild = {
  sleep: true,
  buttonDisable: true,
  delayTimer: true,
  authLock: false,
  bootLock: false,
};

const hex2 = (n: number) => n.toString(16).padStart(2, '0');
const hex4 = (n: number) => n.toString(16).padStart(4, '0');

export function createFakeController(build: FakeBuild = STOCK_BUILD) {
  let state = 1;
  let ev = false;
  let wantsCharge = false;
  let locked = build.authLock;
  let bootLocked = build.bootLock;
  let button = true;
  let timer = true;
  let amps = 32;
  let posting = false;
  /** Every state the controller was in, in order (for invariant checks). */
  const states: number[] = [state];
  /** Commands to answer `$NK` (without acting) the next N times they come. */
  const refusals = new Map<string, number>();

  const vflags = () =>
    (ev ? 0x0100 : 0) | (locked ? 0x0008 : 0) | (bootLocked ? 0x4000 : 0) | 0x0200;
  const pilot = () => (state === 0xfe || state === 0xff ? 1 : state);
  const settle = () => {
    if (state === 0xfe || state === 0xff || bootLocked || (state === 0 && posting)) return;
    state = !ev ? 1 : wantsCharge && !locked ? 3 : 2;
  };
  const report = () => {
    const before = states.at(-1);
    settle();
    if (state !== before) {
      states.push(state);
      void dev.send(asyncFrame(`$AT ${hex2(state)} ${hex2(pilot())} ${amps} ${hex4(vflags())}`));
    }
  };

  const dev = fakeDevice(({ frame }) => {
    const p = frame.params;
    const ok = (fields: string[] = []) => reply(true, fields);
    const refuse = refusals.get(frame.code) ?? 0;
    if (refuse > 0) {
      refusals.set(frame.code, refuse - 1);
      return reply(false);
    }
    const nk = () => reply(false);
    const after = (text: string) => {
      queueMicrotask(report);
      return text;
    };
    switch (frame.code) {
      case 'GV':
        return ok(['8.2.3', '5.2.1']);
      case 'GS':
        return ok([hex2(state), '0', hex2(pilot()), hex4(vflags())]);
      case 'GE':
        return ok([String(amps), '0201']);
      case 'FS':
        if (!build.sleep) return nk();
        state = 0xfe;
        return after(ok());
      case 'FE':
        if (state === 0xfe || state === 0xff) state = 0;
        return after(ok());
      case 'FF':
        if (!build.buttonDisable || p[0] !== 'B') return nk();
        button = p[1] !== '0';
        return ok();
      case 'ST':
        if (!build.delayTimer) return nk();
        timer = p.some((x) => x !== '0');
        return ok();
      case 'G4':
        return build.authLock ? ok([locked ? '1' : '0']) : nk();
      case 'S4':
        if (!build.authLock) return nk();
        locked = p[0] === '1';
        return after(ok());
      case 'SB':
        if (!build.bootLock) return nk();
        bootLocked = false;
        state = 0;
        return after(ok(['0']));
      case 'SC':
        amps = Number(p[0]);
        return ok([String(amps)]);
      default:
        return nk();
    }
  });

  return {
    transport: dev.host,
    seen: () => dev.seen.map((c) => c.line.replace(/\^..$/, '')),
    states,
    /** The relay is closed (state 03). */
    charging: () => state === 3,
    state: () => state,
    plug(on: boolean) {
      ev = on;
      if (!on) wantsCharge = false;
      report();
      // The controller keeps EV_CONNECTED up to date while asleep and says so (D6.2.1+).
      if (state === 0xfe) {
        void dev.send(asyncFrame(`$AT fe 01 ${amps} ${hex4(vflags())}`));
      }
    },
    askCharge(on: boolean) {
      wantsCharge = on && ev;
      report();
    },
    /** A front-button short press: wakes from sleep unless `$FF B 0` (FIELD-FIRMWARE.md §1). */
    press() {
      if (!button) {
        void dev.send(asyncFrame('$AN 0'));
        return;
      }
      if (state === 0xfe || state === 0xff) state = 0;
      report();
    },
    /** The delay timer fires: wakes from sleep if set. */
    timerFires() {
      if (timer && state === 0xfe) state = 0;
      report();
    },
    /**
     * Power cycle: sleep and the auth lock are not kept (FIELD-FIRMWARE.md §1). The controller
     * stays in state 00 (POST) until `tick()`; commands received meanwhile are carried out
     * first, as the firmware's UART buffer holds them through POST.
     */
    reboot() {
      state = 0;
      posting = true;
      locked = build.authLock;
      bootLocked = build.bootLock;
      states.push(0);
      void dev.send(`${withChecksum(`$AT 00 00 0 ${hex4(vflags())}`)}\r`);
      void dev.send(asyncFrame('$AB 00 8.2.3'));
    },
    /** One pass of the control loop. */
    tick() {
      posting = false;
      report();
    },
    /** Answer `command` (e.g. `FS`) `$NK` the next `count` times, as a flaky line would. */
    refuseNext(command: string, count = 1) {
      refusals.set(command, count);
    },
    status: () => ({ state, ev, wantsCharge, locked, bootLocked, button, timer }),
  };
}

export type FakeController = ReturnType<typeof createFakeController>;
