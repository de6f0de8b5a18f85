import { type Command, Option } from 'commander';
import { type HostPort, hostPortOption, parseChargeBoxIdList, parseIdTagList } from '../args.js';
import type { CommandContext } from '../context.js';

/** Options of `evse central`. */
export interface CentralOptions {
  listen: HostPort;
  allow?: string[];
  allowAny?: true;
  tags?: string[];
  log?: string;
  json?: true;
}

/** Where `evse central` and `evse demo` listen unless told otherwise (SteVe's port). */
export const DEFAULT_CENTRAL_LISTEN = '127.0.0.1:8180';

/** `evse central`: the strict SteVe-like OCPP 1.5 central system. */
export function registerCentral(program: Command, ctx: CommandContext): void {
  program
    .command('central')
    .description('run a strict SteVe-like OCPP 1.5J central system until Ctrl-C')
    .addOption(
      hostPortOption(
        '--listen <host:port>',
        'where to accept charge points',
        DEFAULT_CENTRAL_LISTEN,
      ),
    )
    .option(
      '--allow <ids>',
      'chargeBoxIds allowed to connect (comma-separated, repeatable)',
      parseChargeBoxIdList,
    )
    .addOption(new Option('--allow-any', 'accept any chargeBoxId').conflicts('allow'))
    .option(
      '--tags <tags>',
      'RFID tags to accept (comma-separated, repeatable); others are Invalid',
      parseIdTagList,
    )
    .option('--log <file>', 'append every OCPP frame to FILE (JSON lines)')
    .option('--json', 'print events as JSON lines')
    .addHelpText(
      'after',
      `
Prints "OCPP endpoint ws://HOST:PORT/…" (charge points append their chargeBoxId), then
connections, boots, authorizations and transactions as they happen.
Without --allow every chargeBoxId is accepted (SteVe with auto-registration); with it,
unknown ids are refused at the WebSocket handshake (HTTP 404, as SteVe does). Like SteVe,
only listed tags are Accepted: give them with --tags.

Examples:
  evse central --tags 04A2B3C4
  evse central --listen 0.0.0.0:8180 --allow CP-1,CP-2 --tags TAG1,TAG2 --log ocpp.jsonl`,
    )
    .action(async (options: CentralOptions) =>
      (await import('../actions/central.js')).central(ctx, options),
    );
}
