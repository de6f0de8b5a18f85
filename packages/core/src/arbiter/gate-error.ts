/** A station the arbiter cannot hold asleep, so charging cannot wait for authorization. */
export class GateError extends Error {
  readonly code = 'CANNOT_GATE';
  /** `$GV` of the controller, e.g. `8.2.3`, or `null` when it did not say. */
  readonly firmware: string | null;

  constructor(message: string, firmware: string | null, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GateError';
    this.firmware = firmware;
  }
}
