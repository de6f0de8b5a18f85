/**
 * `createEmulator`: wires the firmware model, the wire-fault layer, the EEPROM file and the
 * host-side transport together (README.md, createEmulator). Classes, not closures: one object
 * per part.
 */
import { DEFAULT_FIRMWARE, firmwareProfile, type Transport } from '@evse/core';
import { type Observable, Subject } from 'rxjs';
import { createRealClock } from './clock.js';
import { Control } from './emulator-control.js';
import { atFrame } from './firmware/capacity.js';
import { resolveBuild } from './firmware/constants.js';
import { ACTIVE_LOOP_MS, Controller, type ControllerHost } from './firmware/controller.js';
import { type Eeprom, freshEeprom } from './firmware/eeprom.js';
import type { OutputKind } from './firmware/state.js';
import { InProcessLink, type LinkDevice } from './in-process.js';
import { checkOptions } from './options.js';
import { loadStateFile, saveStateFile } from './persist.js';
import type { DevicePort, Emulator, EmulatorClock, EmulatorOptions } from './types.js';
import { UartPacer } from './uart.js';
import { WireLayer, type WireSink } from './wire.js';

/**
 * Create one emulated OpenEVSE controller (firmware 8.2.3, RAPI 5.2.1, unless `firmware`
 * names another version of FIELD-FIRMWARE.md §2); it starts booting at once. Instances are independent: they share only immutable statechart snapshots.
 * @example
 * const emu = createEmulator({ clock: createVirtualClock() });
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  return new EmulatorInstance(options);
}

/**
 * `createEmulator` plus the device end of the in-process link (internal: the transport
 * contract test uses it as the peer).
 */
export function openEmulator(options: EmulatorOptions = {}): {
  emulator: Emulator;
  deviceEnd: Transport;
} {
  const emulator = new EmulatorInstance(options);
  const link = emulator.transport;
  const tap = new Subject<string>();
  link.tap = tap;
  const deviceEnd: Transport = {
    data$: tap.asObservable(),
    write: (text) => link.sendToHost(text),
    close: () => link.close(),
  };
  return { emulator, deviceEnd };
}

/** Output stream of the device port, made on first use (most fleet emulators have none). */
class Device implements DevicePort {
  private readonly emulator: EmulatorInstance;

  constructor(emulator: EmulatorInstance) {
    this.emulator = emulator;
  }

  get output$(): Observable<string> {
    return this.emulator.outputStream();
  }

  receive(chunk: string): void {
    if (typeof chunk !== 'string') throw new TypeError('receive(chunk): chunk must be a string');
    this.emulator.fromHost(chunk);
  }
}

/**
 * One emulator: one object per part (controller, wire layer, link, control, device) with
 * shared prototype methods; the parts talk to it through small interfaces, not closures.
 */
class EmulatorInstance implements Emulator, ControllerHost, WireSink, LinkDevice {
  readonly transport: InProcessLink;
  readonly device: DevicePort;
  readonly control: Control;
  readonly clock: EmulatorClock;
  readonly controller: Controller;
  private readonly wire: WireLayer;
  /** The two directions of the UART when `baud` paces it (else null: no cost). */
  private readonly txLine: UartPacer | null;
  private readonly rxLine: UartPacer | null;
  private readonly stateFile: string | undefined;
  private outputSubject: Subject<string> | null = null;
  private errorsSubject: Subject<Error> | null = null;
  private closed = false;

  constructor(options: EmulatorOptions) {
    checkOptions(options);
    const clock = options.clock && options.clock !== 'real' ? options.clock : createRealClock();
    const build = resolveBuild(
      firmwareProfile({
        firmware: options.firmware ?? DEFAULT_FIRMWARE,
        profile: options.profile ?? 'arduino',
        authLock: options.authLock ?? false,
        bootLock: options.bootLock ?? false,
      }),
      options.variant ?? 'US',
    );
    const stateFile = options.stateFile;
    this.clock = clock;
    this.stateFile = stateFile;
    this.transport = new InProcessLink(this);
    this.device = new Device(this);
    this.wire = new WireLayer(clock, this, options.wire);
    const baud = options.baud;
    this.txLine = baud ? new UartPacer(clock, baud, (text) => this.toWire(text)) : null;
    this.rxLine = baud ? new UartPacer(clock, baud, (text) => this.controller.receive(text)) : null;
    this.controller = new Controller({
      build,
      clock,
      eeprom: (stateFile ? loadStateFile(stateFile) : null) ?? freshEeprom(build),
      host: this,
      bootDelayMs: options.bootDelayMs ?? 400,
      postMs: options.postMs ?? 1500,
      chargingLoopMs: options.chargingLoopMs ?? ACTIVE_LOOP_MS,
      rtc: options.rtc === undefined ? new Date() : options.rtc,
      ambientC: options.ambientC ?? 23.5,
      ev: { maxCurrentA: 32, batteryKwh: 60, socPercent: 20, ...options.ev },
      mcuId: options.mcuId ?? 'OEVSE100A1B2C3',
      debugNoise: options.wire?.debugNoise ?? false,
    });
    this.control = new Control(this.controller, this.wire);
  }

  /** `device.output$` (hot): the subject is made when someone first asks for it. */
  outputStream(): Observable<string> {
    if (this.outputSubject === null) {
      this.outputSubject = new Subject<string>();
      if (this.closed) this.outputSubject.complete();
    }
    return this.outputSubject.asObservable();
  }

  // ControllerHost
  output(text: string, kind: OutputKind): void {
    this.wire.push(text, kind);
  }

  persist(eeprom: Eeprom): void {
    if (!this.stateFile) return;
    try {
      saveStateFile(this.stateFile, eeprom);
    } catch (cause) {
      // Thrown here it would end the RAPI command (or the TCP server) that changed a setting.
      this.errorsSubject?.next(
        new Error(`could not save the state file ${this.stateFile}: ${(cause as Error).message}`, {
          cause,
        }),
      );
    }
  }

  /** `errors$` (hot): made on first access. */
  get errors$(): Observable<Error> {
    if (this.errorsSubject === null) {
      this.errorsSubject = new Subject<Error>();
      if (this.closed) this.errorsSubject.complete();
    }
    return this.errorsSubject.asObservable();
  }

  shouldNk(): boolean {
    return this.wire.shouldNk();
  }

  changed(): void {
    this.control.changed();
  }

  // WireSink
  deliver(text: string): void {
    if (this.txLine) this.txLine.push(text);
    else this.toWire(text);
  }

  /** Bytes leave the device: to `device.output$` and the host side of the link. */
  private toWire(text: string): void {
    this.outputSubject?.next(text);
    // The host side may have been closed on its own; the device keeps running.
    this.transport.toHost(text);
  }

  injectAt(): void {
    this.controller.emit(atFrame(this.controller), 'async');
  }

  debugNoise(on: boolean): void {
    this.controller.debugNoise = on;
  }

  // LinkDevice
  fromHost(text: string): void {
    if (this.rxLine) this.rxLine.push(text);
    else this.controller.receive(text);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.controller.close();
    this.wire.close();
    this.txLine?.close();
    this.rxLine?.close();
    await this.transport.close();
    this.outputSubject?.complete();
    this.errorsSubject?.complete();
    this.control.close();
  }
}
