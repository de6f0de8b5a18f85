/**
 * A short label for OCPP-J messages (OCPP-J 1.5 §4: `[2,id,action,payload]` CALL,
 * `[3,id,payload]` CALLRESULT, `[4,id,code,description,details]` CALLERROR). Results are named
 * after the CALL they answer, so the log can be filtered by action.
 */

/** Labels one connection's messages; remembers outstanding CALL ids. */
export interface OcppDescriber {
  /** `{ action, kind }` of `text`; `action` is `?` for text that is no OCPP-J frame. */
  describe(text: string): { action: string; kind: 'call' | 'result' | 'error' | 'invalid' };
}

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
        return { action: '?', kind: 'invalid' };
      }
      if (!Array.isArray(frame) || typeof frame[1] !== 'string') {
        return { action: '?', kind: 'invalid' };
      }
      const [type, id] = frame as [unknown, string];
      if (type === 2 && typeof frame[2] === 'string') {
        pending.set(id, frame[2]);
        if (pending.size > MAX_PENDING) {
          const oldest = pending.keys().next();
          if (!oldest.done) pending.delete(oldest.value);
        }
        return { action: frame[2], kind: 'call' };
      }
      if (type === 3 || type === 4) {
        const action = pending.get(id) ?? '?';
        pending.delete(id);
        return { action, kind: type === 3 ? 'result' : 'error' };
      }
      return { action: '?', kind: 'invalid' };
    },
  };
}
