/**
 * `createEmulator`: wires the firmware model, the wire-fault layer, the EEPROM file and the
 * host-side transport together (contracts.md §4).
 */
import { isFaultKind, type Transport } from '@evse/core';
import { createLoopbackPair } from '@evse/core/testing';
import { BehaviorSubject, Subject } from 'rxjs';
import { createRealClock } from './clock.js';
import { buildStatus } from './control.js';
import { atFrame } from './firmware/capacity.js';
import { resolveBuild } from './firmware/constants.js';
import { ACTIVE_LOOP_MS, createController } from './firmware/controller.js';
import { freshEeprom } from './firmware/eeprom.js';
import { formatAsync } from './frame.js';
import { checkOptions } from './options.js';
import { loadStateFile, saveStateFile } from './persist.js';
import type {
  DevicePort,
  Emulator,
  EmulatorControl,
  EmulatorOptions,
  EmulatorStatus,
} from './types.js';
import { createWireLayer } from './wire.js';

/**
 * Create one emulated OpenEVSE controller (firmware 8.2.3, RAPI 5.2.1); it starts booting at
 * once. Instances are independent: no module-level state.
 * @example
 * const emu = createEmulator({ clock: createVirtualClock() });
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  return openEmulator(options).emulator;
}

/**
 * `createEmulator` plus the device end of the in-process loopback (internal: the transport
 * contract test uses it as the peer).
 */
export function openEmulator(options: EmulatorOptions = {}): {
  emulator: Emulator;
  deviceEnd: Transport;
} {
  checkOptions(options);
  const clock = options.clock && options.clock !== 'real' ? options.clock : createRealClock();
  const build = resolveBuild(
    options.profile ?? 'arduino',
    options.variant ?? 'US',
    options.authLock ?? false,
  );
  const stateFile = options.stateFile;
  const eeprom = (stateFile ? loadStateFile(stateFile) : null) ?? freshEeprom(build);
  const output = new Subject<string>();
  // The host transport is one end of core's loopback pair, the firmware sits on the other.
  const [transport, deviceEnd] = createLoopbackPair();
  const swipes = new Subject<{ idTag: string; at: Date }>();
  let status$: BehaviorSubject<EmulatorStatus> | null = null;
  let closed = false;

  const wire = createWireLayer(
    clock,
    (text) => {
      output.next(text);
      // The host side may have been closed on its own; the device keeps running.
      deviceEnd.write(text).catch(() => undefined);
    },
    () => controller.fw.emit(atFrame(controller.fw), 'async'),
    options.wire,
  );
  const controller = createController({
    build,
    clock,
    eeprom,
    saveEeprom: (e) => {
      if (stateFile) saveStateFile(stateFile, e);
    },
    emit: (text, kind) => wire.push(text, kind),
    shouldNk: () => wire.shouldNk(),
    bootDelayMs: options.bootDelayMs ?? 400,
    postMs: options.postMs ?? 1500,
    chargingLoopMs: options.chargingLoopMs ?? ACTIVE_LOOP_MS,
    rtc: options.rtc === undefined ? new Date() : options.rtc,
    ambientC: options.ambientC ?? 23.5,
    ev: { maxCurrentA: 32, batteryKwh: 60, socPercent: 20, ...options.ev },
    mcuId: options.mcuId ?? 'OEVSE100A1B2C3',
    debugNoise: options.wire?.debugNoise ?? false,
    changed: () => {
      if (status$?.observed) {
        const next = status();
        const prev = status$.getValue();
        if (!sameStatus(prev, next)) status$.next(next);
      }
    },
  });
  const fw = controller.fw;
  const status = (): EmulatorStatus => buildStatus(fw, clock.now());
  const physical = (fn: () => void) => () => {
    fn();
    controller.kick();
  };

  const control: EmulatorControl = {
    plugIn: physical(() => {
      fw.ev.plugged = true;
    }),
    unplug: physical(() => {
      fw.ev.plugged = false;
      fw.ev.wantsCharge = false;
    }),
    startCharging: physical(() => {
      fw.ev.wantsCharge = true;
    }),
    stopCharging: physical(() => {
      fw.ev.wantsCharge = false;
    }),
    setEv(settings) {
      for (const [key, value] of Object.entries(settings)) {
        if (
          value !== undefined &&
          (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        ) {
          throw new TypeError(`setEv: ${key} must be a finite number >= 0, got ${String(value)}`);
        }
      }
      Object.assign(fw.ev, settings);
      controller.kick();
    },
    setAmbient(celsius) {
      if (!Number.isFinite(celsius)) throw new TypeError(`setAmbient: not a number: ${celsius}`);
      fw.ambientC = celsius;
      controller.kick();
    },
    setEnergy(values) {
      for (const [key, value] of Object.entries(values)) {
        if (
          value !== undefined &&
          !(Number.isInteger(value) && value >= 0 && value <= 0xffffffff)
        ) {
          throw new TypeError(
            `setEnergy: ${key} must be an unsigned 32-bit integer, got ${String(value)}`,
          );
        }
      }
      if (values.sessionWs !== undefined) fw.sessionWs = values.sessionWs;
      if (values.lifetimeWh !== undefined) {
        fw.eeprom.lifetimeWh = values.lifetimeWh;
        fw.saveEeprom();
      }
    },
    injectFault(kind) {
      if (!isFaultKind(kind))
        throw new TypeError(`injectFault: unknown fault kind ${String(kind)}`);
      fw.causes.add(kind);
      controller.kick();
    },
    clearFault: physical(() => fw.causes.clear()),
    pressButton(kind) {
      const buttonOff = (fw.eeprom.flags & 0x8000) !== 0;
      if (kind === 'hold') fw.emit(formatAsync('$WF 02'), 'async');
      else if (buttonOff) fw.emit(formatAsync(`$AN ${kind === 'short' ? 0 : 1}`), 'async');
      else if (kind === 'short') controller.shortPress();
    },
    swipe(idTag) {
      if (typeof idTag !== 'string' || idTag.length === 0 || idTag.length > 20) {
        throw new TypeError('swipe: idTag must be a string of 1–20 characters');
      }
      swipes.next({ idTag, at: new Date() });
    },
    swipes$: swipes.asObservable(),
    status,
    get status$() {
      status$ ??= new BehaviorSubject(status());
      return status$.asObservable();
    },
    reboot: () => controller.powerCycle(),
    wire: {
      dropNext: (n) => wire.dropNext(n),
      corruptNext: (n) => wire.corruptNext(n),
      injectAt: () => wire.injectAt(),
      set(o) {
        wire.set(o);
        if (o.debugNoise !== undefined) fw.debugNoise = o.debugNoise;
      },
      get: () => wire.get(),
      reset() {
        wire.reset();
        fw.debugNoise = false;
      },
    },
  };

  const device: DevicePort = {
    output$: output.asObservable(),
    receive(chunk) {
      if (typeof chunk !== 'string') throw new TypeError('receive(chunk): chunk must be a string');
      controller.receive(chunk);
    },
  };

  const hostInput = deviceEnd.data$.subscribe((chunk) => controller.receive(chunk));

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    controller.close();
    wire.close();
    hostInput.unsubscribe();
    await transport.close();
    output.complete();
    swipes.complete();
    status$?.complete();
  }

  return { emulator: { transport, device, control, clock, close }, deviceEnd };
}

function sameStatus(a: EmulatorStatus, b: EmulatorStatus): boolean {
  return (
    a.state === b.state &&
    a.evseState === b.evseState &&
    a.pilotState === b.pilotState &&
    a.vflags === b.vflags &&
    a.currentCapacity === b.currentCapacity &&
    a.fault === b.fault &&
    a.evConnected === b.evConnected &&
    a.evRequestingCharge === b.evRequestingCharge &&
    a.relayClosed === b.relayClosed &&
    Math.floor(a.sessionWs / 3600) === Math.floor(b.sessionWs / 3600) &&
    a.lifetimeWh === b.lifetimeWh &&
    a.currentMa === b.currentMa
  );
}
