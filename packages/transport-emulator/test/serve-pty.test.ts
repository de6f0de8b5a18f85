import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { firstValueFrom, Subject } from 'rxjs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ExposureError } from '../src/exposure-errors.js';
import { type PtyServer, servePty } from '../src/serve-pty.js';
import type { DevicePort } from '../src/types.js';
import { closeSerial, collect, openSerial } from './support/exposure-clients.js';

/** A device that sends back whatever it receives and records it. */
function echoDevice(): DevicePort & { received: string[]; emit(text: string): void } {
  const output = new Subject<string>();
  const received: string[] = [];
  return {
    output$: output.asObservable(),
    received,
    receive(chunk) {
      received.push(chunk);
      output.next(chunk);
    },
    emit: (text) => output.next(text),
  };
}

/** The pid of the socat serving `link`, found in /proc (no pgrep needed). */
function socatPidFor(link: string): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = (() => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'latin1');
      } catch {
        return '';
      }
    })();
    if (cmdline.startsWith('/usr/bin/socat\0') && cmdline.includes(`link=${link}\0`)) {
      return Number(entry);
    }
  }
  throw new Error(`no socat for ${link}`);
}

/** Every byte value 0..255 once, as latin1 text. */
const ALL_BYTES = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));

async function serve(device: DevicePort, options = {}): Promise<PtyServer> {
  const pty = await servePty(device, options);
  onTestFinished(() => pty.close());
  return pty;
}

describe('servePty', () => {
  it('makes a PTY in a temp dir that serialport opens, passing all 256 byte values unmodified both ways', async () => {
    const device = echoDevice();
    const pty = await serve(device);
    expect(pty.path).toMatch(new RegExp(`evse-${process.pid}-[^/]+/ttyEVSE0$`));
    expect(lstatSync(pty.path).isSymbolicLink()).toBe(true);
    expect(pty.ptsPath).toMatch(/^\/dev\/pts\/\d+$/);

    const port = await openSerial(pty.path);
    onTestFinished(() => closeSerial(port));
    const rx = collect(port);
    port.write(Buffer.from(`$GS^30\r${ALL_BYTES}`, 'latin1'));
    // The echo device returns exactly what arrived: CR stays CR, no LF added, no byte dropped.
    expect(await rx.waitForLength(7 + 256)).toBe(`$GS^30\r${ALL_BYTES}`);
    expect(device.received.join('')).toBe(`$GS^30\r${ALL_BYTES}`);
  });

  it('is raw even for a client that sets no termios of its own (plain open/read)', async () => {
    const device = echoDevice();
    const pty = await serve(device);
    const fh = await open(pty.path, 'r+');
    try {
      device.emit('$OK^20\r$AT 01 01 24 0200^35\r');
      const buf = Buffer.alloc(64);
      const { bytesRead } = await fh.read(buf, 0, 64);
      // A cooked tty would have turned CR into LF (ICRNL); socat's `rawer,echo=0` prevents it.
      expect(buf.subarray(0, bytesRead).toString('latin1')).toBe('$OK^20\r$AT 01 01 24 0200^35\r');
    } finally {
      await fh.close();
    }
  });

  it('hangs the line up on close(): a client holding the PTY reads EOF', async () => {
    const pty = await serve(echoDevice());
    const fh = await open(pty.path, 'r+');
    try {
      await pty.close();
      const { bytesRead } = await fh.read(Buffer.alloc(16), 0, 16);
      expect(bytesRead).toBe(0);
    } finally {
      await fh.close();
    }
  });

  it('survives a client closing and reopening the port', async () => {
    const pty = await serve(echoDevice());
    for (const round of [1, 2]) {
      const port = await openSerial(pty.path);
      const rx = collect(port);
      port.write(`$GV^35\r#${round}`);
      expect(await rx.waitFor(`#${round}`)).toBe(`$GV^35\r#${round}`);
      await closeSerial(port);
    }
  });

  it('serves several PTYs at once, each to its own device', async () => {
    const a = echoDevice();
    const b = echoDevice();
    const [ptyA, ptyB] = await Promise.all([serve(a), serve(b)]);
    expect(ptyA.path).not.toBe(ptyB.path);
    const [portA, portB] = await Promise.all([openSerial(ptyA.path), openSerial(ptyB.path)]);
    onTestFinished(() => closeSerial(portA));
    onTestFinished(() => closeSerial(portB));
    const rxA = collect(portA);
    const rxB = collect(portB);
    portA.write('A\r');
    portB.write('B\r');
    expect(await rxA.waitFor('\r')).toBe('A\r');
    expect(await rxB.waitFor('\r')).toBe('B\r');
    expect(a.received.join('')).toBe('A\r');
    expect(b.received.join('')).toBe('B\r');
  });

  it('uses a given path, and close() kills socat and removes the link and its own temp dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'evse-test-'));
    onTestFinished(async () => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'ttyUSB9');
    const pty = await servePty(echoDevice(), { path });
    expect(pty.path).toBe(path);
    expect(existsSync(path)).toBe(true);
    await pty.close();
    await pty.close(); // idempotent
    expect(existsSync(path)).toBe(false);
    expect(existsSync(dir)).toBe(true); // not ours: left alone

    const own = await servePty(echoDevice());
    await own.close();
    expect(existsSync(dirname(own.path))).toBe(false);
  });

  it('reports socat killed from outside on error$ (SOCAT_EXITED), removes the link, and keeps running', async () => {
    const device = echoDevice();
    const pty = await serve(device);
    const pid = socatPidFor(pty.path);
    const failure = firstValueFrom(pty.error$);
    process.kill(pid, 'SIGKILL');
    const err = await failure;
    expect(err).toBeInstanceOf(ExposureError);
    expect(err.code).toBe('SOCAT_EXITED');
    expect(err.message).toContain(pty.path);
    expect(err.message).toContain('SIGKILL');
    expect(existsSync(pty.path)).toBe(false);
    device.emit('still fine\r'); // no EPIPE crash: output is no longer forwarded
    await pty.close(); // still safe to call
  });

  it('rejects clearly when socat is missing, the path is a file, or its directory is missing', async () => {
    const device = echoDevice();
    await expect(servePty(device, { socatPath: '/nonexistent/socat' })).rejects.toMatchObject({
      code: 'SOCAT_NOT_FOUND',
      message: expect.stringContaining('/nonexistent/socat'),
    });
    const dir = mkdtempSync(join(tmpdir(), 'evse-test-'));
    onTestFinished(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'taken');
    writeFileSync(file, 'keep me');
    await expect(servePty(device, { path: file })).rejects.toMatchObject({ code: 'PATH_EXISTS' });
    expect(lstatSync(file).isFile()).toBe(true); // not clobbered
    await expect(servePty(device, { path: join(dir, 'no/such/tty') })).rejects.toMatchObject({
      code: 'PATH_DIR_MISSING',
    });
    await expect(servePty(device, { path: join(dir, 'a,b') })).rejects.toBeInstanceOf(TypeError);
  });

  it('drops output while nobody reads instead of blocking the device', async () => {
    const device = echoDevice();
    const pty = await serve(device);
    // 1 MiB with no client: the kernel buffer fills, socat stops reading; we must not hang.
    for (let i = 0; i < 256; i++) device.emit('x'.repeat(4096));
    const port = await openSerial(pty.path);
    onTestFinished(() => closeSerial(port));
    const rx = collect(port);
    // Drain the backlog until the line goes quiet for 200 ms.
    for (let last = -1; last !== rx.text().length; ) {
      last = rx.text().length;
      await new Promise((r) => setTimeout(r, 200));
    }
    // Far less than the 1 MiB emitted arrived: the excess was dropped, not queued forever.
    expect(rx.text().length).toBeGreaterThan(0);
    expect(rx.text().length).toBeLessThan(512 * 1024);
    rx.clear();
    port.write('$GV^35\r');
    expect(await rx.waitFor('\r')).toBe('$GV^35\r');
  });
});
