/**
 * The command handlers (RAPI.md §2), with their replies and `$NK` cases. Which codes a build
 * answers is core's firmware table (`firmwareProfile().commands`): a code it lacks falls
 * through to `$NK` like an unknown one (§0.1). Older versions' replies differ where
 * FIELD-FIRMWARE.md §2 says so (`$GS`, `$GC`, `$SC`, `$GV`, the pre-`$FF` feature setters).
 */
import { answersCommand, LEGACY_FEATURE_SETTERS } from '@evse/core';
import { parseNumber } from '../frame.js';
import {
  applyLevel,
  configuredMax,
  levelMax,
  levelMin,
  pilotField,
  setCapacity,
  stateCode,
  vflags,
} from './capacity.js';
import { FEATURE_BITS, GE, MIN_AMPS, VF } from './constants.js';
import { dispatch } from './loop.js';
import type { Fw } from './state.js';
import { rtcFields, setRtc, timerEnabled } from './timer.js';

/** A command's answer: `null` = no reply at all (`$FR`). */
export type Reply = { ok: boolean; data?: string; pre?: string } | null;
type Handler = (fw: Fw, p: string[], host: CommandHost) => Reply;

/** What commands need from the controller around them. */
export interface CommandHost {
  reboot(): void;
  /** Front-button short press (`$F1`). */
  shortPress(): void;
}

const OK: Reply = { ok: true };
const NK: Reply = { ok: false };
const ok = (data: string): Reply => ({ ok: true, data });
const n8 = (s: string | undefined) => parseNumber(s ?? '') & 0xff;
const state = (fw: Fw) => fw.brain.stateName();

function setFlags(fw: Fw, bit: number, on: boolean): void {
  const flags = on ? fw.eeprom.flags | bit : fw.eeprom.flags & ~bit;
  if (flags !== fw.eeprom.flags) {
    fw.eeprom.flags = flags;
    fw.saveEeprom();
  }
}

function sc(fw: Fw, p: string[]): Reply {
  if (p.length < 1 || p.length > 2) return NK;
  const n = n8(p[0]);
  if (p[1] === 'M') {
    // Write-once hardware maximum (§3.7).
    const fresh = fw.eeprom.hwMax === null;
    if (fresh && n >= MIN_AMPS && n <= fw.build.l2HwMax) {
      fw.eeprom.hwMax = n;
      fw.saveEeprom();
      if (fw.capacity > n) setCapacity(fw, n);
      return ok(String(n));
    }
    return { ok: false, data: String(fw.eeprom.hwMax ?? fw.build.l2HwMax) };
  }
  // Before D4.3.1 a second token is ignored; the emulator treats it as `V` from then on.
  const volatile = p.length === 2;
  const limit = volatile ? configuredMax(fw) : levelMax(fw);
  const min = levelMin(fw);
  let amps = n;
  let good = true;
  if (amps < min) {
    amps = min;
    good = false;
  } else if (amps > limit) {
    amps = limit;
    good = false;
  }
  // Over-temperature: a raise is refused (§3.7, §4.9).
  if (fw.overTempLevel > 0 && amps > fw.capacity) return { ok: false, data: String(fw.capacity) };
  if (!volatile) {
    if (fw.level === 1) fw.eeprom.currentL1 = amps;
    else fw.eeprom.currentL2 = amps;
    fw.saveEeprom();
  }
  setCapacity(fw, amps);
  // The amps came back in the reply from 4.0.1 on (FIELD-FIRMWARE.md §2).
  return fw.build.firmware.capacityReply ? { ok: good, data: String(amps) } : { ok: good };
}

function sy(fw: Fw, p: string[]): Reply {
  const e = fw.eeprom;
  const reply = (good: boolean): Reply => ({
    ok: good,
    data: `${e.heartbeatInterval} ${e.heartbeatFallback} ${fw.hbTrigger}`,
  });
  const now = fw.clock.now();
  if (p.length === 0) {
    fw.hbLastPulse = now;
    return reply(fw.hbTrigger !== 2);
  }
  if (p.length === 1) {
    if (n8(p[0]) !== 165) return reply(false);
    if (fw.hbTrigger !== 2) return reply(true);
    if (fw.overTempLevel > 0) return reply(false);
    fw.hbTrigger = 1;
    fw.hbLastPulse = now;
    setCapacity(fw, configuredMax(fw));
    return reply(true);
  }
  if (p.length === 2) {
    e.heartbeatInterval = parseNumber(p[0] ?? '') & 0xffff;
    e.heartbeatFallback = n8(p[1]);
    fw.saveEeprom();
    fw.hbTrigger = 0;
    fw.hbLastPulse = now;
    if (e.heartbeatInterval === 0 && fw.overTempLevel === 0) setCapacity(fw, configuredMax(fw));
    return reply(true);
  }
  return reply(false);
}

function limit(fw: Fw, p: string[], kind: 'time' | 'energy'): Reply {
  if (p.length !== 1) return NK;
  const s = state(fw);
  if (s !== 'connected' && s !== 'charging') return NK;
  const n = n8(p[0]);
  const bit = kind === 'time' ? VF.TIME_LIMIT : VF.CHARGE_LIMIT;
  if (kind === 'time') fw.timeLimit = n;
  else fw.chargeLimit = n;
  if (n === 0) fw.extraFlags &= ~bit;
  else {
    fw.extraFlags |= bit;
    fw.timerOverride = timerEnabled(fw);
  }
  return OK;
}

const F: Record<string, Handler> = {
  '0': (_fw, p) => (p.length === 1 ? OK : NK),
  '1': (_fw, _p, host) => {
    host.shortPress();
    return OK;
  },
  B: (_fw, p) => (p.length === 1 ? OK : NK),
  D: (fw) => {
    dispatch(fw, { type: 'DISABLE' });
    return OK;
  },
  E: (fw) => {
    const s = state(fw);
    if (s === 'sleeping' || s === 'disabled') {
      dispatch(fw, { type: 'ENABLE' });
      fw.holdStarting = true;
    }
    return OK;
  },
  F: (fw, p) => {
    if (p.length !== 2) return NK;
    const letter = p[0] ?? '';
    const v = (p[1] ?? '')[0];
    if (v !== '0' && v !== '1') return NK;
    // 8.2.3 compares the value's number with the character '0': echo always turns on (§1.9).
    if (!fw.build.firmware.featureLetters.includes(letter)) return NK;
    if (letter === 'E') {
      fw.echo = true;
      return OK;
    }
    const bit = FEATURE_BITS[letter];
    if (bit === undefined) return NK;
    setFlags(fw, bit, v === '0');
    return OK;
  },
  P: (fw, p) => (p.length < 3 || fw.brain.hardFault() ? NK : OK),
  R: (_fw, _p, host) => {
    host.reboot();
    return null;
  },
  S: (fw) => {
    dispatch(fw, { type: 'SLEEP', reason: 'user' });
    return OK;
  },
};

const S: Record<string, Handler> = {
  '0': (fw, p) => {
    if (p.length !== 1) return NK;
    setFlags(fw, GE.MONO_LCD, p[0] === '0');
    return OK;
  },
  '1': (fw, p) => {
    if (p.length !== 6) return NK;
    setRtc(
      fw,
      p.map((x) => n8(x)),
    );
    return OK;
  },
  '3': (fw, p) => limit(fw, p, 'time'),
  '4': (fw, p) => {
    if (p.length !== 1) return NK;
    dispatch(fw, { type: n8(p[0]) ? 'AUTH_LOCK' : 'AUTH_UNLOCK' });
    return OK;
  },
  '5': (fw, p) => {
    if (p.length !== 1) return NK;
    const v = p[0];
    if (v === 'A') fw.extraFlags &= ~VF.MENNEKES_MANUAL;
    else if (v === 'M') fw.extraFlags |= VF.MENNEKES_MANUAL;
    else if (v === '0' || v === '1') fw.mennekesLocked = v === '1';
    else return NK;
    return OK;
  },
  A: (fw, p) => {
    if (p.length !== 2) return NK;
    fw.eeprom.ammeterScale = parseNumber(p[0] ?? '') & 0xffff;
    fw.eeprom.ammeterOffset = parseNumber(p[1] ?? '') | 0;
    fw.saveEeprom();
    return OK;
  },
  B: (fw) => {
    // BOOTLOCK: refused ("1") while faulted, else the boot lock clears (8.2.3 rapi_proc.cpp).
    if (fw.brain.fault()) return ok('1');
    fw.extraFlags &= ~VF.BOOT_LOCK;
    return ok('0');
  },
  C: sc,
  H: (fw, p) => limit(fw, p, 'energy'),
  K: (fw, p) => {
    // 8.2.3 reads a stale pointer without a parameter; the emulator answers $NK (§1.8).
    if (p.length < 1) return NK;
    fw.eeprom.lifetimeWh = parseNumber(p[0] ?? '');
    fw.saveEeprom();
    return OK;
  },
  L: (fw, p) => {
    if (p.length !== 1) return NK;
    const v = p[0];
    if (v === 'A') {
      if (!fw.build.autoLevel) return NK;
      setFlags(fw, GE.AUTO_SVC_LEVEL_DISABLED, false);
      return OK;
    }
    if (v !== '1' && v !== '2') return NK;
    setFlags(fw, GE.AUTO_SVC_LEVEL_DISABLED, true);
    applyLevel(fw, v === '1' ? 1 : 2);
    return OK;
  },
  T: (fw, p) => {
    if (p.length !== 4) return NK;
    fw.eeprom.timer = [n8(p[0]), n8(p[1]), n8(p[2]), n8(p[3])];
    fw.saveEeprom();
    if (timerEnabled(fw)) fw.extraFlags |= VF.TIMER_ON;
    else fw.extraFlags &= ~VF.TIMER_ON;
    return OK;
  },
  V: (fw, p) => {
    if (p.length !== 1) return NK;
    fw.voltageMv = parseNumber(p[0] ?? '');
    return OK;
  },
  Y: sy,
};

const G: Record<string, Handler> = {
  '0': (fw) => ok(state(fw) === 'disabled' ? '2' : fw.brain.evConnected() ? '1' : '0'),
  '3': (fw) => ok(String(fw.timeLimit)),
  '4': (fw) => ok(fw.brain.authLocked() ? '1' : '0'),
  '5': (fw) => ok(`${fw.mennekesLocked ? 1 : 0} ${fw.extraFlags & VF.MENNEKES_MANUAL ? 'M' : 'A'}`),
  A: (fw) => ok(`${fw.eeprom.ammeterScale} ${fw.eeprom.ammeterOffset}`),
  C: (fw) =>
    ok(
      fw.build.firmware.capacityRangeFields === 2
        ? `${levelMin(fw)} ${levelMax(fw)}`
        : `${MIN_AMPS} ${levelMax(fw)} ${fw.capacity} ${configuredMax(fw)}`,
    ),
  D: (fw) => ok((timerEnabled(fw) ? fw.eeprom.timer : [0, 0, 0, 0]).join(' ')),
  E: (fw) => ok(`${fw.capacity} ${fw.eeprom.flags.toString(16).padStart(4, '0')}`),
  F: (fw) => ok(fw.eeprom.faultCounters.map((c) => c.toString(16)).join(' ')),
  G: (fw) => ok(`${fw.relayClosed ? fw.currentMa : 0} ${fw.voltageMv}`),
  H: (fw) => ok(String(fw.chargeLimit)),
  I: (fw) => ok(` ${fw.mcuId}`),
  P: (fw) => ok(fw.temps.join(' ')),
  S: (fw) => {
    if (fw.build.firmware.dialect.status === 'dec2') {
      // Before RAPI 5.0: `state(dec) elapsed` (FIELD-FIRMWARE.md §2).
      return ok(`${stateCode(fw)} ${Math.floor(fw.elapsedMs / 1000)}`);
    }
    const hex = (v: number, w: number) => v.toString(16).padStart(w, '0');
    return ok(
      `${hex(stateCode(fw), 2)} ${Math.floor(fw.elapsedMs / 1000)} ${hex(pilotField(fw), 2)} ${hex(vflags(fw), 4)}`,
    );
  },
  T: (fw) => ok((rtcFields(fw) ?? [165, 165, 165, 165, 165, 85]).join(' ')),
  U: (fw) => ok(`${fw.sessionWs} ${fw.eeprom.lifetimeWh}`),
  V: (fw) => ok(`${fw.build.version} ${fw.build.firmware.protocolText}`),
  Y: (fw) => ok(`${fw.eeprom.heartbeatInterval} ${fw.eeprom.heartbeatFallback} ${fw.hbTrigger}`),
};

const Z: Record<string, Handler> = {
  // V6 relay tuning: `$OK` even when malformed; a debug line precedes the reply (§2.4).
  '0': (fw, p) => {
    if (p.length !== 2) return OK;
    fw.eeprom.relayCloseMs = n8(p[0]);
    fw.eeprom.relayHoldPwm = n8(p[1]);
    fw.saveEeprom();
    return { ok: true, pre: `\nZ0 ${fw.eeprom.relayCloseMs} ${fw.eeprom.relayHoldPwm}\r\n` };
  },
};

const GROUPS: Record<string, Record<string, Handler>> = { F, S, G, Z };

/** A pre-`$FF` feature setter: `$SD 0` = `$FF D 0` (v4.8.0 rapi_proc.cpp). */
function legacySetter(fw: Fw, letter: string, p: string[]): Reply {
  if (p.length !== 1) return NK;
  const on = (p[0] ?? '')[0] !== '0';
  if (letter === 'E') fw.echo = on;
  else setFlags(fw, FEATURE_BITS[letter] ?? 0, !on);
  return OK;
}

/** Execute the command token `cmd` (e.g. `$GS`) with its parameters. */
export function execute(fw: Fw, cmd: string, params: string[], host: CommandHost): Reply {
  const code = cmd.slice(1, 3);
  const firmware = fw.build.firmware;
  if (!answersCommand(firmware, code)) return NK;
  const legacy = firmware.legacySetters ? LEGACY_FEATURE_SETTERS[code] : undefined;
  // A 3.x setter outside the table answers `$OK` and does nothing.
  const handler = firmware.commands.has(code) ? GROUPS[code[0] ?? '']?.[code[1] ?? ''] : undefined;
  const reply = legacy
    ? legacySetter(fw, legacy, params)
    : handler
      ? handler(fw, params, host)
      : OK;
  // 3.x's setters report success whatever their tokens, except `$SC` and `$SL` (v3.11.3).
  if (firmware.unknownSetterOk && code[0] === 'S' && code !== 'SC' && code !== 'SL') return OK;
  return reply;
}
