import { tokenProblem } from '@evse/core';
import { ACTION_NAMES, sentBy } from '@evse/ocpp16';
import { Argument, type Command, InvalidArgumentError, Option } from 'commander';
import { parseHttpUrl } from '../args.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import { parseToken } from '../http/security.js';
import { DEFAULT_CENTRAL_LISTEN } from './central.js';

/** The CS→CP operations of OCPP 1.6 (1.5's are a subset): what `evse ocpp` can send. */
export const OPERATOR_ACTIONS = ACTION_NAMES.filter((a) => sentBy(a, 'centralSystem'));

/** Options of `evse ocpp`. */
export interface OcppCallOptions {
  central?: URL;
  token?: string;
  json?: true;
}

/** The request argument: a JSON object (the `.req` payload). */
function parsePayload(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidArgumentError(
      'expected the request as a JSON object, e.g. \'{"type":"Soft"}\'',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InvalidArgumentError('expected a JSON object, e.g. \'{"type":"Soft"}\'');
  return value as Record<string, unknown>;
}

/** `evse ocpp <chargeBoxId> <Action> [request]`: one CS→CP operation through `evse central`. */
export function registerOcpp(program: Command, ctx: CommandContext): void {
  program
    .command('ocpp')
    .description(
      'send an OCPP operation to a charge point connected to a running `evse central` and print its answer',
    )
    .argument('<chargeBoxId>', 'the charge point, as it connected')
    .addArgument(new Argument('<action>', 'the CS→CP operation').choices(OPERATOR_ACTIONS))
    .argument('[request]', 'the request payload as a JSON object (default {})', parsePayload)
    .option(
      '--central <url>',
      `the --listen address of evse central (default: $EVSE_CENTRAL, else http://${DEFAULT_CENTRAL_LISTEN})`,
      parseHttpUrl,
    )
    .addOption(
      new Option(
        '--token <token>',
        'the --token of evse central (needed when it listens off loopback; default: $EVSE_TOKEN)',
      ).argParser(parseToken),
    )
    .option('--json', "print the charge point's whole confirmation as JSON")
    .addHelpText(
      'after',
      `
Sends the operation through the central system's operator API (POST
/api/ocpp/<chargeBoxId>/<Action>) and prints the charge point's confirmation: its status
when it has one (exit 1 when the charge point refused: Rejected, NotSupported, Unknown, …),
else the confirmation as JSON. A charge point that is not connected, a CALLERROR or no answer
in time is an error (exit 1). 1.5 charge points take the operations 1.5 has.

Examples:
  evse ocpp CP-1 TriggerMessage '{"requestedMessage":"MeterValues","connectorId":1}'
  evse ocpp CP-1 SetChargingProfile '{"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Absolute","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":10}]}}}'
  evse ocpp CP-1 GetConfiguration --json
  evse ocpp CP-1 Reset '{"type":"Soft"}' --central http://10.0.0.5:8180 --token "$TOKEN"`,
    )
    .action(
      async (
        chargeBoxId: string,
        action: string,
        request: Record<string, unknown> | undefined,
        options: OcppCallOptions,
      ) => {
        const { EVSE_CENTRAL, EVSE_TOKEN } = ctx.io.env;
        const token = options.token ?? EVSE_TOKEN;
        if (token !== undefined && tokenProblem(token) !== null)
          throw new UsageError(`$EVSE_TOKEN ${tokenProblem(token)}`);
        const base =
          options.central ?? parseHttpUrl(EVSE_CENTRAL ?? `http://${DEFAULT_CENTRAL_LISTEN}`);
        await (await import('../actions/ocpp.js')).ocppCall(ctx, {
          base,
          chargeBoxId,
          action,
          request: request ?? {},
          json: options.json === true,
          ...(token === undefined ? {} : { token }),
        });
      },
    );
}
