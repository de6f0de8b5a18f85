/**
 * A fake controller speaking the wire of one real firmware, for dialect tests. Each profile's
 * facts were read from that tag's rapi_proc.cpp (git -C open_evse show TAG:path), written out
 * here independently of src/rapi/dialect.ts so the tests check the table against the source:
 * - v3.11.3 rapi_proc.cpp: `response()` writes "$" "OK " [data] CR — no checksum, and a space
 *   even without data; `sendEvseState()` "$ST %02x" CR; no sequence ids (a ` :ss` token is one
 *   more parameter, so `$SC 16 :01` has 3 tokens and does nothing but still answers `$OK `);
 *   `$GS` "%d %ld"; no `$G0`.
 * - v4.8.0 src/rapi_proc.cpp (RAPIVER 3.0.1): `$OK[ data][ :ss]^XX`; `$ST %02x^XX`; `$GS`
 *   "%d %ld"; `$G0` 0/1, 2 with the pilot at −12 V.
 * - v5.0.1 rapi_proc.cpp (RAPIVER 4.0.1): as 4.8.0 on the wire.
 * - D6.0.0 (RAPI 5.0.0): `$GS` "%02x %ld %02x %04x", `$AT`/`$AB`, no `$AT` while asleep.
 * - 8.2.3 (RAPI 5.2.1) and 9.x (6.0.0): as D6.0.0 plus `$AT` on plug/unplug while asleep.
 */
import type { Subscription } from 'rxjs';
import { withChecksum } from '../../src/rapi/checksum.js';
import { splitLines } from '../../src/rapi/lines.js';
import { createLoopbackPair } from '../../src/testing.js';
import type { Transport } from '../../src/transport.js';

export interface FirmwareProfile {
  readonly firmware: string;
  readonly protocol: string;
  /** 3.x writes "OK " with a space even when no data follows. */
  readonly okSpace: boolean;
  readonly replyChecksum: boolean;
  readonly asyncChecksum: boolean;
  readonly sequenceIds: boolean;
  readonly gs: 'dec2' | 'hex4';
  readonly async: 'ST' | 'AT';
  readonly g0: boolean;
  readonly atWhileSleeping: boolean;
  /** `$G4` answers (AUTH_LOCK build). */
  readonly authLock?: boolean;
}

const base = { okSpace: false, replyChecksum: true, asyncChecksum: true, sequenceIds: true };
export const PROFILES = {
  '3.11.3': {
    firmware: '3.11.3',
    protocol: '1.0.3',
    okSpace: true,
    replyChecksum: false,
    asyncChecksum: false,
    sequenceIds: false,
    gs: 'dec2',
    async: 'ST',
    g0: false,
    atWhileSleeping: false,
  },
  '4.8.0': {
    ...base,
    firmware: '4.8.0',
    protocol: '3.0.1',
    gs: 'dec2',
    async: 'ST',
    g0: true,
    atWhileSleeping: false,
  },
  '5.0.1': {
    ...base,
    firmware: '5.0.1',
    protocol: '4.0.1',
    gs: 'dec2',
    async: 'ST',
    g0: true,
    atWhileSleeping: false,
    authLock: true,
  },
  'D6.0.0': {
    ...base,
    firmware: 'D6.0.0',
    protocol: '5.0.0',
    gs: 'hex4',
    async: 'AT',
    g0: true,
    atWhileSleeping: false,
  },
  '7.1.3': {
    ...base,
    firmware: '7.1.3',
    protocol: '5.1.3',
    gs: 'hex4',
    async: 'AT',
    g0: true,
    atWhileSleeping: true,
  },
  '8.2.3': {
    ...base,
    firmware: '8.2.3.EU',
    protocol: '5.2.1',
    gs: 'hex4',
    async: 'AT',
    g0: true,
    atWhileSleeping: true,
  },
  '9.0.0': {
    ...base,
    firmware: '9.0.0.SAMD',
    protocol: '6.0.0',
    gs: 'hex4',
    async: 'AT',
    g0: true,
    atWhileSleeping: true,
  },
} as const satisfies Record<string, FirmwareProfile>;

export type ProfileName = keyof typeof PROFILES;

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

export class FirmwareDevice {
  readonly profile: FirmwareProfile;
  readonly host: Transport;
  /** Raw command lines received (without CR). */
  readonly received: string[] = [];
  state = 0x01;
  plugged = false;
  amps = 24;
  silent = false;
  readonly #device: Transport;
  readonly #sub: Subscription;
  // A frame the firmware writes while handling a command, before its reply (`$FS`).
  #before = '';

  constructor(profile: FirmwareProfile) {
    this.profile = profile;
    const [host, device] = createLoopbackPair();
    this.host = host;
    this.#device = device;
    this.#sub = device.data$.pipe(splitLines()).subscribe((line) => this.#command(line));
  }

  get vflags(): number {
    return (this.plugged ? 0x0100 : 0) | 0x0200;
  }

  /** An async state frame in this firmware's form. */
  stateFrame(): string {
    const p = this.profile;
    const body =
      p.async === 'ST'
        ? `$ST ${hex2(this.state)}`
        : `$AT ${hex2(this.state)} ${hex2(this.#pilot())} ${this.amps} ${this.vflags.toString(16).padStart(4, '0')}`;
    return `${p.asyncChecksum ? withChecksum(body) : body}\r`;
  }

  write(text: string): Promise<void> {
    return this.#device.write(text);
  }

  /** Move to `state` and announce it as the firmware does. */
  async enter(state: number): Promise<void> {
    this.state = state;
    await this.write(this.stateFrame());
  }

  async plug(on: boolean): Promise<void> {
    this.plugged = on;
    if (this.state === 0xfe) {
      // Asleep: the pilot is read, the state does not change; only RAPI ≥ 5.1 tells (`$AT`).
      if (this.profile.atWhileSleeping) await this.write(this.stateFrame());
      return;
    }
    if (this.state === 0x01 || this.state === 0x02) await this.enter(on ? 0x02 : 0x01);
  }

  /** Power cycle: the forced state 00 frame, then `$AB` where it exists. */
  async reboot(): Promise<void> {
    this.state = 0x00;
    let out = this.stateFrame();
    if (this.profile.async === 'AT') out += `${withChecksum(`$AB 00 ${this.profile.firmware}`)}\r`;
    // Booted by the time anyone asks (the forced frame is written from the controller's init).
    this.state = this.plugged ? 0x02 : 0x01;
    await this.write(out);
  }

  stop(): void {
    this.#sub.unsubscribe();
  }

  #pilot(): number {
    return this.state === 0xfe ? 0x01 : this.state;
  }

  #command(line: string): void {
    this.received.push(line);
    if (this.silent) return;
    const p = this.profile;
    const mark = line.search(/[\^*]/);
    const tokens = (mark < 0 ? line : line.slice(0, mark)).slice(1).split(' ');
    let seq: string | undefined;
    const last = tokens[tokens.length - 1];
    if (p.sequenceIds && tokens.length > 1 && last?.startsWith(':')) {
      seq = last.slice(1);
      tokens.pop();
    }
    const [code = '', ...params] = tokens;
    const data = this.#answer(code, params);
    const before = this.#before;
    this.#before = '';
    void this.write(before + this.#reply(data, seq));
  }

  /** `[ok, data]` for a command. */
  #answer(code: string, params: string[]): [boolean, string] {
    const p = this.profile;
    switch (code) {
      case 'GV':
        return [true, `${p.firmware} ${p.protocol}`];
      case 'GS':
        return p.gs === 'dec2'
          ? [true, `${this.state} 0`]
          : [
              true,
              `${hex2(this.state)} 0 ${hex2(this.#pilot())} ${this.vflags.toString(16).padStart(4, '0')}`,
            ];
      case 'GE':
        return [true, `${this.amps} 0001`];
      case 'G0':
        return p.g0 ? [true, this.state === 0xff ? '2' : this.plugged ? '1' : '0'] : [false, ''];
      case 'G4':
        return p.authLock ? [true, '0'] : [false, ''];
      case 'SC':
        // v3.11.3: `if (tokenCnt == 2)`; a stray ` :ss` makes 3 tokens: nothing is done.
        if (params.length === 1) this.amps = Number(params[0]);
        return [true, ''];
      case 'FS':
        // v4.8.0 `Sleep()` sends the state frame inside the command, before the reply.
        this.state = 0xfe;
        this.#before = this.stateFrame();
        return [true, ''];
      case 'FE':
        this.state = this.plugged ? 0x02 : 0x01;
        queueMicrotask(() => void this.write(this.stateFrame()));
        return [true, ''];
      default:
        return [false, ''];
    }
  }

  #reply([ok, data]: [boolean, string], seq: string | undefined): string {
    const p = this.profile;
    let body = `$${ok ? 'OK' : 'NK'}${p.okSpace ? ' ' : ''}${data && !p.okSpace ? ' ' : ''}${data}`;
    if (seq !== undefined && seq !== '00') body += ` :${seq}`;
    return `${p.replyChecksum ? withChecksum(body) : body}\r`;
  }
}
