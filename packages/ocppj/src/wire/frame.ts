/**
 * OCPP-J frames: `[2, id, action, payload]`, `[3, id, payload]`,
 * `[4, id, code, description, details]` (STEVE.md §5.1). Parsing validates in the order
 * JSON → array → type → id → action → payload/shape (STYLE.md §2.9) and says at which stage
 * a bad frame failed, because the right reaction depends on it (STEVE.md §1.5: a bad
 * type closes the socket, a bad id or payload of a CALL gets a CALLERROR).
 */

/** The OCPP-J message type numbers. */
export const MESSAGE_TYPES = { CALL: 2, CALLRESULT: 3, CALLERROR: 4 } as const;
const { CALL, CALLRESULT, CALLERROR } = MESSAGE_TYPES;
/** One of {@link MESSAGE_TYPES}. */
export type MessageType = (typeof MESSAGE_TYPES)[keyof typeof MESSAGE_TYPES];

/** A request: `[2, id, action, payload]`. */
export interface CallFrame {
  readonly type: typeof CALL;
  readonly id: string;
  readonly action: string;
  readonly payload: Record<string, unknown>;
}
/** A successful answer: `[3, id, payload]`. */
export interface CallResultFrame {
  readonly type: typeof CALLRESULT;
  readonly id: string;
  readonly payload: Record<string, unknown>;
}
/** A failed answer: `[4, id, code, description, details]`. */
export interface CallErrorFrame {
  readonly type: typeof CALLERROR;
  readonly id: string;
  readonly code: string;
  readonly description: string;
  readonly details: Record<string, unknown>;
}
/** Any OCPP-J frame. */
export type OcppFrame = CallFrame | CallResultFrame | CallErrorFrame;

/** Where parsing stopped: the first check that failed. */
export type FrameErrorStage = 'json' | 'array' | 'type' | 'id' | 'action' | 'payload' | 'shape';

/** Why a text is not a valid frame, with whatever was readable before the failure. */
export interface FrameError {
  readonly stage: FrameErrorStage;
  readonly message: string;
  /** The message type, once readable (2/3/4). */
  readonly messageType?: MessageType;
  /** The message id, once readable (a non-empty string). */
  readonly id?: string;
  /** The CALL action, once readable. */
  readonly action?: string;
  /** For stage `payload`: true when the payload is not even valid JSON (vs. valid JSON of the wrong shape). */
  readonly syntax?: boolean;
}

/** The outcome of {@link parseFrame}. */
export type FrameParseResult =
  | { readonly ok: true; readonly frame: OcppFrame }
  | { readonly ok: false; readonly error: FrameError };

// A short description of a received value for error messages; never serialises it whole
// (a deeply nested array would make JSON.stringify throw).
const describe = (v: unknown): string =>
  v === undefined
    ? 'nothing'
    : v === null
      ? 'null'
      : Array.isArray(v)
        ? 'an array'
        : typeof v === 'string'
          ? JSON.stringify(v.length > 20 ? `${v.slice(0, 20)}…` : v)
          : typeof v === 'object'
            ? 'an object'
            : String(v);

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

// SteVe reads a frame with a streaming parser (STEVE.md §1.5), so a CALL whose header
// `[2,"id","Action",` is fine but whose payload is not valid JSON is a *payload* error
// (FormationViolation), not an unreadable frame. This recognises such a header.
const CALL_HEADER = /^\s*\[\s*2\s*,\s*("(?:[^"\\]|\\.)*")\s*,\s*("(?:[^"\\]|\\.)*")\s*,/;

function jsonError(text: string, reason: string): FrameParseResult {
  const m = CALL_HEADER.exec(text);
  if (m?.[1] !== undefined && m[2] !== undefined) {
    try {
      const id: unknown = JSON.parse(m[1]);
      const action: unknown = JSON.parse(m[2]);
      if (typeof id === 'string' && id !== '' && typeof action === 'string')
        return fail({
          stage: 'payload',
          message: `payload is not valid JSON: ${reason}`,
          syntax: true,
          messageType: CALL,
          id,
          action,
        });
    } catch {
      // fall through: the header itself is not readable
    }
  }
  return fail({ stage: 'json', message: `not valid JSON: ${reason}` });
}

const fail = (error: FrameError): FrameParseResult => ({ ok: false, error });

/** Parses one WebSocket text message into an OCPP-J frame, or says where it failed. */
export function parseFrame(text: string): FrameParseResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return jsonError(text, e instanceof Error ? e.message : String(e));
  }
  if (!Array.isArray(data)) return fail({ stage: 'array', message: 'frame is not a JSON array' });
  const type: unknown = data[0];
  if (type !== CALL && type !== CALLRESULT && type !== CALLERROR)
    return fail({
      stage: 'type',
      message: `unknown message type ${describe(type)}`,
    });
  const id: unknown = data[1];
  if (typeof id !== 'string' || id === '')
    return fail({
      stage: 'id',
      message: 'the message id must be a non-empty string',
      messageType: type,
    });
  if (type === CALL) {
    const action: unknown = data[2];
    if (typeof action !== 'string')
      return fail({
        stage: 'action',
        message: 'the action must be a string',
        messageType: CALL,
        id,
      });
    // A `null` payload is read as `{}` (SteVe issue #1109, STEVE.md §1.5).
    const payload: unknown = data[3] === null ? {} : data[3];
    if (!isObject(payload))
      return fail({
        stage: 'payload',
        message: `the payload must be a JSON object, got ${describe(payload)}`,
        messageType: CALL,
        id,
        action,
      });
    return { ok: true, frame: { type: CALL, id, action, payload } };
  }
  if (type === CALLRESULT) {
    const payload: unknown = data[2] === null ? {} : data[2];
    if (!isObject(payload))
      return fail({
        stage: 'payload',
        message: 'the CALLRESULT payload must be a JSON object',
        messageType: CALLRESULT,
        id,
      });
    return { ok: true, frame: { type: CALLRESULT, id, payload } };
  }
  const [, , code, description = '', details = {}] = data as unknown[];
  if (typeof code !== 'string' || typeof description !== 'string' || !isObject(details))
    return fail({
      stage: 'shape',
      message: 'a CALLERROR needs a string code, a string description and an object of details',
      messageType: CALLERROR,
      id,
    });
  return { ok: true, frame: { type: CALLERROR, id, code, description, details } };
}

/** Serialises a frame to the exact OCPP-J text (`[2,…]`, `[3,…]`, `[4,…]`). */
export function serializeFrame(frame: OcppFrame): string {
  switch (frame.type) {
    case CALL:
      return JSON.stringify([CALL, frame.id, frame.action, frame.payload]);
    case CALLRESULT:
      return JSON.stringify([CALLRESULT, frame.id, frame.payload]);
    case CALLERROR:
      return JSON.stringify([CALLERROR, frame.id, frame.code, frame.description, frame.details]);
  }
}
