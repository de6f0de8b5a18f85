// Output into a pipe whose reader has gone (`evse --help | head -2`): a quiet exit, no EPIPE
// stack; a long-running command shuts down as on SIGTERM (AUDIT-2026-12.md #31). Real processes.
import { describe, expect, it } from 'vitest';
import { startCli } from '../../../test/support/evse-cli.js';

/** Start `evse …args` with its stdout pipe closed by the reader before anything is printed. */
function withClosedStdout(args: readonly string[]) {
  const cli = startCli(args);
  cli.child.stdout?.destroy();
  return cli;
}

describe('stdout closed by its reader', () => {
  it.each([[['--help']], [['chart', '--format', 'mermaid']]])(
    'evse %j exits 0 without an EPIPE stack',
    async (args) => {
      const cli = withClosedStdout(args);
      expect(await cli.exit).toBe(0);
      expect(cli.stderr()).toBe('');
    },
    30_000,
  );

  it('evse emulate shuts down cleanly and exits 0', async () => {
    const cli = withClosedStdout(['emulate', '--tcp', '127.0.0.1:0', '--http', '127.0.0.1:0']);
    expect(await cli.exit).toBe(0);
    expect(cli.stderr()).toBe('');
  }, 30_000);
});
