import { type MappedStatus, mapStatus } from '../status-map.js';
import { type Ctx, isoNow, report } from './context.js';

/** Sends StatusNotification for connectors 0 and 1 whenever what they report changes (internal). */
export interface StatusPublisher {
  /** Send what changed; `force` resends both (after boot/reconnect, STEVE.md §5.2). */
  publish(force: boolean): void;
}

/**
 * Create the StatusNotification publisher over the station status and overrides (internal).
 * `closing()` is true while connector 1's transaction is open or its StopTransaction is not
 * yet answered: a status that says the connector is free (anything but Occupied/Faulted) is
 * held until then, so the CS never sees Available while it still has the transaction open
 * (StopTransaction first; STEVE.md §5.2). Call `publish` again once the Stop is delivered.
 */
export function createStatusPublisher(
  ctx: Ctx,
  overrides: () => { inoperative0: boolean; inoperative1: boolean; reserved: boolean },
  closing: () => boolean = () => false,
): StatusPublisher {
  const sent = new Map<number, string>();
  const emitted = new Map<number, string>();

  const compute = (): [number, MappedStatus][] => {
    const s = ctx.station.getStatus();
    const o = overrides();
    const c1 = mapStatus(s, {
      inoperative: o.inoperative0 || o.inoperative1,
      reserved: o.reserved,
    });
    // Connector 0 is the charge point as a whole: it shares a fault, else shows availability.
    const c0: MappedStatus =
      c1.status === 'Faulted'
        ? c1
        : {
            status: o.inoperative0 || s.state === 'disabled' ? 'Unavailable' : 'Available',
            errorCode: 'NoError',
          };
    return [
      [0, c0],
      [1, c1],
    ];
  };

  return {
    publish(force) {
      for (const [connectorId, status] of compute()) {
        const key = JSON.stringify(status);
        if (emitted.get(connectorId) !== key) {
          emitted.set(connectorId, key);
          ctx.events.next({ type: 'status', connectorId, status });
        }
        const ep = ctx.ready$.value;
        const held =
          connectorId === 1 &&
          status.status !== 'Occupied' &&
          status.status !== 'Faulted' &&
          closing();
        if (held) sent.delete(connectorId); // sent on the first publish after the Stop
        if (!ep || held || (!force && sent.get(connectorId) === key)) continue;
        sent.set(connectorId, key);
        ep.call('StatusNotification', {
          connectorId,
          ...status,
          ...(status.vendorErrorCode ? { vendorId: ctx.opts.vendor } : {}),
          timestamp: isoNow(ctx),
        }).catch((error: unknown) => {
          sent.delete(connectorId); // resend on the next chance
          report(ctx, error);
        });
      }
    },
  };
}
