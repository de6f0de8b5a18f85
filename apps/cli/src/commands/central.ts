import { type Command, Option } from 'commander';
import {
  type HostPort,
  hostPortOption,
  parseChargeBoxIdList,
  parseCount,
  parseIdTagList,
} from '../args.js';
import type { CommandContext } from '../context.js';

/** Options of `evse central`. */
export interface CentralOptions {
  listen: HostPort;
  allow?: string[];
  allowAny?: true;
  tags?: string[];
  tagSessions?: number;
  db?: string;
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
    .option(
      '--tag-sessions <n>',
      'open transactions each --tags tag may have at once (SteVe: max active transactions; default 1)',
      parseCount,
    )
    .option(
      '--db <file>',
      'keep charge points, tags, transactions and meter values in the SQLite FILE across restarts',
    )
    .option('--log <file>', 'append every OCPP frame to FILE (JSON lines)')
    .option('--json', 'print events as JSON lines')
    .addHelpText(
      'after',
      `
Prints "OCPP endpoint ws://HOST:PORT/…" (charge points append their chargeBoxId), then
connections, boots, authorizations and transactions as they happen.
As SteVe does, only registered chargeBoxIds are accepted: those given with --allow and,
with --db, every charge point the database already knows; others are refused at the
WebSocket handshake (HTTP 404). --allow-any accepts (and registers) every id, like SteVe's
auto-registration. A second connection under an id already connected is accepted (the
newest gets the calls, as in SteVe) with a warning. Like SteVe, only listed tags are
Accepted: give them with --tags (kept in the database with --db).
Without --db everything is kept in memory and a restart forgets it; with --db a restart
picks up where it stopped (a StopTransaction delivered after it closes its transaction).
GET /metrics on the --listen address answers the Prometheus metrics.

Examples:
  evse central --allow CP-1 --tags 04A2B3C4
  evse central --allow-any --tags TAG1 --db central.db
  evse central --listen 0.0.0.0:8180 --allow CP-1,CP-2 --tags TAG1,TAG2 --log ocpp.jsonl`,
    )
    .action(async (options: CentralOptions) =>
      (await import('../actions/central.js')).central(ctx, options),
    );
}
