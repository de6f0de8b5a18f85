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
  password?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsCa?: string;
  token?: string;
}

/** Where `evse central` and `evse demo` listen unless told otherwise (SteVe's port). */
export const DEFAULT_CENTRAL_LISTEN = '127.0.0.1:8180';

/** `evse central`: the strict SteVe-like OCPP 1.6J/1.5J central system. */
export function registerCentral(program: Command, ctx: CommandContext): void {
  program
    .command('central')
    .description('run a strict SteVe-like OCPP 1.6J and 1.5J central system until Ctrl-C')
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
    .option(
      '--password <password>',
      'require HTTP Basic auth chargeBoxId:PASSWORD on every connection (or $EVSE_OCPP_PASSWORD)',
    )
    .option('--tls-cert <file>', 'serve wss:// with this certificate (PEM; needs --tls-key)')
    .option('--tls-key <file>', 'the private key of --tls-cert (PEM)')
    .option(
      '--token <token>',
      'bearer token the operator API (POST /api/ocpp/ID/ACTION) requires; needed for it off loopback',
    )
    .option(
      '--tls-ca <file>',
      'require client certificates signed by this CA (PEM; security profile 3)',
    )
    .option('--json', 'print events as JSON lines')
    .addHelpText(
      'after',
      `
Prints "OCPP endpoint ws://HOST:PORT/…" (charge points append their chargeBoxId), then
connections, boots, authorizations and transactions as they happen.
OCPP 1.6J and 1.5J are served on the same endpoint: each charge point gets the first of
ocpp1.6/ocpp1.5 in the list it offers, as SteVe does.
--password (or $EVSE_OCPP_PASSWORD) requires HTTP Basic auth chargeBoxId:PASSWORD on the
WebSocket upgrade (HTTP 401 otherwise); the password is never printed or logged.
--tls-cert/--tls-key serve wss:// (security profile 2 with --password); --tls-ca also
requires a client certificate signed by that CA (profile 3, HTTP 401 without one).
As SteVe does, only registered chargeBoxIds are accepted: those given with --allow and,
with --db, every charge point the database already knows; others are refused at the
WebSocket handshake (HTTP 404). --allow-any accepts (and registers) every id, like SteVe's
auto-registration. A second connection under an id already connected is accepted (the
newest gets the calls, as in SteVe) with a warning. Like SteVe, only listed tags are
Accepted: give them with --tags (kept in the database with --db).
Without --db everything is kept in memory and a restart forgets it; with --db a restart
picks up where it stopped (a StopTransaction delivered after it closes its transaction).
GET /metrics on the --listen address answers the Prometheus metrics. POST
/api/ocpp/<chargeBoxId>/<Action> with the request as a JSON body sends any OCPP
operation of the central system (1.6: also SetChargingProfile, ClearChargingProfile,
GetCompositeSchedule, TriggerMessage) to that charge point and answers its confirmation.

Examples:
  evse central --allow CP-1 --tags 04A2B3C4
  evse central --allow-any --tags TAG1 --db central.db
  evse central --listen 0.0.0.0:8180 --allow CP-1,CP-2 --tags TAG1,TAG2 --log ocpp.jsonl
  EVSE_OCPP_PASSWORD=secret evse central --allow CP-1 --tls-cert cs.pem --tls-key cs.key
  curl -H 'content-type: application/json' -d '{"requestedMessage":"MeterValues"}' \
    http://127.0.0.1:8180/api/ocpp/CP-1/TriggerMessage`,
    )
    .action(async (options: CentralOptions) =>
      (await import('../actions/central.js')).central(ctx, options),
    );
}
