// Closing the terminal of a long-running command (SIGHUP) is the clean shutdown of SIGTERM,
// not exit 129 (AUDIT-2026-12.md #23). A real `evse emulate` process.
import { afterEach, describe, expect, it } from 'vitest';
import { killAll, startCli } from '../../../test/support/evse-cli.js';

afterEach(() => killAll());

describe('SIGHUP', () => {
  it('evse emulate shuts down cleanly and exits 0', async () => {
    const emulate = startCli(['emulate', '--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0']);
    await emulate.waitFor(/^Control API listening on /m);
    expect(await emulate.stop('SIGHUP')).toBe(0);
    expect(emulate.stdout()).toMatch(/\nShutting down\nStopped\n$/);
    expect(emulate.stderr()).toBe('');
  }, 30_000);
});
