/**
 * A realistic WiFi-module session (RAPI.md §5): `clients/esp32_session.py` behaves like the
 * ESP32 firmware's OpenEVSE_Lib RapiSender (XOR `^XX` upper case, no sequence ids, one command
 * in flight, 500 ms timeout, async frames at any time) over pyserial on the PTY and over a
 * Python socket on TCP, on a real clock. It boots (`$GV`, setup, `$SY 5 6`), pulses `$SY` every
 * second, polls `$GG` while charging, drives an EV through the HTTP control API (connect,
 * charge, stop, disconnect), reads `$GU`, then reboots the station and must re-run its setup on
 * `$AB`. The two sessions run side by side, each on its own emulator.
 */
import { describe, it } from 'vitest';
import { serveControlApi } from '../../src/control-api.js';
import { createEmulator } from '../../src/emulator.js';
import { servePty } from '../../src/serve-pty.js';
import { serveTcp } from '../../src/serve-tcp.js';
import { hasPySerial, runPython } from './support/python.js';
import { checkSession, type SessionReport } from './support/session.js';

async function session(kind: 'serial' | 'tcp'): Promise<SessionReport> {
  // Short boot so the reboot fits the test budget; everything else runs at firmware speed.
  const emulator = createEmulator({ bootDelayMs: 100, postMs: 300 });
  const api = await serveControlApi(emulator.control, { port: 0 });
  const pty = kind === 'serial' ? await servePty(emulator.device) : null;
  const tcp = kind === 'tcp' ? await serveTcp(emulator.device, { port: 0 }) : null;
  try {
    // The WiFi module comes up after the controller has booted.
    while (emulator.control.status().evseState !== 0x01) await sleep(20);
    const args =
      pty !== null ? ['serial', pty.path] : ['tcp', '127.0.0.1', String(tcp?.address.port)];
    const { stdout } = await runPython('esp32_session.py', [...args, api.url]);
    return JSON.parse(stdout) as SessionReport;
  } finally {
    await pty?.close();
    await tcp?.close();
    await api.close();
    await emulator.close();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!hasPySerial)('an ESP32-like RapiSender client (Python) on a real clock', () => {
  it('runs boot, heartbeat, a charge and a reboot over pyserial/PTY and over TCP', async () => {
    const reports = await Promise.all([session('serial'), session('tcp')]);
    for (const r of reports) checkSession(r);
  }, 25_000);
});
