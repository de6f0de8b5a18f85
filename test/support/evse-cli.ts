// Runs the real `evse` command (apps/cli/bin/evse.js, from source) in a child process, as users do.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../apps/cli/bin/evse.js', import.meta.url));

/** A running `evse` child process with its output collected. */
export interface CliProcess {
  readonly child: ChildProcess;
  /** Everything printed to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout (waits for it to be printed). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or 128 + signal number style name when killed). */
  readonly exit: Promise<number | NodeJS.Signals>;
  /** Write to stdin. */
  send(text: string): void;
  /** Send a signal and wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals>;
}

const running = new Set<ChildProcess>();

/** Start `evse …args`. */
export function startCli(
  args: readonly string[],
  env: Record<string, string> = {},
  options: { maxOutput?: number } = {},
): CliProcess {
  // A long-running child (the soak's central system) would otherwise keep every line it ever
  // printed in this process: keep the newest `maxOutput` characters.
  const max = options.maxOutput ?? Number.POSITIVE_INFINITY;
  const tail = (text: string): string => (text.length > 2 * max ? text.slice(-max) : text);
  // A test run inside a Kubernetes Indexed Job must not shard every `evse fleet` it starts.
  const { JOB_COMPLETION_INDEX: _index, EVSE_FLEET_SHARDS: _shards, ...inherited } = process.env;
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...inherited, EVSE_FROM_SOURCE: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out = tail(out + chunk);
    for (const w of waiters) w();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err = tail(err + chunk);
  });
  const exit = new Promise<number | NodeJS.Signals>((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      for (const w of waiters) w();
      resolve(code ?? signal ?? -1);
    });
  });
  let exited = false;
  void exit.then(() => {
    exited = true;
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exit,
    send: (text) => child.stdin?.write(text),
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(out);
          if (match) {
            done();
            resolve(match);
          } else if (exited) {
            done();
            reject(
              new Error(`evse exited before printing ${pattern}\nstdout:\n${out}\nstderr:\n${err}`),
            );
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`timed out waiting for ${pattern}\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    async stop(signal = 'SIGINT') {
      if (!exited) child.kill(signal);
      return exit;
    },
  };
}

/** Run `evse …args` to completion. */
export async function runCli(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<{ code: number | NodeJS.Signals; stdout: string; stderr: string }> {
  const cli = startCli(args, options.env);
  if (options.input !== undefined) cli.child.stdin?.end(options.input);
  else cli.child.stdin?.end();
  const timer = setTimeout(() => cli.child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const code = await cli.exit;
  clearTimeout(timer);
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** Kill every child still running (call in afterEach), except the ones a suite shares. */
export async function killAll(except: readonly CliProcess[] = []): Promise<void> {
  const keep = new Set(except.map((p) => p.child));
  const waits = [...running]
    .filter((child) => !keep.has(child))
    .map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    );
  await Promise.all(waits);
}

/** The start of `evse bridge` arguments for the in-process emulator as charge point `id` at `url`. */
export function emulatedBridge(url: string, id: string): string[] {
  return ['bridge', '--port', 'emulator', '--ocpp', url, '--id', id];
}
