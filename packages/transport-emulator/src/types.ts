/**
 * Public types of `@evse/transport-emulator` (README.md, Options). The PTY/TCP/HTTP exposure
 * code builds against `DevicePort` and `EmulatorControl` only.
 */
import type { FaultKind, FirmwareVersion, Transport } from '@evse/core';
import type { Observable } from 'rxjs';

/** A fault the controller can detect (RAPI.md §3.1): core's `FaultKind`, one per fault state. */
export type EmulatorFaultKind = FaultKind;

/** The raw device side of the emulated controller: what a UART would carry. */
export interface DevicePort {
  /** Bytes the controller sends (replies, async frames, echo), after wire faults. Hot; many subscribers allowed. */
  readonly output$: Observable<string>;
  /** Bytes arriving at the controller's UART, in any chunking. */
  receive(chunk: string): void;
}

/** A clock the emulator ticks on. */
export interface EmulatorClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Run `fn` after `ms` (clock time). */
  setTimeout(fn: () => void, ms: number): unknown;
  /** Cancel a timer returned by `setTimeout`. */
  clearTimeout(handle: unknown): void;
}

/** A clock that only moves when told to, so tests run 30 minutes of charging in milliseconds. */
export interface VirtualClock extends EmulatorClock {
  readonly kind: 'virtual';
  /** Move time forward by `ms`, running every timer that falls due, in order. */
  advance(ms: number): void;
  /** Number of timers still pending. */
  pending(): number;
}

/** The EV model's parameters (`control.setEv`). */
export interface EvSettings {
  /** Most current the EV's on-board charger draws, amps. @default 32 */
  maxCurrentA?: number;
  /** Battery capacity, kWh. @default 60 */
  batteryKwh?: number;
  /** State of charge, percent. @default 20 */
  socPercent?: number;
}

/** Wire-fault settings (style §11): the emulator misbehaves on request. */
export interface WireFaultOptions {
  /** Drop every Nth reply (0 = off). @default 0 */
  dropEvery?: number;
  /** Delay every reply by this many ms (clock time). @default 0 */
  delayMs?: number;
  /** Corrupt the checksum of every Nth reply (0 = off). @default 0 */
  corruptEvery?: number;
  /** Answer every Nth command with `$NK^21` instead of executing it (0 = off). @default 0 */
  nkEvery?: number;
  /** Split output into random chunks of 1..maxChunk characters, seeded. @default null */
  chunking?: { seed: number; maxChunk?: number } | null;
  /** V6 debug noise at boot and on relay close (RAPI.md §1.11). @default false */
  debugNoise?: boolean;
}

/** Runtime wire-fault knobs (`control.wire`). */
export interface WireFaults {
  /** Drop the next `count` replies. @default count 1 */
  dropNext(count?: number): void;
  /** Corrupt the checksum of the next `count` replies. */
  corruptNext(count?: number): void;
  /** Send an unsolicited `$AT` with the present state now. */
  injectAt(): void;
  /** Change settings (merged with the present ones). */
  set(options: WireFaultOptions): void;
  /** The present settings. */
  get(): Required<WireFaultOptions>;
  /** Back to no faults. */
  reset(): void;
}

/** JSON-able snapshot of the emulated station (`control.status()`). */
export interface EmulatorStatus {
  /** State name as in core's statechart (`notConnected`, `charging`, `fault`, …). */
  state: string;
  /** RAPI EVSE state code (RAPI.md §3.1). */
  evseState: number;
  pilotState: number;
  vflags: number;
  fault: EmulatorFaultKind | null;
  hardFault: boolean;
  /**
   * Causes injected with `injectFault` and not yet cleared: each trips its fault when its
   * condition comes (a GFCI cause only when current flows, RAPI.md §4.12), so a cause can be
   * present while `fault` is still `null`.
   */
  injectedFaults: EmulatorFaultKind[];
  currentCapacity: number;
  evConnected: boolean;
  evRequestingCharge: boolean;
  relayClosed: boolean;
  currentMa: number;
  voltageMv: number;
  sessionWs: number;
  lifetimeWh: number;
  elapsedS: number;
  /** Tenths of °C: DS3231, MCP9808, TMP007 (−2560 = absent), as `$GP`. */
  temperatures: [number, number, number];
  ambientC: number;
  faultCounters: { gfci: number; noGround: number; stuckRelay: number };
  ev: Required<EvSettings>;
  authLocked: boolean;
  profile: EmulatorProfile;
  /** Which controller firmware is emulated (core's `FIRMWARE_VERSIONS`). */
  firmware: FirmwareVersion;
  /** `$GV` version text, variant suffix included (`8.2.3.EU`). */
  firmwareVersion: string;
  uptimeMs: number;
}

/** Build profile (RAPI.md §0.1). */
export type EmulatorProfile = 'arduino' | 'platformio';
/** Regional build variant (RAPI.md §0.1, §3.6). */
export type EmulatorVariant = 'US' | 'EU' | 'T2' | 'CGMI';

/** The programmatic control API: the physical world around the controller. */
export interface EmulatorControl {
  /** Plug an EV in (pilot → 9 V). */
  plugIn(): void;
  /** Unplug the EV (pilot → 12 V). */
  unplug(): void;
  /** The EV asks for charge (pilot → 6 V). */
  startCharging(): void;
  /** The EV stops asking for charge (pilot → 9 V). */
  stopCharging(): void;
  /** Change the EV model. */
  setEv(settings: EvSettings): void;
  /** Ambient temperature in °C (drives the temperature sensors and thermal throttling). */
  setAmbient(celsius: number): void;
  /**
   * Overwrite meter values, like `$SK` does for the lifetime counter: scenario set-up for
   * demos and tests (e.g. RAPI.md §6 baseline S2).
   */
  setEnergy(values: { sessionWs?: number; lifetimeWh?: number }): void;
  /** Make the controller detect `kind` (RAPI.md §4.12). */
  injectFault(kind: EmulatorFaultKind): void;
  /** Remove the cause of every injected fault (the firmware then recovers by its own rules). */
  clearFault(): void;
  /** Front button: `short`, `long` press, or `hold` ~10 s (RAPI.md §4.13). */
  pressButton(kind: 'short' | 'long' | 'hold'): void;
  /**
   * "User swipes a card": emits on `swipes$`. Returns whether anyone heard it (a subscriber of
   * `swipes$`: an in-process bridge, or a card reader on the control API's event stream).
   */
  swipe(idTag: string): boolean;
  /** Card swipes, for the OCPP bridge. */
  readonly swipes$: Observable<{ idTag: string; at: Date }>;
  /** Snapshot of the station. */
  status(): EmulatorStatus;
  /** Status snapshots on every change (current value first). */
  readonly status$: Observable<EmulatorStatus>;
  /** Power-cycle the controller (EEPROM survives). */
  reboot(): void;
  /** Wire-fault knobs. */
  readonly wire: WireFaults;
}

/** Options of `createEmulator`. */
export interface EmulatorOptions {
  /**
   * Controller firmware to emulate (docs/protocol/FIELD-FIRMWARE.md §2): its `$GV`, wire
   * dialect and command set come from core's firmware table. @default '8.2.3'
   */
  firmware?: FirmwareVersion;
  /** Build profile of 8.2.3 (other versions have one build). @default 'arduino' */
  profile?: EmulatorProfile;
  /**
   * BOOTLOCK build (8.2.3): the controller stays in boot, state 00 with vflag 0x4000, until
   * `$SB` (FIELD-FIRMWARE.md §1 "Controller reboot"). @default false
   */
  bootLock?: boolean;
  /**
   * Pace output like the controller's UART at this baud rate (10 bits a byte), so a `$GS`
   * round trip takes as long as on a real station. @default undefined (no pacing)
   */
  baud?: number;
  /** Regional variant (version suffix, L2 limits, voltage). @default 'US' */
  variant?: EmulatorVariant;
  /** AUTH_LOCK build: `$S4`/`$G4` exist and the station starts locked (4.8.0 on). @default false */
  authLock?: boolean;
  /** EEPROM persistence file (written atomically). @default undefined (in memory) */
  stateFile?: string;
  /** `'real'` or a virtual clock from `createVirtualClock()`. @default 'real' */
  clock?: 'real' | VirtualClock;
  /** Time from power-up to the first byte (RAPI.md §4.1). @default 400 */
  bootDelayMs?: number;
  /**
   * Control-loop period while charging steadily (relay closed, nothing else pending). Energy
   * is integrated over the real elapsed time, so a coarser period changes no totals; fleets
   * of thousands of stations use 1000 to cut the loop work tenfold. @default 100
   */
  chargingLoopMs?: number;
  /** Duration of POST. @default 1500 */
  postMs?: number;
  /** RTC at power-up; `null` = no RTC chip (`$GT` → 165…). @default the wall-clock time */
  rtc?: Date | null;
  /** Ambient temperature °C. @default 23.5 */
  ambientC?: number;
  /** The EV model. */
  ev?: EvSettings;
  /** MCU id shown by `$GI` (6 characters + 8 hex digits). @default 'OEVSE100A1B2C3' */
  mcuId?: string;
  /** Initial wire faults. */
  wire?: WireFaultOptions;
}

/** What `createEmulator` returns. */
export interface Emulator {
  /** Host side: the same `Transport` type as a serial port. */
  readonly transport: Transport;
  /** Device side, for PTY/TCP exposure. */
  readonly device: DevicePort;
  /** The physical world and fault knobs. */
  readonly control: EmulatorControl;
  /** The clock the emulator runs on. */
  readonly clock: EmulatorClock;
  /**
   * Problems the emulator rides out: today, a `stateFile` that cannot be written (directory
   * gone, disk full). The settings stay in memory and the next change tries again, as the
   * firmware's EEPROM writes never fail a command. Hot; completes on `close()`.
   */
  readonly errors$: Observable<Error>;
  /** Stop timers, complete streams, flush the state file. Idempotent. */
  close(): Promise<void>;
}
