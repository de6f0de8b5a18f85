/**
 * `emulator.control`: the physical world around the controller and the fault knobs
 * (README.md, Control API). A class, so 10,000 emulators share its methods; its streams are made
 * on first use (a fleet station never subscribes to `swipes$` of most of them).
 */
import { ECF, isFaultKind } from '@evse/core';
import { BehaviorSubject, type Observable, Subject } from 'rxjs';
import { buildStatus } from './control.js';
import type { Controller } from './firmware/controller.js';
import { formatAsync } from './frame.js';
import type {
  EmulatorControl,
  EmulatorFaultKind,
  EmulatorStatus,
  EvSettings,
  WireFaults,
} from './types.js';

/** The control API of one emulator. */
export class Control implements EmulatorControl {
  readonly wire: WireFaults;
  private readonly controller: Controller;
  private swipeSubject: Subject<{ idTag: string; at: Date }> | null = null;
  private statusSubject: BehaviorSubject<EmulatorStatus> | null = null;
  private closed = false;

  constructor(controller: Controller, wire: WireFaults) {
    this.controller = controller;
    this.wire = wire;
  }

  /** A physical change: apply it, then let the control loop see it soon. */
  private physical(): void {
    this.controller.kick();
  }

  plugIn(): void {
    this.controller.ev.plugged = true;
    this.physical();
  }

  unplug(): void {
    const ev = this.controller.ev;
    ev.plugged = false;
    ev.wantsCharge = false;
    this.physical();
  }

  startCharging(): void {
    this.controller.ev.wantsCharge = true;
    this.physical();
  }

  stopCharging(): void {
    this.controller.ev.wantsCharge = false;
    this.physical();
  }

  setEv(settings: EvSettings): void {
    for (const [key, value] of Object.entries(settings)) {
      if (
        value !== undefined &&
        (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      ) {
        throw new TypeError(`setEv: ${key} must be a finite number >= 0, got ${String(value)}`);
      }
    }
    Object.assign(this.controller.ev, settings);
    this.controller.kick();
  }

  setAmbient(celsius: number): void {
    if (!Number.isFinite(celsius)) throw new TypeError(`setAmbient: not a number: ${celsius}`);
    this.controller.ambientC = celsius;
    this.controller.kick();
  }

  setEnergy(values: { sessionWs?: number; lifetimeWh?: number }): void {
    for (const [key, value] of Object.entries(values)) {
      if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 0xffffffff)) {
        throw new TypeError(
          `setEnergy: ${key} must be an unsigned 32-bit integer, got ${String(value)}`,
        );
      }
    }
    const fw = this.controller;
    if (values.sessionWs !== undefined) fw.sessionWs = values.sessionWs;
    if (values.lifetimeWh !== undefined) {
      fw.eeprom.lifetimeWh = values.lifetimeWh;
      fw.saveEeprom();
    }
  }

  injectFault(kind: EmulatorFaultKind): void {
    if (!isFaultKind(kind)) throw new TypeError(`injectFault: unknown fault kind ${String(kind)}`);
    this.controller.causes.add(kind);
    this.controller.kick();
  }

  clearFault(): void {
    this.controller.causes.clear();
    this.physical();
  }

  pressButton(kind: 'short' | 'long' | 'hold'): void {
    const fw = this.controller;
    const { dialect, buttonEvents } = fw.build.firmware;
    // `$FF B 0` exists from D6.2.0 (5.1.0), `$AN`/`$WF` from 7.1.0 (FIELD-FIRMWARE.md §2).
    const buttonOff = buttonEvents && (fw.eeprom.flags & ECF.BUTTON_DISABLED) !== 0;
    if (kind === 'hold') {
      if (buttonEvents) fw.emit(formatAsync('$WF 02', dialect), 'async');
    } else if (buttonOff) fw.emit(formatAsync(`$AN ${kind === 'short' ? 0 : 1}`, dialect), 'async');
    else if (kind === 'short') fw.pressShort();
  }

  swipe(idTag: string): boolean {
    if (typeof idTag !== 'string' || idTag.length === 0 || idTag.length > 20) {
      throw new TypeError('swipe: idTag must be a string of 1–20 characters');
    }
    // No subject yet means nobody subscribed: the swipe goes unheard, as on a Subject.
    const subject = this.swipeSubject;
    if (subject === null || !subject.observed) return false;
    subject.next({ idTag, at: new Date() });
    return true;
  }

  get swipes$(): Observable<{ idTag: string; at: Date }> {
    if (this.swipeSubject === null) {
      this.swipeSubject = new Subject();
      if (this.closed) this.swipeSubject.complete();
    }
    return this.swipeSubject.asObservable();
  }

  status(): EmulatorStatus {
    return buildStatus(this.controller, this.controller.clock.now());
  }

  get status$(): Observable<EmulatorStatus> {
    this.statusSubject ??= new BehaviorSubject(this.status());
    return this.statusSubject.asObservable();
  }

  reboot(): void {
    this.controller.powerCycle();
  }

  /** The controller reports a change: emit a status snapshot if someone listens. */
  changed(): void {
    const subject = this.statusSubject;
    if (subject?.observed) {
      const next = this.status();
      if (!sameStatus(subject.getValue(), next)) subject.next(next);
    }
  }

  /** Complete the streams (emulator closed). */
  close(): void {
    this.closed = true;
    this.swipeSubject?.complete();
    this.statusSubject?.complete();
  }
}

function sameStatus(a: EmulatorStatus, b: EmulatorStatus): boolean {
  return (
    a.state === b.state &&
    a.evseState === b.evseState &&
    a.pilotState === b.pilotState &&
    a.vflags === b.vflags &&
    a.currentCapacity === b.currentCapacity &&
    a.fault === b.fault &&
    a.injectedFaults.join() === b.injectedFaults.join() &&
    a.evConnected === b.evConnected &&
    a.evRequestingCharge === b.evRequestingCharge &&
    a.relayClosed === b.relayClosed &&
    Math.floor(a.sessionWs / 3600) === Math.floor(b.sessionWs / 3600) &&
    a.lifetimeWh === b.lifetimeWh &&
    a.currentMa === b.currentMa
  );
}
