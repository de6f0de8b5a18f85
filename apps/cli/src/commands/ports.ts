import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** `evse ports`: the serial ports this machine has. */
export function registerPorts(program: Command, ctx: CommandContext): void {
  program
    .command('ports')
    .description('list serial ports (where an OpenEVSE controller may be attached)')
    .option('--json', 'print the list as JSON')
    .addHelpText(
      'after',
      `
Where the system listing is unavailable (Linux without udevadm, e.g. in containers) the
names found in /dev are listed instead, with a warning on stderr. Exit code 1 only when
nothing could be read at all; a device path still works with the other commands.

Examples:
  evse ports
  evse ports --json`,
    )
    .action(async (options: { json?: true }) =>
      (await import('../actions/ports.js')).ports(ctx, options),
    );
}
