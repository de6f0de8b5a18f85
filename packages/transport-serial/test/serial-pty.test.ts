import { execFile, execFileSync } from 'node:child_process';
import { chmod, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createStation, type Station, type StationStatus } from '@evse/core';
import { peerFromTransport, transportContract } from '@evse/core/testing';
import { servePty } from '@evse/transport-emulator';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConnectionEvent,
  keepInSync,
  openSerialTransport,
  type SerialTransport,
  SerialTransportError,
  type SyncEvent,
} from '../src/index.js';
import { bridge } from './helpers/bridge.js';
import { createMirror, lineClient } from './helpers/rapi.js';
import { bootedEmulator, runSession } from './helpers/session.js';
import { skipPty, startSocatPair } from './helpers/socat.js';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
/**
 * As root the PERMISSION_DENIED probe runs without CAP_DAC_OVERRIDE via `setpriv`; that needs
 * util-linux's setpriv and CAP_SETPCAP. Where either is missing, only that case is skipped.
 */
const canDropDac = (() => {
  if (!isRoot) return true;
  try {
    execFileSync('setpriv', ['--bounding-set=-dac_override', '--', 'true'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
let dir = '';
let n = 0;
const links = () => {
  n++;
  return { a: join(dir, `A${n}`), b: join(dir, `B${n}`) };
};

describe.skipIf(skipPty)('serial transport over a socat PTY pair', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evse-serial-pty-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('transport contract', () => {
    for (const check of transportContract) {
      it(check.name, () =>
        check.run({
          async open() {
            const { a, b } = links();
            const socat = await startSocatPair(a, b);
            const transport = await openSerialTransport({ path: a });
            const far = await openSerialTransport({ path: b });
            return {
              transport,
              // The peer going away is the PTY vanishing (socat killed), not just B closing.
              peer: { ...peerFromTransport(far), close: () => socat.kill('SIGKILL') },
              dispose: async () => {
                await transport.close();
                await far.close();
                await socat.kill('SIGTERM');
              },
            };
          },
        }),
      );
    }
  });

  describe('open errors on real device nodes', () => {
    it('a missing path rejects with NOT_FOUND, naming the path and where devices appear', async () => {
      const path = join(dir, 'ttyUSB9');
      const err = await openSerialTransport({ path }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SerialTransportError);
      expect(err).toMatchObject({ code: 'NOT_FOUND', port: path });
      expect((err as Error).message).toMatch(/ttyUSB9 does not exist.*\/dev\/ttyUSB0/);
    });

    it('a port held by another open (lock: true) rejects with BUSY; the holder keeps working', async () => {
      const { a, b } = links();
      const socat = await startSocatPair(a, b);
      const holder = await openSerialTransport({ path: a });
      try {
        const err = await openSerialTransport({ path: a }).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'BUSY', port: a });
        expect((err as Error).message).toMatch(/busy: another program holds it/);
        await expect(holder.write('$GS^30\r')).resolves.toBeUndefined();
      } finally {
        await holder.close();
        await socat.kill('SIGTERM');
      }
    });

    it.skipIf(!canDropDac)(
      'a device node without access rejects with PERMISSION_DENIED and the dialout fix (skipped only as root without setpriv/CAP_SETPCAP: root bypasses file modes)',
      async () => {
        const { a, b } = links();
        const socat = await startSocatPair(a, b);
        try {
          await chmod(await realpath(a), 0o000);
          let outcome: { ok: boolean; code?: string; message?: string };
          if (isRoot) {
            // Root bypasses file permissions through CAP_DAC_OVERRIDE. Dropping that capability
            // (and DAC_READ_SEARCH) from the bounding set gives a child the same EACCES a user
            // outside the dialout group gets on a real /dev/ttyUSB0.
            const tsx = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));
            const probe = fileURLToPath(new URL('./fixtures/open-port.ts', import.meta.url));
            const { stdout } = await run('setpriv', [
              '--bounding-set=-dac_override,-dac_read_search',
              '--',
              tsx,
              '--conditions=@evse/source',
              probe,
              a,
            ]);
            outcome = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
          } else {
            const err = await openSerialTransport({ path: a }).catch((e: unknown) => e);
            outcome = { ok: false, code: (err as SerialTransportError).code, message: String(err) };
          }
          expect(outcome.ok).toBe(false);
          expect(outcome.code).toBe('PERMISSION_DENIED');
          expect(outcome.message).toContain(a);
          expect(outcome.message).toMatch(/dialout group/);
        } finally {
          await socat.kill('SIGTERM');
        }
      },
    );
  });

  it('a full RAPI session with the emulator on the far end (its servePty)', async () => {
    const emulator = await bootedEmulator();
    const pty = await servePty(emulator.device, { path: join(dir, 'ttyEVSE0') });
    const transport = await openSerialTransport({ path: pty.path });
    try {
      const client = lineClient(transport);
      await runSession(client, createMirror(client), emulator.control);
    } finally {
      await transport.close();
      await pty.close();
      await emulator.close();
    }
  });

  it('every hangup is reported, even right after data (bindings-cpp#162 EOF spin)', async () => {
    for (let round = 0; round < 5; round++) {
      const { a, b } = links();
      const socat = await startSocatPair(a, b);
      const far = await openSerialTransport({ path: b });
      const transport = await openSerialTransport({ path: a });
      const lost = waitFor(transport, 'closed', 1000);
      const echoed = firstValueFrom(far.data$);
      await transport.write('$GS^30\r');
      await echoed;
      await far.write('$OK 01 0 01 0000^10\r');
      await socat.kill('SIGKILL');
      // No reconnect asked for: the loss closes the transport, with the reason.
      expect(await lost).toMatchObject({ state: 'closed', error: { code: 'LOST' } });
      await expect(transport.write('$GS^30\r')).rejects.toThrow(/closed.*lost/);
      await far.close();
    }
  });

  it('unplug and replug: reports the loss, reconnects, and a $GS resync fixes the mirror within 2 s', async () => {
    const { a, b } = links();
    const emulator = await bootedEmulator();
    const device = emulator.device;
    let socat = await startSocatPair(a, b);
    let far = await openSerialTransport({ path: b });
    let detach = bridge(device, far);
    const transport = await openSerialTransport({
      path: a,
      reconnect: { initialDelayMs: 50, maxDelayMs: 400 },
    });
    const events: ConnectionEvent[] = [];
    transport.connection$.subscribe((e) => events.push(e));
    // The host-side mirror is core's Station; its periodic resync is off so only the
    // reconnect-driven one can repair it.
    const station = await createStation(transport, { resyncIntervalMs: 0 });
    const synced: SyncEvent[] = [];
    const sync = keepInSync(station, transport).subscribe((e) => synced.push(e));
    try {
      expect(station.getStatus().state).toBe('notConnected');
      emulator.control.plugIn();
      await waitForStatus(station, 'connected');

      // Yank the cable: socat dies without tidying up.
      const lostSeen = waitFor(transport, 'lost');
      await socat.kill('SIGKILL');
      detach();
      await far.close();
      await lostSeen;
      const lost = events.find((e) => e.state === 'lost');
      expect(lost).toMatchObject({ error: { code: 'LOST', port: a } });
      await expect(transport.write('$GS^30\r')).rejects.toMatchObject({ code: 'LOST' });
      // The RAPI client fails fast with the transport's LOST error as the cause.
      await expect(station.client.getState()).rejects.toMatchObject({ cause: { code: 'LOST' } });

      // While the link is down the EV starts charging: that $AT is lost for good.
      emulator.control.startCharging();
      await sleep(300);
      expect(station.getStatus().state).toBe('connected');
      expect(events.some((e) => e.state === 'reconnecting')).toBe(true);

      // Plug back in: same paths, new PTYs.
      socat = await startSocatPair(a, b);
      const back = Date.now();
      far = await openSerialTransport({ path: b });
      detach = bridge(device, far);
      await waitForStatus(station, 'charging', 2000);
      const resyncMs = Date.now() - back;
      expect(resyncMs).toBeLessThan(2000);
      // It was the $GS resync that brought the missed change back (no $AT repeats it).
      await expect.poll(() => synced.length).toBe(1);
      expect(synced).toMatchObject([{ type: 'resynced', attempt: expect.any(Number) }]);
      expect(transport.connection.state).toBe('open');
      // The same Transport object carries on.
      expect(await station.info()).toMatchObject({ firmwareVersion: '8.2.3' });
    } finally {
      sync.unsubscribe();
      await station.close(); // closes the client and the transport
      detach();
      await far.close();
      await socat.kill('SIGTERM');
      await emulator.close();
    }
    expect(events.at(-1)).toMatchObject({ state: 'closed', error: null });
  });
});

function waitFor(t: SerialTransport, state: ConnectionEvent['state'], ms = 2000) {
  return firstValueFrom(
    t.connection$.pipe(
      filter((e) => e.state === state),
      timeout(ms),
    ),
  );
}
function waitForStatus(station: Station, state: StationStatus['state'], ms = 2000) {
  return firstValueFrom(
    station.status$.pipe(
      filter((s) => s.state === state),
      timeout(ms),
    ),
  );
}
function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
