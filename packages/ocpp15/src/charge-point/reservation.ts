import { LongTimer } from '@evse/ocppj';
import { evPresent } from '../station.js';
import type { ReservationStatus } from '../wire/enums.js';
import type { Request } from '../wire/messages.js';
import type { Ctx } from './context.js';

/** An active ReserveNow (one connector, so at most one). */
export interface Reservation {
  readonly reservationId: number;
  readonly idTag: string;
  readonly parentIdTag?: string;
}

/** ReserveNow/CancelReservation state with expiry (internal, not persisted). */
export interface Reservations {
  current(): Reservation | null;
  reserve(req: Request<'ReserveNow'>, busy: boolean): ReservationStatus;
  cancel(reservationId: number): 'Accepted' | 'Rejected';
  consume(): void;
  close(): void;
}

/** What reservations need from the rest of the charge point. */
export interface ReservationHooks {
  inoperative(): boolean;
  /** The Reserved status may have changed. */
  statusChanged(): void;
}

const expire = (r: ReservationsImpl): void => r.expired();

class ReservationsImpl implements Reservations {
  readonly #ctx: Ctx;
  readonly #hooks: ReservationHooks;
  #current: Reservation | null = null;
  #timer: LongTimer<ReservationsImpl> | null = null;

  constructor(ctx: Ctx, hooks: ReservationHooks) {
    this.#ctx = ctx;
    this.#hooks = hooks;
  }

  #clear(): void {
    this.#timer?.cancel();
    this.#timer = null;
    this.#current = null;
  }

  /** The reservation's expiryDate passed (internal). */
  expired(): void {
    this.#timer = null;
    this.#current = null;
    this.#hooks.statusChanged();
  }

  current(): Reservation | null {
    return this.#current;
  }

  reserve(req: Request<'ReserveNow'>, busy: boolean): ReservationStatus {
    if (req.connectorId !== 0 && req.connectorId !== 1) return 'Rejected';
    const ctx = this.#ctx;
    const s = ctx.station.getStatus();
    if (s.state === 'fault') return 'Faulted';
    if (this.#hooks.inoperative() || s.state === 'disabled') return 'Unavailable';
    if (busy || evPresent(s)) return 'Occupied';
    const current = this.#current;
    if (current && current.reservationId !== req.reservationId) return 'Occupied';
    // Expiry is on the central system's clock; convert to ours.
    const ms = Date.parse(req.expiryDate) - (Date.now() + ctx.clockOffsetMs);
    if (!(ms > 0)) return 'Rejected';
    this.#clear();
    // Not clamped: a reservation for more than ~24.8 days must not expire early (long-timer.ts).
    this.#timer = new LongTimer<ReservationsImpl>(expire, this, ms);
    this.#current = {
      reservationId: req.reservationId,
      idTag: req.idTag,
      ...(req.parentIdTag === undefined ? {} : { parentIdTag: req.parentIdTag }),
    };
    this.#hooks.statusChanged();
    return 'Accepted';
  }

  cancel(reservationId: number): 'Accepted' | 'Rejected' {
    if (this.#current?.reservationId !== reservationId) return 'Rejected';
    this.#clear();
    this.#hooks.statusChanged();
    return 'Accepted';
  }

  consume(): void {
    this.#clear();
    this.#hooks.statusChanged();
  }

  close(): void {
    this.#clear();
  }
}

/** Create the reservation state; `statusChanged` runs whenever the Reserved status may change (internal). */
export function createReservations(ctx: Ctx, hooks: ReservationHooks): Reservations {
  return new ReservationsImpl(ctx, hooks);
}
