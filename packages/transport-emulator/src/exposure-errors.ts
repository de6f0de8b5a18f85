/** Why exposing a device (PTY, TCP, control API) failed. One code per cause (style §8). */
export type ExposureErrorCode =
  /** `socat` is not installed at the given path (`servePty`). */
  | 'SOCAT_NOT_FOUND'
  /** `socat` started but could not create the pseudo-terminal (`servePty`). */
  | 'SOCAT_FAILED'
  /** `socat` died while the PTY was being served, e.g. killed from outside (`servePty`). */
  | 'SOCAT_EXITED'
  /** The requested PTY link path already exists and is not a symlink (`servePty`). */
  | 'PATH_EXISTS'
  /** The directory of the requested PTY link path does not exist (`servePty`). */
  | 'PATH_DIR_MISSING'
  /** The TCP or HTTP address is already in use (`serveTcp`, `serveControlApi`). */
  | 'EADDRINUSE'
  /** Listening failed for another reason, e.g. `EACCES` or an unknown host. */
  | 'LISTEN_FAILED';

/** Error of the exposure functions; `cause` carries the underlying system error if any. */
export class ExposureError extends Error {
  readonly code: ExposureErrorCode;
  constructor(code: ExposureErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ExposureError';
    this.code = code;
  }
}
