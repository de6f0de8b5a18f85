import { lstat, mkdtemp, rm, stat, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Observable, ReplaySubject } from 'rxjs';
import { ExposureError } from './exposure-errors.js';
import { startSocatPty } from './socat.js';
import type { DevicePort } from './types.js';

/** Options of `servePty`. */
export interface ServePtyOptions {
  /** Where to put the symlink clients open. @default `<tmpdir>/evse-<pid>-XXXXXX/ttyEVSE0` */
  path?: string;
  /** The socat binary. @default '/usr/bin/socat' */
  socatPath?: string;
}

/** A pseudo-terminal serving a device, as returned by `servePty`. */
export interface PtyServer {
  /** The path clients open like a serial port (a symlink to `ptsPath`). */
  readonly path: string;
  /** The pseudo-terminal slave behind `path`, e.g. `/dev/pts/3`. */
  readonly ptsPath: string;
  /** Emits once (and replays) if socat dies on its own; completes on `close()`. */
  readonly error$: Observable<ExposureError>;
  /** Kill socat, detach from the device and remove the link. Idempotent. */
  close(): Promise<void>;
}

/**
 * Output queued towards socat beyond this is dropped, as a UART drops bytes nobody reads: with
 * no client on the PTY the kernel buffer fills and socat stops reading its stdin.
 */
const MAX_QUEUED_BYTES = 64 * 1024;
/** How long socat gets to exit after SIGTERM before SIGKILL. */
const KILL_GRACE_MS = 2000;

/**
 * Serve `device` on a real pseudo-terminal that clients open like a serial port (115200 8N1 is
 * accepted and ignored). Resolves once the path exists and bytes flow. Bytes pass unmodified in
 * both directions; strings are mapped to bytes 1:1 (latin1), so no byte is ever re-encoded.
 * Several PTYs per process are fine. Requires `socat`.
 * @example
 * const pty = await servePty(emulator.device);
 * // open pty.path with any serial client, then:
 * await pty.close();
 */
export async function servePty(
  device: DevicePort,
  options: ServePtyOptions = {},
): Promise<PtyServer> {
  const socatPath = options.socatPath ?? '/usr/bin/socat';
  let ownDir: string | null = null;
  let path: string;
  if (options.path === undefined) {
    ownDir = await mkdtemp(join(tmpdir(), `evse-${process.pid}-`));
    path = join(ownDir, 'ttyEVSE0');
  } else {
    if (options.path === '') throw new TypeError('path: must not be empty');
    path = options.path;
    await checkLinkPath(path);
  }

  let pty: Awaited<ReturnType<typeof startSocatPty>>;
  try {
    pty = await startSocatPty(socatPath, path);
  } catch (err) {
    if (ownDir !== null) await rm(ownDir, { recursive: true, force: true });
    throw err;
  }
  const { child } = pty;
  const error$ = new ReplaySubject<ExposureError>(1);
  let closing = false;

  child.stdout.on('data', (chunk: Buffer) => device.receive(chunk.toString('latin1')));
  // EPIPE after socat died: reported through the 'exit' handler below.
  child.stdin.on('error', () => {});
  const subscription = device.output$.subscribe({
    next: (text) => {
      if (child.stdin.writable && child.stdin.writableLength < MAX_QUEUED_BYTES) {
        child.stdin.write(Buffer.from(text, 'latin1'));
      }
    },
    // A failing device is its owner's to report; the line just goes quiet (no crash here).
    error: () => {},
  });

  const cleanup = async () => {
    subscription.unsubscribe();
    // socat removes its link on a clean exit; after SIGKILL we must.
    await unlink(path).catch(() => {});
    if (ownDir !== null) await rm(ownDir, { recursive: true, force: true });
  };

  void pty.exited.then(async ({ code, signal }) => {
    if (closing) return;
    closing = true;
    await cleanup();
    const how = signal ?? `code ${code}`;
    error$.next(
      new ExposureError(
        'SOCAT_EXITED',
        `socat serving ${path} exited unexpectedly (${how}); the PTY is gone: ${pty.stderrTail()}`,
      ),
    );
    error$.complete();
  });

  let closed: Promise<void> | null = null;
  const close = () => {
    closed ??= (async () => {
      if (!closing) {
        closing = true;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS);
        await pty.exited;
        clearTimeout(timer);
        await cleanup();
        error$.complete();
      }
    })();
    return closed;
  };

  return { path, ptsPath: pty.ptsPath, error$: error$.asObservable(), close };
}

/** Refuse to clobber a real file, and name a missing directory clearly (before socat does). */
async function checkLinkPath(path: string): Promise<void> {
  const dir = dirname(path);
  const dirStat = await stat(dir).catch(() => null);
  if (!dirStat?.isDirectory()) {
    throw new ExposureError(
      'PATH_DIR_MISSING',
      `cannot create PTY link ${path}: ${dir} is not a directory`,
    );
  }
  const existing = await lstat(path).catch(() => null);
  // A leftover symlink (from a process that was SIGKILLed) is replaced by socat.
  if (existing && !existing.isSymbolicLink()) {
    throw new ExposureError(
      'PATH_EXISTS',
      `cannot create PTY link ${path}: a file is already there`,
    );
  }
}
