/**
 * A tiny scripted controller for client tests: it parses each command line the host sends
 * and writes whatever the script returns (raw text, so tests can send garbage, bad
 * checksums, async frames or nothing at all).
 */
import type { Transport } from '../src/index.js';
import { parseLine, type RapiCommandFrame, splitLines, withChecksum } from '../src/index.js';
import { createLoopbackPair } from '../src/testing.js';

/** What the script sees: the parsed command and its raw line. */
export interface SeenCommand {
  readonly frame: RapiCommandFrame;
  readonly line: string;
}

/** Returns raw text to send back (may be several frames or garbage), or null for silence. */
export type Script = (cmd: SeenCommand, n: number) => string | null | undefined;

/** `$OK`/`$NK` with data and the device's XOR checksum, CR included; echoes `seq` like firmware. */
export function reply(ok: boolean, fields: readonly string[] = [], seq?: number): string {
  let body = `$${ok ? 'OK' : 'NK'}${fields.map((f) => ` ${f}`).join('')}`;
  if (seq !== undefined && seq !== 0)
    body += ` :${seq.toString(16).toUpperCase().padStart(2, '0')}`;
  return `${withChecksum(body)}\r`;
}

/** An async frame with checksum and CR. */
export function asyncFrame(text: string): string {
  return `${withChecksum(text)}\r`;
}

/** A fake device on one end of a loopback pair; returns the host transport. */
export function fakeDevice(script: Script, options: { chunkSize?: number } = {}) {
  const [host, device] = createLoopbackPair(options);
  const seen: SeenCommand[] = [];
  device.data$.pipe(splitLines()).subscribe((line) => {
    const result = parseLine(line, { origin: 'host' });
    if (!result.ok || result.frame.kind !== 'command') return;
    const cmd = { frame: result.frame, line };
    seen.push(cmd);
    const out = script(cmd, seen.length - 1);
    if (out) device.write(out).catch(() => undefined);
  });
  return { host: host as Transport, device, seen, send: (text: string) => device.write(text) };
}
