import { listSerialPorts } from '@evse/transport-serial';
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';

/** List serial ports: path, kind, vendor details and stable aliases. */
export async function ports(ctx: CommandContext, options: { json?: true }): Promise<void> {
  const result = await listSerialPorts();
  if (!result.ok) {
    throw new CliError(`cannot list serial ports: ${result.reason}`, { cause: result.cause });
  }
  if (result.warning) ctx.io.stderr.write(`evse: warning: ${result.warning}\n`);
  if (options.json) {
    ctx.out.json(result.ports);
    return;
  }
  if (result.ports.length === 0) {
    ctx.out.line('no serial ports found');
    return;
  }
  for (const port of result.ports) {
    const details = [port.kind, port.manufacturer, port.serialNumber, ...(port.aliases ?? [])];
    ctx.out.line(`${port.path}  ${details.filter(Boolean).join(', ')}`);
  }
}
