import type { MappedStatus as ReportedStatus } from '../status-map.js';
import type { Request } from '../wire/messages.js';
import { type Ctx, isoNow, OWN_PAYLOAD, report } from './context.js';
import type { StatusReport as MappedStatus, StatusFacts } from './version.js';

/** Sends StatusNotification for connectors 0 and 1 whenever what they report changes (internal). */
export interface StatusPublisher {
  /** Send what changed; `force` resends both (after boot/reconnect, STEVE.md §5.2). */
  publish(force: boolean): void;
}

/** What the publisher reads from the rest of the charge point. */
export interface StatusHooks {
  /** ChangeAvailability and reservation state the station itself does not know. */
  statusOverrides(): StatusFacts;
  /** True while connector 1's transaction is open or its StopTransaction is not yet answered. */
  closing(): boolean;
}

/** Equal as their JSON would be (the fields in mapStatus' fixed order). */
const same = (a: MappedStatus | null, b: MappedStatus): boolean =>
  a !== null &&
  a.status === b.status &&
  a.errorCode === b.errorCode &&
  a.info === b.info &&
  a.vendorErrorCode === b.vendorErrorCode;

// What was last emitted/sent is kept as a shared canonical copy per distinct status (a few
// dozen exist), not as each station's own object.
const canonical = new Map<string, MappedStatus>();
const remembered = (status: MappedStatus): MappedStatus => {
  const key = JSON.stringify(status);
  let c = canonical.get(key);
  if (!c) {
    c = { ...status };
    canonical.set(key, c);
  }
  return c;
};

/**
 * The StatusNotification publisher over the station status and overrides (internal).
 * `closing()` holds a status that says the connector is free (anything but Occupied/Faulted)
 * until the transaction's StopTransaction is answered, so the CS never sees Available while
 * it still has the transaction open (StopTransaction first; STEVE.md §5.2). Call `publish`
 * again once the Stop is delivered. Remembers the last status per connector in four fields
 * (no maps: connectors 0 and 1 are all an OpenEVSE has).
 */
class Publisher implements StatusPublisher {
  readonly #ctx: Ctx;
  readonly #hooks: StatusHooks;
  #sent0: MappedStatus | null = null;
  #sent1: MappedStatus | null = null;
  #emitted0: MappedStatus | null = null;
  #emitted1: MappedStatus | null = null;

  constructor(ctx: Ctx, hooks: StatusHooks) {
    this.#ctx = ctx;
    this.#hooks = hooks;
  }

  publish(force: boolean): void {
    const ctx = this.#ctx;
    const s = ctx.station.getStatus();
    const o = this.#hooks.statusOverrides();
    // Before RAPI 5 the 00 the EVSE passes on every wake (`$FE`) says nothing of the plug
    // (no vflags, FIELD-FIRMWARE.md §2): connector 1 keeps what it showed until the next state,
    // so an EV waking for its transaction is not reported Available meanwhile.
    const blind = s.state === 'starting' && s.evConnected === null ? this.#emitted1 : null;
    const c1 = blind ?? ctx.version.connectorStatus(s, o);
    const c0 = ctx.version.chargePointStatus(s, c1, o);
    this.#one(0, c0, force);
    this.#one(1, c1, force);
  }

  #one(connectorId: 0 | 1, status: MappedStatus, force: boolean): void {
    const ctx = this.#ctx;
    if (!same(connectorId === 0 ? this.#emitted0 : this.#emitted1, status)) {
      if (connectorId === 0) this.#emitted0 = remembered(status);
      else this.#emitted1 = remembered(status);
      // The version's vocabulary (1.5's MappedStatus, or the 1.6 one the 1.6 events type).
      ctx.emit({ type: 'status', connectorId, status: status as ReportedStatus });
    }
    const ep = ctx.ready;
    const held = connectorId === 1 && ctx.version.frees(status) && this.#hooks.closing();
    if (held) this.#sent1 = null; // sent on the first publish after the Stop
    if (!ep || held || (!force && same(connectorId === 0 ? this.#sent0 : this.#sent1, status)))
      return;
    if (connectorId === 0) this.#sent0 = remembered(status);
    else this.#sent1 = remembered(status);
    // In the schema's key order (the text the validated copy would have had).
    const payload = {
      connectorId,
      status: status.status,
      errorCode: status.errorCode,
    } as Request<'StatusNotification'>;
    if (status.info !== undefined) payload.info = status.info;
    payload.timestamp = isoNow(ctx);
    if (status.vendorErrorCode) payload.vendorId = ctx.opts.vendor;
    if (status.vendorErrorCode !== undefined) payload.vendorErrorCode = status.vendorErrorCode;
    ep.call('StatusNotification', payload, OWN_PAYLOAD).catch((error: unknown) => {
      // resend on the next chance
      if (connectorId === 0) this.#sent0 = null;
      else this.#sent1 = null;
      report(ctx, error);
    });
  }
}

/** Create the StatusNotification publisher (internal). */
export function createStatusPublisher(ctx: Ctx, hooks: StatusHooks): StatusPublisher {
  return new Publisher(ctx, hooks);
}
