/**
 * Reservations the central system made with ReserveNow (SteVe keeps them in its
 * `reservation` table): accepted ones become `active`; CancelReservation, a StartTransaction
 * using the reservation, or a StatusNotification `Unavailable`/`Faulted` on the connector
 * end them (STEVE.md §1.8).
 */
import type { ReserveNowReq } from '../wire/messages.js';

/** One reservation. */
export interface ReservationRecord {
  readonly reservationId: number;
  readonly chargeBoxId: string;
  readonly connectorId: number;
  readonly idTag: string;
  readonly expiryDate: string;
  /** `active` until cancelled, used by a transaction, or cancelled by a connector status. */
  state: 'active' | 'cancelled' | 'used';
}

/** Creates the reservation registry. */
export function createReservations() {
  const all = new Map<string, ReservationRecord>();
  const key = (chargeBoxId: string, id: number) => `${chargeBoxId}\u0000${id}`;
  return {
    /** Records a ReserveNow the station accepted. */
    accepted(chargeBoxId: string, req: ReserveNowReq): void {
      all.set(key(chargeBoxId, req.reservationId), {
        reservationId: req.reservationId,
        chargeBoxId,
        connectorId: req.connectorId,
        idTag: req.idTag,
        expiryDate: req.expiryDate,
        state: 'active',
      });
    },
    /** Ends one reservation (CancelReservation accepted, or used by a transaction). */
    end(chargeBoxId: string, reservationId: number, state: 'cancelled' | 'used'): void {
      const r = all.get(key(chargeBoxId, reservationId));
      if (r?.state === 'active') r.state = state;
    },
    /** `Unavailable`/`Faulted` cancels the connector's active reservations. */
    connectorDown(chargeBoxId: string, connectorId: number): void {
      for (const r of all.values())
        if (
          r.chargeBoxId === chargeBoxId &&
          r.state === 'active' &&
          (connectorId === 0 || r.connectorId === connectorId)
        )
          r.state = 'cancelled';
    },
    /** Copies of all reservations. */
    list: (): ReservationRecord[] => [...all.values()].map((r) => ({ ...r })),
  };
}

/** The registry returned by {@link createReservations}. */
export type Reservations = ReturnType<typeof createReservations>;
