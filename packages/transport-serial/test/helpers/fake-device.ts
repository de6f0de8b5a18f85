/**
 * A small scripted OpenEVSE controller for tests, answering the handful of RAPI commands the
 * session tests use with firmware-exact formats (RAPI.md §2, §1.10). It has the emulator's
 * `DevicePort` shape so the same bridges serve both.
 */
import { withChecksum } from '@evse/core';
import { Subject } from 'rxjs';

export interface FakeDevice {
  readonly output$: Subject<string>;
  receive(chunk: string): void;
  readonly control: {
    plugIn(): void;
    startCharging(): void;
    stopCharging(): void;
    unplug(): void;
    injectFault(kind: 'gfci'): void;
    clearFault(): void;
  };
  state(): { evseState: number; pilotState: number; capacity: number; vflags: number };
}

const EV_CONNECTED = 0x0100;
const hex = (n: number, w: number) => n.toString(16).padStart(w, '0');

export function createFakeDevice(): FakeDevice {
  const output$ = new Subject<string>();
  let evseState = 0x01;
  let pilotState = 0x01;
  let capacity = 32;
  let vflags = 0;
  let partial: string | null = null;
  const send = (body: string) => output$.next(`${withChecksum(body)}\r`);
  const at = () =>
    send(`$AT ${hex(evseState, 2)} ${hex(pilotState, 2)} ${capacity} ${hex(vflags, 4)}`);
  const set = (state: number, pilot: number) => {
    evseState = state;
    pilotState = pilot;
    at();
  };
  const execute = (frame: string) => {
    const body = frame.replace(/[\^*][0-9A-Fa-f]{1,2}$/, '');
    const [cmd, ...params] = body.split(' ');
    switch (cmd) {
      case '$GV':
        return send('$OK 8.2.3 5.2.1');
      case '$GS':
        return send(`$OK ${hex(evseState, 2)} 0 ${hex(pilotState, 2)} ${hex(vflags, 4)}`);
      case '$SC': {
        const amps = Number(params[0]);
        if (!(amps >= 6 && amps <= 32)) return send(`$NK ${capacity}`);
        capacity = amps;
        send(`$OK ${capacity}`);
        return at();
      }
      case '$FD':
        send('$OK');
        return set(0xff, pilotState);
      case '$FE':
        send('$OK');
        return set(vflags & EV_CONNECTED ? 0x02 : 0x01, vflags & EV_CONNECTED ? 0x02 : 0x01);
      default:
        return send('$NK');
    }
  };
  return {
    output$,
    receive(chunk) {
      // RAPI.md §1.6: `$` (re)starts a frame, CR ends it, other bytes outside a frame are noise.
      for (const ch of chunk) {
        if (ch === '$') partial = '$';
        else if (ch === '\r') {
          if (partial !== null) execute(partial);
          partial = null;
        } else if (partial !== null) partial += ch;
      }
    },
    control: {
      plugIn: () => {
        vflags |= EV_CONNECTED;
        set(0x02, 0x02);
      },
      startCharging: () => set(0x03, 0x03),
      stopCharging: () => set(0x02, 0x02),
      unplug: () => {
        vflags &= ~EV_CONNECTED;
        set(0x01, 0x01);
      },
      injectFault: () => set(0x06, pilotState),
      clearFault: () => set(vflags & EV_CONNECTED ? 0x02 : 0x01, pilotState),
    },
    state: () => ({ evseState, pilotState, capacity, vflags }),
  };
}
