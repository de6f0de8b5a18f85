// Off a terminal (journald, a log file) `evse emulate` prints the meter while charging, not
// only state changes (AUDIT-2026-12.md #22). A real process with stdout a pipe.
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, startCli } from '../../../test/support/evse-cli.js';
import { STATUS_REPEAT_MS } from '../src/io/output.js';
import { runInProcess } from './support/memory-io.js';

afterEach(() => killAll());

describe('emulate with stdout not a terminal', () => {
  it('prints a status line with the growing energy while charging', async () => {
    const emulate = startCli(['emulate', '--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0']);
    const http = (await emulate.waitFor(/^Control API listening on (\S+)$/m))[1] ?? '';
    expect((await runInProcess(['ev', 'connect', '--http', http])).code).toBe(0);
    expect((await runInProcess(['ev', 'charge', '--http', http])).code).toBe(0);
    const charging = /^state charging .* (\d+\.\d{3}) kWh/gm;
    // At 24 A the meter moves every second; a line comes at least every STATUS_REPEAT_MS.
    await expect
      .poll(() => [...emulate.stdout().matchAll(charging)].length, {
        timeout: STATUS_REPEAT_MS * 4,
        interval: 500,
      })
      .toBeGreaterThanOrEqual(2);
    const kwh = [...emulate.stdout().matchAll(charging)].map((m) => Number(m[1]));
    expect(kwh.at(-1)).toBeGreaterThan(kwh[0] ?? Number.POSITIVE_INFINITY);
    expect(await emulate.stop('SIGTERM')).toBe(0);
  }, 90_000);
});
