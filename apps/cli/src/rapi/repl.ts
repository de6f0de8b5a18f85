import { appendFile, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RapiAsyncFrame, RapiReplyFrame } from '@evse/core';
import { isRapiError } from '@evse/core';
import type { Observable } from 'rxjs';
import type { CommandContext } from '../context.js';
import { describeError } from '../errors.js';
import { parseTypedCommand } from './command-text.js';
import { describeAsync, describeReply } from './describe.js';

/** The client members the REPL uses. */
export interface ReplClient {
  request(cmd: string, params?: readonly (string | number)[]): Promise<RapiReplyFrame>;
  readonly events$: Observable<RapiAsyncFrame>;
}

const HELP =
  'Type a RAPI command ($GS, SC 16, …); async frames are shown as they come. .help, .quit or Ctrl-D to leave.';
const HISTORY_SIZE = 500;

/**
 * A small RAPI REPL on `ctx.io.stdin`: one command per line, the decoded reply, async frames
 * (`$AT` …) as they arrive. On a terminal it keeps history across sessions in
 * `$EVSE_HISTORY` (default `~/.evse_rapi_history`). Ends on EOF, `.quit` or Ctrl-C.
 */
export async function runRepl(client: ReplClient, ctx: CommandContext): Promise<void> {
  const input = ctx.io.stdin;
  if (!input) throw new Error('no standard input for --interactive');
  const terminal = input.isTTY === true && ctx.io.stdout.isTTY === true;
  const { EVSE_HISTORY } = ctx.io.env;
  const historyFile = EVSE_HISTORY ?? join(homedir(), '.evse_rapi_history');
  const history = terminal ? await loadHistory(historyFile) : [];
  const rl = createInterface({
    input,
    output: ctx.io.stdout as NodeJS.WritableStream,
    terminal,
    history,
    historySize: HISTORY_SIZE,
    prompt: 'rapi> ',
  });
  const print = (text: string): void => {
    if (terminal) ctx.io.stdout.write('\r\x1b[2K');
    ctx.io.stdout.write(`${text}\n`);
    if (terminal) rl.prompt(true);
  };
  const events = client.events$.subscribe((frame) => print(describeAsync(frame)));
  const onAbort = (): void => rl.close();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  rl.on('SIGINT', () => rl.close());
  if (terminal) {
    ctx.io.stdout.write(`${HELP}\n`);
    rl.prompt();
  }
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (line === '') {
        if (terminal) rl.prompt();
        continue;
      }
      if (line === '.quit' || line === '.exit' || line === 'quit' || line === 'exit') break;
      if (line === '.help' || line === 'help') {
        print(HELP);
        continue;
      }
      if (terminal) void appendFile(historyFile, `${line}\n`).catch(() => {});
      try {
        const typed = parseTypedCommand([line]);
        const reply = await client.request(typed.cmd, typed.params);
        print(describeReply(typed.cmd, reply));
      } catch (error) {
        if (isRapiError(error, 'NK') && error.reply)
          print(`NK ${error.reply.fields.join(' ')}`.trim());
        else print(`error: ${describeError(error)}`);
      }
      if (terminal) rl.prompt();
    }
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    events.unsubscribe();
    rl.close();
  }
}

async function loadHistory(file: string): Promise<string[]> {
  try {
    const lines = (await readFile(file, 'utf8')).split('\n').filter((l) => l.trim() !== '');
    // readline wants the newest entry first.
    return lines.slice(-HISTORY_SIZE).reverse();
  } catch {
    return [];
  }
}
