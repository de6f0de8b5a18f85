/**
 * A scripted RAPI device for Station tests: answers commands from a table and lets the test
 * push async frames. Deliberately tiny; the emulator package is the faithful one.
 */
import type { Subscription } from 'rxjs';
import { withChecksum } from '../../src/rapi/checksum.js';
import { parseLine } from '../../src/rapi/frame.js';
import { splitLines } from '../../src/rapi/lines.js';
import type { Transport } from '../../src/transport.js';

/**
 * Answers a command: the reply line(s) without checksum (`'$OK 01 0 01 0200'`, then maybe an
 * `'$AT …'`), or `null` to stay silent.
 */
export type Handler = (params: readonly string[]) => string | readonly string[] | null;

/** A scripted device on the far end of a transport. */
export interface FakeDevice {
  /** Command codes received, in order. */
  readonly received: string[];
  /** Replace or add handlers. Commands without one get `$NK`. */
  readonly script: Record<string, Handler>;
  /** Send frames (checksummed) as the device would, e.g. `'$AT 02 02 24 0700'`. */
  send(...lines: string[]): Promise<void>;
  stop(): void;
}

/** Default script: an idle 8.2.3 device (RAPI.md §3.4 typical values). */
export const idle = (): Record<string, Handler> => ({
  GV: () => '$OK 8.2.3 5.2.1',
  GS: () => '$OK 01 0 01 0200',
  GE: () => '$OK 24 0001',
  GI: () => '$OK  ABCDEF0123456789',
  GG: () => '$OK 0 240000',
  GU: () => '$OK 0 0',
  GP: () => '$OK 215 -2560 -2560',
});

/** Attach a fake device to `transport` (the device end of a loopback pair). */
export function fakeDevice(transport: Transport, script = idle()): FakeDevice {
  const received: string[] = [];
  const send = async (...lines: string[]) => {
    await transport.write(lines.map((l) => `${withChecksum(l)}\r`).join(''));
  };
  const sub: Subscription = transport.data$.pipe(splitLines()).subscribe((line) => {
    const parsed = parseLine(line, { origin: 'host' });
    if (!parsed.ok || parsed.frame.kind !== 'command') return;
    const { code, params } = parsed.frame;
    received.push(code);
    const handler = script[code];
    const out = handler ? handler(params) : '$NK';
    if (out === null) return;
    send(...(typeof out === 'string' ? [out] : out)).catch(() => undefined);
  });
  return { received, script, send, stop: () => sub.unsubscribe() };
}
