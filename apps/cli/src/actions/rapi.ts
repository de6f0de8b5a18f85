import { createRapiClient, isRapiError, type RapiReplyFrame } from '@evse/core';
import type { RapiOptions } from '../commands/rapi.js';
import { type CommandContext, unlessAborted } from '../context.js';
import { CliError, ExitCode, UsageError } from '../errors.js';
import { createCleanup } from '../lifecycle.js';
import { openPort, parsePortArg } from '../port.js';
import { parseTypedCommand } from '../rapi/command-text.js';
import { decodedFields, describeReply } from '../rapi/describe.js';
import { runRepl } from '../rapi/repl.js';

/** Send one RAPI command and print the decoded reply, or run the REPL. */
export async function rapi(
  ctx: CommandContext,
  portArg: string,
  words: readonly string[],
  options: RapiOptions,
): Promise<void> {
  if (options.interactive && words.length > 0) {
    throw new UsageError('give either a command or --interactive, not both');
  }
  if (!options.interactive && words.length === 0) {
    throw new UsageError('missing RAPI command (e.g. evse rapi emulator GV), or use --interactive');
  }
  const spec = parsePortArg(portArg);
  const typed = options.interactive ? null : parseTypedCommand(words);
  const cleanup = createCleanup(ctx.io.stderr);
  try {
    const port = await openPort(spec);
    cleanup.add(port.label, () => port.close());
    const client = createRapiClient(port.transport, { timeoutMs: options.timeout });
    cleanup.add('the RAPI client', () => client.close());
    const wire: string[] = [];
    const traffic = client.traffic$.subscribe((entry) => {
      wire.push(`${entry.direction === 'tx' ? '>' : '<'} ${entry.line}`);
      if (options.raw && !options.json)
        ctx.out.line(`${entry.direction === 'tx' ? '>' : '<'} ${entry.line}`);
    });
    cleanup.add('the traffic log', () => traffic.unsubscribe());
    if (typed === null) {
      await runRepl(client, ctx);
      return;
    }
    let reply: RapiReplyFrame | undefined;
    let failure: unknown;
    try {
      reply = await unlessAborted(client.request(typed.cmd, typed.params), ctx.signal);
    } catch (error) {
      // A TCP peer that hangs up on a RAPI line is not a RAPI port: an HTTP server (such as an
      // --http address) answers 400 and closes, which the client only sees as CLOSED (#26).
      if (isRapiError(error, 'CLOSED') && spec.kind === 'tcp' && !ctx.signal.aborted) {
        throw new CliError(
          `${port.label} closed the connection without a RAPI reply: is it a RAPI port? (a web server, such as an --http address, does this; evse emulate serves RAPI on --tcp, 8023 by default)`,
        );
      }
      if (!isRapiError(error, 'NK') || !error.reply) throw error;
      reply = { ...error.reply, kind: 'reply', fields: [...error.reply.fields] };
      failure = error;
    }
    if (reply === undefined) throw new CliError('interrupted', { exitCode: ExitCode.interrupted });
    if (options.json) {
      ctx.out.json({
        command: typed.cmd,
        params: typed.params,
        ok: reply.ok,
        fields: reply.fields,
        decoded: reply.ok ? decodedFields(typed.cmd, reply.fields) : null,
        wire,
      });
    } else {
      ctx.out.line(describeReply(typed.cmd, reply));
    }
    if (failure !== undefined) {
      throw new CliError(`the station refused $${[typed.cmd, ...typed.params].join(' ')} ($NK)`);
    }
  } finally {
    await cleanup.run();
  }
}
