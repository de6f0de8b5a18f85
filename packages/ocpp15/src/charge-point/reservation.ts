import type { Request } from '../wire/messages.js';
import { evPresent } from './connector.js';
import type { Ctx } from './context.js';
import { type CancelTimer, setLongTimeout } from './long-timer.js';

/** An active ReserveNow (one connector, so at most one). */
export interface Reservation {
  readonly reservationId: number;
  readonly idTag: string;
  readonly parentIdTag?: string;
}

/** ReserveNow/CancelReservation state with expiry (internal, not persisted). */
export interface Reservations {
  current(): Reservation | null;
  reserve(
    req: Request<'ReserveNow'>,
    busy: boolean,
  ): 'Accepted' | 'Faulted' | 'Occupied' | 'Rejected' | 'Unavailable';
  cancel(reservationId: number): 'Accepted' | 'Rejected';
  consume(): void;
  close(): void;
}

/** Create the reservation state; `changed` runs whenever the Reserved status may change (internal). */
export function createReservations(
  ctx: Ctx,
  inoperative: () => boolean,
  changed: () => void,
): Reservations {
  let current: (Reservation & { timer: CancelTimer }) | null = null;
  const clear = (): void => {
    current?.timer();
    current = null;
  };
  return {
    current: () => current,
    reserve(req, busy) {
      if (req.connectorId !== 0 && req.connectorId !== 1) return 'Rejected';
      const s = ctx.station.getStatus();
      if (s.state === 'fault') return 'Faulted';
      if (inoperative() || s.state === 'disabled') return 'Unavailable';
      if (busy || evPresent(s)) return 'Occupied';
      if (current && current.reservationId !== req.reservationId) return 'Occupied';
      // Expiry is on the central system's clock; convert to ours.
      const ms = Date.parse(req.expiryDate) - (Date.now() + ctx.clockOffsetMs);
      if (!(ms > 0)) return 'Rejected';
      clear();
      // Not clamped: a reservation for more than ~24.8 days must not expire early (long-timer.ts).
      const timer = setLongTimeout(() => {
        current = null;
        changed();
      }, ms);
      current = {
        reservationId: req.reservationId,
        idTag: req.idTag,
        ...(req.parentIdTag === undefined ? {} : { parentIdTag: req.parentIdTag }),
        timer,
      };
      changed();
      return 'Accepted';
    },
    cancel(reservationId) {
      if (current?.reservationId !== reservationId) return 'Rejected';
      clear();
      changed();
      return 'Accepted';
    },
    consume() {
      clear();
      changed();
    },
    close: clear,
  };
}
