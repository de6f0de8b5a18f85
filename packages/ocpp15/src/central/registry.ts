/**
 * Who is connected to the central system: the open sessions per chargeBoxId (oldest first;
 * SteVe talks to the newest, STEVE.md §1.4), the ids it accepts, and the unknown ids that
 * tried (STEVE.md §1.3).
 */
import type { UnknownStation } from './records.js';
import type { Session } from './session.js';
import type { CentralStore } from './store.js';

/** The session registry of one central system. */
export interface Registry {
  /** Adds a session; returns how many the station now has. */
  add(session: Session): number;
  /** Removes a session; returns how many the station still has. */
  remove(session: Session): number;
  /** The station's newest session. */
  newest(chargeBoxId: string): Session | undefined;
  /** The station's sessions, oldest first. */
  of(chargeBoxId: string): readonly Session[];
  /** Every open session. */
  all(): Session[];
  /** Registered ids: the allow list and every station the store knows, or `'any'`. */
  allowed(): readonly string[] | 'any';
  /** An unregistered id tried to connect. */
  rememberUnknown(chargeBoxId: string): void;
  /** Unregistered ids that tried to connect, newest last. */
  unknown(): UnknownStation[];
}

const UNKNOWN_KEPT = 100;

export function createRegistry(
  store: CentralStore,
  allow: readonly string[] | 'any',
  now: () => Date,
): Registry {
  const sessions = new Map<string, Session[]>();
  const unknown = new Map<string, UnknownStation>();
  return {
    add(session) {
      const id = session.info.chargeBoxId;
      const list = [...(sessions.get(id) ?? []), session];
      sessions.set(id, list);
      return list.length;
    },
    remove(session) {
      const id = session.info.chargeBoxId;
      const list = (sessions.get(id) ?? []).filter((s) => s !== session);
      if (list.length > 0) sessions.set(id, list);
      else sessions.delete(id);
      return list.length;
    },
    newest: (chargeBoxId) => sessions.get(chargeBoxId)?.at(-1),
    of: (chargeBoxId) => sessions.get(chargeBoxId) ?? [],
    all: () => [...sessions.values()].flat(),
    // A restarted central system keeps accepting its stations (SteVe's charge_box table).
    allowed() {
      if (allow === 'any') return 'any';
      const known = [...store.stations()].map((s) => s.chargeBoxId);
      return known.length === 0 ? allow : [...allow, ...known];
    },
    rememberUnknown(chargeBoxId) {
      const seen = unknown.get(chargeBoxId);
      unknown.delete(chargeBoxId);
      unknown.set(chargeBoxId, {
        chargeBoxId,
        attempts: (seen?.attempts ?? 0) + 1,
        lastAttemptAt: now(),
      });
      if (unknown.size > UNKNOWN_KEPT) unknown.delete(unknown.keys().next().value as string);
    },
    unknown: () => [...unknown.values()].map((u) => ({ ...u })),
  };
}
