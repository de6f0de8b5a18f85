import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { access, realpath } from 'node:fs/promises';
import { ExposureError } from './exposure-errors.js';

/** A running `socat` that joins a fresh pseudo-terminal to its own stdin/stdout. */
export interface SocatPty {
  readonly child: ChildProcessWithoutNullStreams;
  /** The slave device socat opened, e.g. `/dev/pts/3`. */
  readonly ptsPath: string;
  /** Resolves when the process has exited (never rejects). */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The last lines socat wrote to stderr, for error messages. */
  stderrTail(): string;
}

/** How long socat may take to open the PTY before we give up. */
const READY_TIMEOUT_MS = 5000;
/** Characters that would be parsed as socat address syntax (`,` option separator, `!!`, quotes). */
const UNSAFE_LINK = /[,!"'\\\s]|[^\x20-\x7e]/u;

/**
 * Start `socat -d -d pty,rawer,echo=0,b115200,link=<link> STDIO` and resolve once it reports the
 * data transfer loop, i.e. the PTY exists, the link points at it and bytes flow.
 *
 * `rawer` (raw mode, no echo, no CR/LF translation, no signal characters) matters because RAPI
 * ends frames with CR (RAPI.md §1.1): a cooked tty would turn it into LF for clients that do
 * not set their own termios. `b115200`: socat 1.7's `rawer` leaves the line speed at B0, which
 * `stty -F` shows as "speed 0 baud" and which means "hang up" on a real tty; a client that reads
 * the speed (or copies the termios it finds) should see the RAPI link's 115200 (RAPI.md §1.1),
 * as on a USB-serial adapter set up with `stty -F /dev/ttyUSB0 115200 raw -echo`.
 * Because socat talks to us over pipes, it sees EOF and exits on its own if this process dies,
 * so a crash leaves no orphaned socat behind.
 */
export async function startSocatPty(socatPath: string, link: string): Promise<SocatPty> {
  if (UNSAFE_LINK.test(link)) {
    throw new TypeError(
      `path: ${JSON.stringify(link)} contains a character socat would parse as address syntax`,
    );
  }
  try {
    await access(socatPath, constants.X_OK);
  } catch (cause) {
    throw new ExposureError(
      'SOCAT_NOT_FOUND',
      `socat not found or not executable at ${socatPath}; install it (apt-get install socat) or pass socatPath`,
      { cause },
    );
  }
  const child = spawn(socatPath, ['-d', '-d', `pty,rawer,echo=0,b115200,link=${link}`, 'STDIO'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A spawn failure emits 'error' and no 'exit'.
    child.once('error', () => resolve({ code: null, signal: null }));
  });
  const lines: string[] = [];
  const stderrTail = () => lines.slice(-5).join('\n');

  const ptsPath = await new Promise<string>((resolve, reject) => {
    let pts = '';
    let buffered = '';
    let settled = false;
    const fail = (message: string, cause?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new ExposureError('SOCAT_FAILED', message, cause === undefined ? {} : { cause }));
    };
    const timer = setTimeout(
      () => fail(`socat did not open a PTY within ${READY_TIMEOUT_MS} ms: ${stderrTail()}`),
      READY_TIMEOUT_MS,
    );
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      buffered += text;
      let nl = buffered.indexOf('\n');
      while (nl >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        lines.push(line);
        if (lines.length > 20) lines.shift();
        const m = / N PTY is (\S+)/.exec(line);
        if (m?.[1]) pts = m[1];
        if (!settled && line.includes(' N starting data transfer loop')) {
          settled = true;
          clearTimeout(timer);
          resolve(pts);
        }
        nl = buffered.indexOf('\n');
      }
    });
    child.once('error', (cause) =>
      fail(`cannot run socat at ${socatPath}: ${cause.message}`, cause),
    );
    child.once('exit', (code, signal) =>
      fail(`socat exited (${signal ?? `code ${code}`}) before the PTY was ready: ${stderrTail()}`),
    );
  });
  // The link is made before the transfer loop starts; check it really names our PTY.
  const target = await realpath(link).catch(() => '');
  if (ptsPath === '' || target !== ptsPath) {
    child.kill('SIGKILL');
    await exited;
    throw new ExposureError('SOCAT_FAILED', `socat reported PTY ${ptsPath} but ${link} is missing`);
  }
  return { child, ptsPath, exited, stderrTail };
}
