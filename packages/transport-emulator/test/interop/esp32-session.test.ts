/**
 * A realistic WiFi-module session (RAPI.md §5): `clients/esp32_session.py` behaves like the
 * ESP32 firmware's OpenEVSE_Lib RapiSender (XOR `^XX` upper case, no sequence ids, one command
 * in flight, 500 ms timeout, async frames at any time) over pyserial on the PTY and over a
 * Python socket on TCP, on a real clock. It boots (`$GV`, setup, `$SY 5 6`), pulses `$SY` every
 * second, polls `$GG` while charging, drives an EV through the HTTP control API (connect,
 * charge, stop, disconnect), reads `$GU`, then reboots the station and must re-run its setup on
 * `$AB`. The two sessions run side by side, each on its own emulator.
 */
import { describe, expect, it } from 'vitest';
import { serveControlApi } from '../../src/control-api.js';
import { createEmulator } from '../../src/emulator.js';
import { servePty } from '../../src/serve-pty.js';
import { serveTcp } from '../../src/serve-tcp.js';
import { hasPySerial, runPython } from './support/python.js';

interface SessionReport {
  traffic: [number, 'tx' | 'rx' | 'api', string][];
  async: [number, string][];
  replies: Record<string, string[]>;
  timeouts: [number, string][];
  invalid: unknown[];
  setups: number;
  gg: [number, number, number][];
  noise: number;
  gu: [number, number] | null;
  status: { sessionWs: number; lifetimeWh: number; state: string; evseState: number };
  rebooted: boolean;
  stuck?: unknown;
}

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
    for (const r of reports) {
      expect(r.stuck).toBeUndefined();
      // Every reply well-formed: upper-case XOR checksum that matches, enough tokens (§5).
      expect(r.invalid).toEqual([]);
      expect(r.noise).toBe(0);
      // Boot sequence exactly as evse_monitor sends it, then the 30 s poll's first tick.
      const sent = r.traffic.filter((t) => t[1] === 'tx').map((t) => t[2]);
      expect(sent.slice(0, 10)).toEqual([
        '$GV^35',
        '$GF^25',
        '$GE^26',
        '$GC^20',
        '$GA^22',
        '$GI^2A',
        '$GI^2A',
        '$SY 5 6^2D',
        '$GS^30',
        '$GP^33',
      ]);
      expect(r.replies['GV']?.[0]).toBe('$OK 8.2.3 5.2.1^2F');
      expect(r.replies['GI']?.[0]).toBe('$OK  OEVSE100A1B2C3^2B');
      // The 1 s pulse kept the 5 s heartbeat happy: never a missed-pulse $NK (§4.11).
      expect(new Set(r.replies['SY'])).toEqual(new Set(['$OK 5 6 0^33']));

      // $AT as the EV is plugged, charges, stops and leaves, then the reboot frames.
      const frames = r.async.map((a) => a[1].replace(/\^..$/, ''));
      const rebootAt = r.traffic.find((t) => t[1] === 'api' && t[2].startsWith('/api/reboot'));
      expect(rebootAt).toBeDefined();
      const before = r.async.filter((a) => a[0] < (rebootAt?.[0] ?? 0)).map((a) => a[1]);
      expect(before.map((f) => f.slice(4, 9))).toEqual(['02 02', '03 03', '02 02', '01 01']);
      expect(frames.slice(before.length)).toEqual([
        '$AT 00 00 0 0200',
        '$AB 00 8.2.3',
        '$AT 01 01 24 0200',
      ]);
      // $AB re-ran the setup (§5 step 2) and the station came back to state 01.
      expect(r.setups).toBe(2);
      expect(r.rebooted).toBe(true);
      // Only commands sent while the controller was rebooting may go unanswered (500 ms).
      const abAt = r.async.find((a) => a[1].startsWith('$AB'))?.[0] ?? 0;
      for (const [at] of r.timeouts) {
        expect(at).toBeGreaterThan(rebootAt?.[0] ?? 0);
        expect(at).toBeLessThanOrEqual(abAt + 0.6);
      }

      // $GG while charging: 24 A (the pilot limit; the EV could take 32) at 240 V.
      expect(r.gg.length).toBeGreaterThanOrEqual(2);
      expect(r.gg.map((g) => g[2])).toEqual(r.gg.map(() => 240_000));
      expect(r.gg.some((g) => g[1] === 24_000)).toBe(true);
      // $GU agrees with the emulator's own meter; unplug moved the session into lifetime Wh.
      const t03 = r.async.find((a) => a[1].startsWith('$AT 03'))?.[0] ?? 0;
      const t02 = r.async.find((a) => a[0] > t03 && a[1].startsWith('$AT 02'))?.[0] ?? 0;
      expect(r.gu).toEqual([r.status.sessionWs, r.status.lifetimeWh]);
      expect(r.status.sessionWs).toBeGreaterThan(5760); // > 1 s at 24 A × 240 V
      expect(r.status.sessionWs).toBeLessThanOrEqual(5760 * (t02 - t03 + 0.3));
      expect(r.status.lifetimeWh).toBe(Math.floor(r.status.sessionWs / 3600));
      expect(r.status.state).toBe('notConnected');
    }
  }, 25_000);
});
