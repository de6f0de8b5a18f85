/**
 * The report `clients/esp32_session.py` prints, and the checks every run of it must pass
 * (RAPI.md §5 boot sequence, §1.10 `$AT`, §4.7 energy, §4.11 heartbeat).
 */
import { expect } from 'vitest';

/** What the Python ESP32-like client saw. */
export interface SessionReport {
  traffic: [number, 'tx' | 'rx' | 'api', string][];
  async: [number, string][];
  replies: Record<string, string[]>;
  /** [when the command was sent, the command] for each 500 ms timeout. */
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

/** Assert one session report (in-process emulator or the `evse emulate` CLI alike). */
export function checkSession(r: SessionReport): void {
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
  for (const [sentAt] of r.timeouts) {
    expect(sentAt).toBeGreaterThanOrEqual(rebootAt?.[0] ?? 0);
    expect(sentAt).toBeLessThanOrEqual(abAt);
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
