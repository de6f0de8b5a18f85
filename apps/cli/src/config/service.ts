import { type Command, Option } from 'commander';
import type { CommandContext } from '../context.js';
import { createJsonLog, logFormatOption } from '../io/log.js';
import { applyConfig, letFlagsWin } from './apply.js';
import { readConfigFile } from './file.js';

/** The long-running commands a service manager starts: they take --config, EVSE_* and --log-format. */
export const SERVICE_COMMANDS = ['bridge', 'central', 'emulate', 'fleet'] as const;

/** `--config <file>`: the option itself; its value is read before commander parses the line. */
function configOption(): Option {
  return new Option(
    '--config <file>',
    'read options from FILE (.toml or .json; keys are option names, e.g. id-tag = "X"); EVSE_<OPTION> variables override it, flags override both',
  );
}

/**
 * The config path of a command line: the last `--config FILE` / `--config=FILE` before `--`,
 * else `EVSE_CONFIG`. Read from the raw words because the file must be applied before
 * commander checks the required options it may provide (`--port`, `--ocpp`, `--id`).
 */
export function configPath(
  words: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  let path: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === '--') break;
    if (word === '--config') path = words[++i];
    else if (word.startsWith('--config=')) path = word.slice('--config='.length);
  }
  return path ?? (env['EVSE_CONFIG'] || undefined);
}

/**
 * Give the service commands of `program` `--config`, `EVSE_*` variables and `--log-format`,
 * from each command's own option definitions (so a new option is configurable at once).
 * Precedence: flags > environment > config file > defaults. `--log-format json` turns the
 * command's `--json` events into `{time, level, event, ...}` lines (`createJsonLog`).
 */
export function installServiceConfig(program: Command, ctx: CommandContext): void {
  for (const name of SERVICE_COMMANDS) {
    const cmd = program.commands.find((c) => c.name() === name);
    if (!cmd) throw new Error(`no command ${name} to configure`);
    cmd.addOption(configOption()).addOption(logFormatOption());
    letFlagsWin(cmd);
  }
  const services = new Set<string>(SERVICE_COMMANDS);
  program.hook('preSubcommand', (parent, sub) => {
    if (!services.has(sub.name())) return;
    const words = parent.args.slice(parent.args.indexOf(sub.name()) + 1);
    const path = configPath(words, ctx.io.env);
    applyConfig(sub, path === undefined ? null : { path, table: readConfigFile(path) }, ctx.io.env);
  });
  program.hook('preAction', (_program, action) => {
    if (!services.has(action.name()) || action.opts()['logFormat'] !== 'json') return;
    // The command's structured events, each wrapped as one log record.
    action.setOptionValueWithSource('json', true, 'implied');
    (ctx as { out: CommandContext['out'] }).out = createJsonLog(ctx.io.stdout);
  });
}
