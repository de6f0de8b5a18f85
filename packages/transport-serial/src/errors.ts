/** What went wrong, one code per failure a user can act on. */
export type SerialTransportErrorCode =
  /** The device path (or TCP host) does not exist. */
  | 'NOT_FOUND'
  /** The OS refused access to the device (not in the `dialout` group). */
  | 'PERMISSION_DENIED'
  /** Another process holds the port's lock (another `evse`, minicom, ModemManager…). */
  | 'BUSY'
  /** The TCP peer actively refused the connection (nothing listens on that port). */
  | 'REFUSED'
  /** Opening took longer than the allowed time (TCP connect). */
  | 'TIMEOUT'
  /** Any other open failure; see `cause`. */
  | 'OPEN_FAILED'
  /** An open link went away (device unplugged, socket reset) or a write hit a lost link. */
  | 'LOST'
  /** A port spec such as `tcp://host` that cannot be parsed. */
  | 'BAD_SPEC';

/**
 * The one error type of this package: `code` says what happened, `message` names the port and
 * the fix, `cause` carries the underlying serialport/net error.
 */
export class SerialTransportError extends Error {
  readonly code: SerialTransportErrorCode;
  /** The port path or `host:port` the error is about (empty for BAD_SPEC). */
  readonly port: string;
  constructor(
    code: SerialTransportErrorCode,
    port: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SerialTransportError';
    this.code = code;
    this.port = port;
  }
}

function causeText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/**
 * Turn a serialport open failure into a typed error. serialport's native binding reports only
 * a message built from `strerror(errno)` (bindings-cpp 13 `serialport_unix.cpp`: "Error: %s,
 * cannot open %s" and "Error %s Cannot lock port"); the mock binding uses its own wording.
 */
export function serialOpenError(path: string, cause: unknown): SerialTransportError {
  const text = causeText(cause);
  if (/No such file or directory|ENOENT|does not exist|No such device/i.test(text)) {
    return new SerialTransportError(
      'NOT_FOUND',
      path,
      `${path} does not exist: is the controller plugged in? USB adapters appear as /dev/ttyUSB0 or /dev/ttyACM0, the Pi GPIO UART as /dev/serial0 (/dev/ttyAMA0); \`evse ports\` lists candidates`,
      { cause },
    );
  }
  if (/Permission denied|EACCES|EPERM|Operation not permitted/i.test(text)) {
    return new SerialTransportError(
      'PERMISSION_DENIED',
      path,
      `permission denied opening ${path}: add your user to the dialout group (sudo usermod -aG dialout $USER), then log out and in again`,
      { cause },
    );
  }
  if (
    /Cannot lock port|locked|Resource temporarily unavailable|EBUSY|Device or resource busy/i.test(
      text,
    )
  ) {
    return new SerialTransportError(
      'BUSY',
      path,
      `${path} is busy: another program holds it (another evse, minicom, screen, ModemManager or a serial console); close it and try again`,
      { cause },
    );
  }
  // bindings-cpp prefixes "Error: " and repeats the path: keep only the reason.
  const reason = text.replace(/^Error:?\s*/, '').replace(`, cannot open ${path}`, '');
  return new SerialTransportError('OPEN_FAILED', path, `cannot open ${path}: ${reason}`, { cause });
}

/** Turn a node:net connect failure into a typed error. */
export function tcpOpenError(endpoint: string, cause: unknown): SerialTransportError {
  const code = (cause as { code?: unknown } | null)?.code;
  const text = causeText(cause);
  if (code === 'ECONNREFUSED') {
    return new SerialTransportError(
      'REFUSED',
      endpoint,
      `connection to ${endpoint} refused: is the emulator or serial bridge listening there?`,
      { cause },
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new SerialTransportError('NOT_FOUND', endpoint, `cannot resolve host of ${endpoint}`, {
      cause,
    });
  }
  if (code === 'ETIMEDOUT') {
    return new SerialTransportError('TIMEOUT', endpoint, `connecting to ${endpoint} timed out`, {
      cause,
    });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new SerialTransportError(
      'PERMISSION_DENIED',
      endpoint,
      `not permitted to connect to ${endpoint}`,
      { cause },
    );
  }
  return new SerialTransportError(
    'OPEN_FAILED',
    endpoint,
    `cannot connect to ${endpoint}: ${text}`,
    {
      cause,
    },
  );
}

/** The error a link reports when it goes away while open. */
export function lostError(port: string, cause?: unknown): SerialTransportError {
  const why = cause === undefined ? 'closed by the other side' : causeText(cause);
  return new SerialTransportError('LOST', port, `connection to ${port} lost (${why})`, { cause });
}
