/**
 * A short label for OCPP-J messages (OCPP-J 1.5 and 1.6 §4: `[2,id,action,payload]` CALL,
 * `[3,id,payload]` CALLRESULT, `[4,id,code,description,details]` CALLERROR). Results are named
 * after the CALL they answer, so the log can be filtered by action; each message has a one-line
 * summary of its payload (summarise-ocpp.ts).
 */
import { summariseCall, summariseError, summariseResult } from './summarise-ocpp.js';

/** What the log shows of one message. */
export interface OcppLabel {
  /** The CALL's action (a result's or error's: of the CALL it answers), `?` when unknown. */
  readonly action: string;
  readonly kind: 'call' | 'result' | 'error' | 'invalid';
  /** The payload in one line (`connector 1: Charging (NoError)`), or why the text is no frame. */
  readonly summary: string;
}

/** Labels one connection's messages; remembers outstanding CALL ids. */
export interface OcppDescriber {
  /** The label of `text`; `action` is `?` for text that is no OCPP-J frame. */
  describe(text: string): OcppLabel;
}

const NO_FRAME = 'not an OCPP-J frame: [2,id,action,payload], [3,id,payload] or [4,id,code,…]';

/** Calls remembered for naming their results; older ids are forgotten first. */
const MAX_PENDING = 1000;

/** A describer for one OCPP traffic stream. */
export function createOcppDescriber(): OcppDescriber {
  const pending = new Map<string, string>();
  return {
    describe(text) {
      let frame: unknown;
      try {
        frame = JSON.parse(text);
      } catch {
        return { action: '?', kind: 'invalid', summary: 'not JSON' };
      }
      if (!Array.isArray(frame) || typeof frame[1] !== 'string') {
        return { action: '?', kind: 'invalid', summary: NO_FRAME };
      }
      const [type, id] = frame as [unknown, string];
      if (type === 2 && typeof frame[2] === 'string') {
        pending.set(id, frame[2]);
        if (pending.size > MAX_PENDING) {
          const oldest = pending.keys().next();
          if (!oldest.done) pending.delete(oldest.value);
        }
        return { action: frame[2], kind: 'call', summary: summariseCall(frame[2], frame[3]) };
      }
      if (type === 3 || type === 4) {
        const action = pending.get(id) ?? '?';
        pending.delete(id);
        return type === 3
          ? { action, kind: 'result', summary: summariseResult(action, frame[2]) }
          : { action, kind: 'error', summary: summariseError(frame[2], frame[3]) };
      }
      return { action: '?', kind: 'invalid', summary: NO_FRAME };
    },
  };
}
