import { CommanderError } from 'commander';

/**
 * The exit codes of `evse`, documented in the README:
 * 0 success (including a clean shutdown of a long-running command after Ctrl-C/SIGTERM),
 * 1 a runtime failure (port not found, connection refused, NK reply, timeout, …),
 * 2 a usage error (unknown command or option, missing or invalid argument),
 * 130 interrupted by Ctrl-C while a one-shot command was still waiting.
 */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  interrupted: 130,
} as const;

/** A failure the user can act on; printed as one line, without a stack trace. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliError';
    this.exitCode = options?.exitCode ?? ExitCode.failure;
  }
}

/** A bad argument found after commander parsed the line (exit code 2). */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, { exitCode: ExitCode.usage });
    this.name = 'UsageError';
  }
}

/**
 * Commander errors that are not errors at all: `--help` and `--version`. (`evse` with no
 * command prints help as `commander.help`: that is a usage error.)
 */
const benign = new Set(['commander.helpDisplayed', 'commander.version']);

/** The exit code for anything thrown out of a command. */
export function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander reports every parse problem with exitCode 1; usage errors are 2 here.
    return benign.has(error.code) ? ExitCode.ok : ExitCode.usage;
  }
  if (error instanceof CliError) return error.exitCode;
  return ExitCode.failure;
}

/**
 * One readable line for an error: its message, plus the library's error `code` when it has
 * one (RapiError, OcppCallError, Node's ECONNREFUSED, …) so scripts and people can grep it.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const message = error.message.split('\n')[0] ?? '';
  const withCode =
    typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
  const cause = error.cause;
  if (cause instanceof Error && !withCode.includes(cause.message)) {
    return `${withCode}: ${describeError(cause)}`;
  }
  return withCode;
}

/** A rejection handler that says what failed (and the option to change) before the cause. */
export function failed(what: string): (error: unknown) => never {
  return (error) => {
    throw new CliError(what, { cause: error });
  };
}
