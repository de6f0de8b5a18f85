/** Real pseudo-terminal pairs via socat, for tests (CONTRIBUTING.md: real PTYs, not mocks). */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const SOCAT = ['/usr/bin/socat', '/usr/local/bin/socat', '/bin/socat'].find((p) => existsSync(p));

/** socat is installed here. */
export const hasSocat = SOCAT !== undefined;
/**
 * Running under CI (`.ci/run` sets EVSE_VITEST_JSON and installs socat): PTY tests must then
 * run, never skip, so a missing socat fails loudly instead of hiding the tests.
 */
export const inCi = Boolean(process.env['EVSE_VITEST_JSON'] ?? process.env['CI']);
/** Skip PTY tests only on a developer machine without socat. */
export const skipPty = !hasSocat && !inCi;

export interface SocatPair {
  readonly a: string;
  readonly b: string;
  readonly child: ChildProcess;
  /** Kill socat like a yanked cable: SIGKILL, so it cannot tidy up. Resolves on exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * `socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`, resolved once socat reports the
 * transfer loop started (both links exist by then).
 */
export function startSocatPair(a: string, b: string): Promise<SocatPair> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      SOCAT ?? 'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    const exited = new Promise<void>((res) => child.once('exit', () => res()));
    const onExit = (code: number | null) =>
      reject(new Error(`socat exited (${code}) before the PTYs were ready: ${stderr}`));
    child.once('error', (err) =>
      reject(new Error(`cannot run socat (install it): ${err.message}`)),
    );
    child.once('exit', onExit);
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes('starting data transfer loop')) {
        child.removeListener('exit', onExit);
        child.stderr?.removeAllListeners('data');
        child.stderr?.resume();
        resolve({
          a,
          b,
          child,
          kill(signal = 'SIGKILL') {
            if (child.exitCode === null && child.signalCode === null) child.kill(signal);
            return exited;
          },
        });
      }
    });
  });
}
