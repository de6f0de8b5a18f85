import { type FaultKind, idTagProblem, tokenProblem } from '@evse/core';
import type { EmulatorFaultKind } from '@evse/transport-emulator';
import { Argument, type Command, Option } from 'commander';
import { parseHttpUrl } from '../args.js';
import type { CommandContext } from '../context.js';
import { CliError, UsageError } from '../errors.js';
import { wrongServer } from '../ev/identify.js';
import { identify, runEvAction, statusLines } from '../ev/run.js';
import { isOk, replyError, requestControlApi } from '../http/control-client.js';
import { parseToken } from '../http/security.js';

/** Where `evse emulate` and `evse demo` serve the control API unless told otherwise. */
export const DEFAULT_CONTROL_URL = 'http://127.0.0.1:8024';

const ACTIONS = [
  'connect',
  'charge',
  'stop',
  'disconnect',
  'authorize',
  'fault',
  'clear',
  'status',
] as const;
type Action = (typeof ACTIONS)[number];

/** The fault kinds `ev fault KIND` accepts (the statechart's, RAPI.md §3.1). */
export const FAULT_KINDS = [
  'ventRequired',
  'diodeCheck',
  'gfci',
  'noGround',
  'stuckRelay',
  'gfiSelfTest',
  'overTemperature',
  'overCurrent',
  'relayClosure',
] as const satisfies readonly EmulatorFaultKind[];

/** `evse ev <action> [arg]`: the control channel to a running emulator. */
export function registerEv(program: Command, ctx: CommandContext): void {
  program
    .command('ev')
    .description(
      'drive a running emulator: plug the EV in, charge, stop, swipe a card, inject faults',
    )
    .addArgument(new Argument('<action>', 'what the EV or user does').choices(ACTIONS))
    .argument('[value]', 'the card id for authorize, the fault kind for fault')
    .option(
      '--http <url>',
      `the --http address of evse emulate, demo or bridge (default: $EVSE_HTTP, else ${DEFAULT_CONTROL_URL})`,
      parseHttpUrl,
    )
    .addOption(
      new Option(
        '--token <token>',
        'the token of a server started with --token or bound off loopback (default: $EVSE_TOKEN)',
      ).argParser(parseToken),
    )
    .option('--json', 'print the reply as JSON')
    .addHelpText(
      'after',
      `
Actions:
  connect          plug the EV in (pilot B)
  charge           the EV asks for charge (pilot C)
  stop             the EV stops asking for charge (back to B)
  disconnect       unplug the EV (pilot A)
  authorize TAG    swipe an RFID card: the bridge listening (--card-reader, or in the same
                   process) sends OCPP Authorize for TAG; fails if nobody listens
  fault KIND       inject a fault: ${FAULT_KINDS.join(', ')}
  clear            remove injected fault causes (the fault itself ends by the firmware's rules)
  status           print the emulator's (or the bridge's) status

Each action prints what happened or what will; one that changes nothing (charge while
unplugged, connect when plugged in) says why and exits 1.

Examples:
  evse ev connect
  evse ev authorize 04A2B3C4 --http http://127.0.0.1:8024
  evse ev fault gfci`,
    )
    .action(
      async (
        action: Action,
        value: string | undefined,
        options: { http?: URL; json?: true; token?: string },
      ) => {
        const { EVSE_HTTP, EVSE_TOKEN } = ctx.io.env;
        const base = options.http ?? parseHttpUrl(EVSE_HTTP ?? DEFAULT_CONTROL_URL);
        const token = options.token ?? EVSE_TOKEN;
        if (token !== undefined && tokenProblem(token) !== null) {
          throw new UsageError(`$EVSE_TOKEN ${tokenProblem(token)}`);
        }
        const request = toRequest(action, value);
        const target = { base, token, signal: ctx.signal };
        if (action === 'status') {
          const { lines, reply } = await statusLines(target);
          if (options.json) ctx.out.json(reply);
          else for (const line of lines) ctx.out.line(line);
          return;
        }
        if (action !== 'authorize') {
          const kind = action === 'fault' ? (value as FaultKind) : undefined;
          const { outcome, reply } = await runEvAction(
            target,
            action,
            kind,
            request.path,
            request.body,
          );
          if (options.json) ctx.out.json({ ...(reply as object), outcome: outcome.line });
          else if (outcome.effect) ctx.out.line(outcome.line);
          // Nothing happened and nothing will: say so and fail (AUDIT-2026-12.md #15).
          if (!outcome.effect) throw new CliError(outcome.line);
          return;
        }
        const answer = await requestControlApi(
          base,
          request.method,
          request.path,
          request.body,
          ctx.signal,
          token,
        );
        if (answer.status === 404)
          throw new CliError(wrongServer(await identify(target), base.origin));
        if (!isOk(answer)) throw replyError(request.method, request.path, answer);
        const reply = answer.body;
        if (options.json) {
          ctx.out.json(reply);
          return;
        }
        // The bridge's authorize endpoint answers with the central system's verdict.
        const verdict = idTagStatusOf(reply);
        if (verdict !== null) {
          ctx.out.line(`authorize ${value}: ${verdict}`);
          if (verdict !== 'Accepted')
            throw new CliError(`card ${value} was not accepted (${verdict})`);
          return;
        }
        // The emulator's swipe says whether anyone heard it: a swipe nobody hears did nothing.
        if (heardOf(reply) === true) {
          ctx.out.line(
            `authorize ${value}: swipe delivered to the card reader; the bridge decides`,
          );
          return;
        }
        throw new CliError(
          `card ${value} was swiped at ${base.origin}, but nobody listens for swipes there: start the bridge with --card-reader ${base.origin} (or use the --http address of a bridge)`,
        );
      },
    );
}

interface ControlRequest {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
}

function toRequest(action: Action, value: string | undefined): ControlRequest {
  const needsValue = action === 'authorize' || action === 'fault';
  if (needsValue && !value) {
    throw new UsageError(
      `ev ${action} needs ${action === 'fault' ? 'a fault KIND' : 'a card TAG'}`,
    );
  }
  if (!needsValue && value !== undefined) {
    throw new UsageError(`ev ${action} takes no value (got "${value}")`);
  }
  switch (action) {
    case 'connect':
    case 'charge':
    case 'stop':
    case 'disconnect':
      return { method: 'POST', path: '/api/ev', body: { action } };
    case 'authorize': {
      const problem = idTagProblem(value);
      if (problem !== null) throw new UsageError(`ev authorize: the card TAG ${problem}`);
      return { method: 'POST', path: '/api/swipe', body: { idTag: value } };
    }
    case 'fault':
      if (!(FAULT_KINDS as readonly string[]).includes(value ?? '')) {
        throw new UsageError(`unknown fault kind "${value}"; one of ${FAULT_KINDS.join(', ')}`);
      }
      return { method: 'POST', path: '/api/fault', body: { kind: value } };
    case 'clear':
      return { method: 'POST', path: '/api/fault', body: { action: 'clear' } };
    case 'status':
      return { method: 'GET', path: '/api/status' };
  }
}

/** `heard` of an emulator swipe reply, or null for other replies. */
function heardOf(reply: unknown): boolean | null {
  const heard = (reply as { heard?: unknown } | null)?.heard;
  return typeof heard === 'boolean' ? heard : null;
}

/** `idTagInfo.status` of a bridge authorize reply, or null for the emulator's swipe reply. */
function idTagStatusOf(reply: unknown): string | null {
  const status = (reply as { idTagInfo?: { status?: unknown } } | null)?.idTagInfo?.status;
  return typeof status === 'string' ? status : null;
}
