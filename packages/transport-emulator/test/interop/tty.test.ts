/**
 * What third-party serial clients see on the emulator's PTY, beyond the vectors: the termios a
 * fresh PTY shows (`stty -F`), a client that sets no termios at all (Python `os.open`),
 * termios left behind by one client, close/reopen mid-session, pipelined and byte-by-byte
 * (typed) commands, and baud-rate, DTR and break requests from pyserial. One emulator on a
 * virtual clock sits behind a switchable line so "exactly these bytes" is asserted with a
 * barrier marker, not a sleep.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { withChecksum } from '@evse/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createVirtualClock } from '../../src/clock.js';
import { createEmulator } from '../../src/emulator.js';
import { type PtyServer, servePty } from '../../src/serve-pty.js';
import { serveTcp } from '../../src/serve-tcp.js';
import type { Emulator, VirtualClock } from '../../src/types.js';
import { createSwitchDevice } from '../support/exposure-switch.js';
import { hasPySerial, type PythonPipe, startPipe } from './support/python.js';

const run = promisify(execFile);
const f = (body: string): string => `${withChecksum(body)}\r`;

describe.skipIf(!hasPySerial)('third-party clients on the PTY', () => {
  const line = createSwitchDevice();
  let clock: VirtualClock;
  let emulator: Emulator;
  let pty: PtyServer;
  let barriers = 0;

  beforeAll(async () => {
    clock = createVirtualClock();
    emulator = createEmulator({ clock });
    clock.advance(3000); // boot + POST, before anyone listens
    line.plug(emulator.device);
    pty = await servePty(line);
  });
  afterAll(async () => {
    await pty?.close();
    await emulator?.close();
    line.close();
  });

  /** Everything `py` reads up to a barrier sent now (i.e. after all earlier device output). */
  const read = async (py: PythonPipe): Promise<string> => {
    const marker = `\u0000barrier ${++barriers}\u0000`;
    const answer = py.call({ op: 'readto', marker, ms: 3000 });
    line.barrier(marker);
    const got = await answer;
    expect(got.error).toBeUndefined();
    return got.data ?? '';
  };
  /** Write `text` and wait until the device has all of it (replies are then on their way). */
  const send = async (py: PythonPipe, text: string): Promise<void> => {
    const before = line.receivedLength();
    expect(await py.call({ op: 'write', data: text })).toEqual({ ok: true });
    await vi.waitUntil(() => line.receivedLength() === before + text.length, {
      timeout: 3000,
      interval: 2,
    });
  };

  it('a fresh PTY shows what a USB-serial adapter set to `115200 raw -echo` shows', async () => {
    // Nobody has opened it yet: this is what socat set up. B0 ("speed 0 baud") would read as
    // a hung-up line; RAPI runs at 115200 8N1 (RAPI.md §1.1).
    const { stdout } = await run('stty', ['-F', pty.path, '-a']);
    expect(stdout).toMatch(/^speed 115200 baud;/);
    const flags = new Set(stdout.split(/[\s;]+/));
    for (const flag of ['cs8', '-parenb', '-cstopb', '-crtscts', '-ixon', '-ixoff']) {
      expect(flags).toContain(flag);
    }
    // Raw: no CR→LF (RAPI frames end with CR), no output processing, no echo (an echoing tty
    // would loop every reply back to the controller, which answers `$NK`, forever), no line
    // editing or signal characters.
    for (const flag of ['-icrnl', '-inlcr', '-igncr', '-opost', '-echo', '-icanon', '-isig']) {
      expect(flags).toContain(flag);
    }
  });

  it('accepts the usual set-up command `stty -F <port> 115200 cs8 -cstopb -parenb raw -echo`', async () => {
    // GNU stty re-reads the termios and fails if any setting did not take.
    await run('stty', ['-F', pty.path, '115200', 'cs8', '-cstopb', '-parenb', 'raw', '-echo']);
    const { stdout } = await run('stty', ['-F', pty.path]);
    expect(stdout).toMatch(/^speed 115200 baud;/);
  });

  it('a client that sets no termios (os.open/os.write/os.read) gets the exact bytes, CR intact', async () => {
    const py = await startPipe(['fd', pty.path]);
    try {
      await read(py); // nothing is queued yet, but be sure
      expect(await py.call({ op: 'termios' })).toMatchObject({
        speed: 115200,
        icrnl: false,
        opost: false,
        echo: false,
        icanon: false,
      });
      await send(py, '$GS^30\r');
      expect(await read(py)).toBe('$OK 01 0 01 0200^12\r');
    } finally {
      await py.close();
    }
  });

  it('termios a client leaves behind stay for the next client, as on a real adapter', async () => {
    // e.g. someone ran `stty -F <pty> icrnl`: the kernel, not the emulator, turns CR into LF.
    await run('stty', ['-F', pty.path, 'icrnl']);
    const py = await startPipe(['fd', pty.path]);
    try {
      await read(py);
      await send(py, '$GV^35\r');
      expect(await read(py)).toBe('$OK 8.2.3 5.2.1^2F\n');
      // pyserial puts the port back to raw when it opens it; so does `stty raw`.
      await run('stty', ['-F', pty.path, '-icrnl']);
      await send(py, '$GV^35\r');
      expect(await read(py)).toBe('$OK 8.2.3 5.2.1^2F\r');
    } finally {
      await py.close();
    }
  });

  it('keeps its state while the client closes and reopens the port (pyserial flushes old input)', async () => {
    const py = await startPipe(['serial', pty.path]);
    try {
      await send(py, `${f('$SC 16')}`);
      expect(await read(py)).toBe(`${f('$OK 16')}${f('$AT 01 01 16 0200')}`);
      expect(await py.call({ op: 'close' })).toEqual({ ok: true });
      // The EV arrives while the port is closed: `$AT 02 …` goes into the PTY's input queue
      // (a second, non-reading client watches the queue so the open comes after it arrived).
      const probe = await startPipe(['fd', pty.path]);
      try {
        emulator.control.plugIn();
        clock.advance(1000);
        const frame = f('$AT 02 02 16 0700');
        await vi.waitUntil(
          async () => (await probe.call({ op: 'inq' }))['bytes'] === frame.length,
          { timeout: 3000, interval: 2 },
        );
      } finally {
        await probe.close();
      }
      expect(await py.call({ op: 'open' })).toEqual({ ok: true });
      // pyserial's Serial.open() calls tcflush(TCIFLUSH): nothing old is read.
      expect(await read(py)).toBe('');
      expect(await py.call({ op: 'termios' })).toMatchObject({ speed: 115200, echo: false });
      // The controller was not reset by the reopen: the EV and the 16 A setting are still there.
      await send(py, '$GS^30\r$GE^26\r');
      const [gs, ge] = (await read(py)).split('\r');
      expect(gs).toMatch(/^\$OK 02 0 02 0700\^/);
      expect(ge).toMatch(/^\$OK 16 /);
    } finally {
      await py.close();
      emulator.control.unplug();
      clock.advance(1000);
    }
  });

  it('a plain open() client that reopens reads what arrived while it was closed, like an adapter FIFO', async () => {
    // The PTY stays allocated while the emulator serves it, so its input queue keeps frames
    // sent while no client had it open; pyserial discards them on open, os.open does not.
    let py = await startPipe(['fd', pty.path]);
    await read(py); // whatever earlier tests left in the queue
    await send(py, '$GS^30\r');
    expect(await read(py)).toBe('$OK 01 0 01 0200^12\r');
    await py.close();
    emulator.control.plugIn();
    clock.advance(1000);
    py = await startPipe(['fd', pty.path]);
    try {
      expect(await read(py)).toBe(f('$AT 02 02 16 0700'));
    } finally {
      await py.close();
      emulator.control.unplug();
      clock.advance(1000);
    }
  });

  it('answers pipelined commands in order, and commands typed one byte at a time', async () => {
    const py = await startPipe(['serial', pty.path]);
    try {
      await py.call({ op: 'flush' });
      // Four commands in one write: the firmware takes one per loop pass, in order (§1.12).
      await send(py, `$GV^35\r$GS^30\r$GE^26\r${f('$SC 24')}`);
      expect(await read(py)).toBe(
        [
          '$OK 8.2.3 5.2.1^2F\r',
          '$OK 01 0 01 0200^12\r',
          f('$OK 16 0001'),
          f('$OK 24'),
          f('$AT 01 01 24 0200'),
        ].join(''),
      );
      // minicom opens with its modem init string; there is no `$` in it, so the controller
      // ignores it (RAPI.md §1.6) and answers nothing.
      await send(py, 'AT S7=45 S0=0 L1 V1 X4 &c1 E1 Q0\r');
      // screen/minicom: every key is its own write; Enter sends CR. Noise before `$` and a
      // restarted frame are ignored (RAPI.md §1.6).
      for (const ch of 'xx$G$GS^30\r') await send(py, ch);
      expect(await read(py)).toBe('$OK 01 0 01 0200^12\r');
    } finally {
      await py.close();
    }
  });

  it('ignores baud-rate changes and break; DTR/RTS are not there on a PTY (ENOTTY), port keeps working', async () => {
    const py = await startPipe(['serial', pty.path]);
    try {
      // A PTY has no line rate: 9600 still talks (a real adapter would deliver garbage).
      expect(await py.call({ op: 'baud', value: 9600 })).toEqual({ ok: true });
      expect(await py.call({ op: 'termios' })).toMatchObject({ speed: 9600 });
      await send(py, '$GV^35\r');
      expect(await read(py)).toBe('$OK 8.2.3 5.2.1^2F\r');
      expect(await py.call({ op: 'baud', value: 115200 })).toEqual({ ok: true });
      // Linux PTYs have no modem-control lines, so an Arduino-style DTR reset cannot even be
      // requested; the emulator would not emulate it anyway (the ESP32 uses RX/TX only).
      const dtr = await py.call({ op: 'dtr', value: false });
      expect(dtr.error).toMatch(/Errno 25/);
      expect(await py.call({ op: 'break' })).toEqual({ ok: true });
      // Nothing reached the controller (no reset, no `$AB`); the next command is answered.
      await send(py, '$GS^30\r');
      expect(await read(py)).toBe('$OK 01 0 01 0200^12\r');
    } finally {
      await py.close();
    }
  });
});

describe.skipIf(!hasPySerial)('a Python socket on the TCP port', () => {
  it('gets pipelined replies in order and keeps the state across reconnects', async () => {
    const clock = createVirtualClock();
    const emulator = createEmulator({ clock });
    clock.advance(3000);
    const tcp = await serveTcp(emulator.device, { port: 0 });
    const py = await startPipe(['tcp', '127.0.0.1', String(tcp.address.port)]);
    try {
      await py.call({ op: 'write', data: `${f('$SC 10')}$GE^26\r$GS^30\r` });
      const got = await py.call({ op: 'readto', marker: '$OK 01 0 01 0200^12\r' });
      expect(got.data).toBe(f('$OK 10') + f('$AT 01 01 10 0200') + f('$OK 10 0001'));
      expect(await py.call({ op: 'reopen' })).toEqual({ ok: true });
      await py.call({ op: 'write', data: '$GE^26\r' });
      expect(await py.call({ op: 'readto', marker: '\r' })).toEqual({
        data: withChecksum('$OK 10 0001'),
      });
    } finally {
      await py.close();
      await tcp.close();
      await emulator.close();
    }
  });
});

describe.skipIf(!hasPySerial)('line endings of terminal-style TCP clients', () => {
  it('LF alone (plain `nc`) closes no frame; CRLF (`nc -C`, telnet, miniterm) does', async () => {
    const clock = createVirtualClock();
    const emulator = createEmulator({ clock });
    clock.advance(3000);
    const tcp = await serveTcp(emulator.device, { port: 0 });
    const py = await startPipe(['tcp', '127.0.0.1', String(tcp.address.port)]);
    try {
      // RAPI frames end with CR only (§1.1); the LF is just another byte of the open frame,
      // which the next `$` then discards (§1.6). Real firmware behind ser2net does the same.
      await py.call({ op: 'write', data: '$GS^30\n' });
      await py.call({ op: 'write', data: '$GV^35\r\n' });
      // Had the first line been answered, its reply would come first.
      expect(await py.call({ op: 'readto', marker: '\r' })).toEqual({ data: '$OK 8.2.3 5.2.1^2F' });
      // The LF after the CR falls between frames and is ignored: the next reply is clean.
      await py.call({ op: 'write', data: '$GS^30\r\n' });
      expect(await py.call({ op: 'readto', marker: '\r' })).toEqual({
        data: '$OK 01 0 01 0200^12',
      });
    } finally {
      await py.close();
      await tcp.close();
      await emulator.close();
    }
  });
});
