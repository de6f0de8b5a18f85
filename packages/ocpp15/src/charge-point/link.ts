/**
 * The 1.5 side of the shared connection loop (@evse/ocppj `startLink`): the 1.5 endpoint,
 * BootNotification until Accepted (honouring a Rejected interval, STEVE.md §5.2), the
 * Heartbeat at `HeartBeatInterval`, the clock synced from both answers.
 */
import {
  type BootControl,
  backoffDelay,
  type Link,
  type LinkEvent,
  type LinkVersion,
  OcppCallError,
  startLink as startSharedLink,
} from '@evse/ocppj';
import WebSocket from 'ws';
import type { Request } from '../wire/messages.js';
import type { RpcEndpointImpl } from '../wire/rpc.js';
import { type Ctx, OWN_PAYLOAD, report, syncClock } from './context.js';

export type { Link } from '@evse/ocppj';

/** What the link needs from the rest of the charge point. */
export interface LinkHooks {
  /** Register the CS→CP handlers on a new endpoint. */
  install(ep: RpcEndpointImpl): void;
  /** The endpoint is ready for requests (or null: it went away). */
  setReady(ep: RpcEndpointImpl | null): void;
  /** After every Accepted boot/reconnect: status, queue flush. */
  onReady(): void;
}

/** OCPP 1.5 for the shared link (one per charge point). */
class Ocpp15Link implements LinkVersion<RpcEndpointImpl> {
  readonly #ctx: Ctx;
  readonly #hooks: LinkHooks;
  readonly subprotocols: readonly string[];
  /** heartbeatInterval of an Accepted boot not yet announced. */
  #accepted: number | null = null;

  constructor(ctx: Ctx, hooks: LinkHooks) {
    this.#ctx = ctx;
    this.#hooks = hooks;
    this.subprotocols = [ctx.version.subprotocol];
  }

  get opts(): Ctx['opts'] {
    return this.#ctx.opts;
  }

  endpoint(ws: WebSocket): RpcEndpointImpl {
    return this.#ctx.version.endpoint(ws, this.#ctx.opts.callTimeoutMs ?? 30_000);
  }

  install(ep: RpcEndpointImpl): void {
    this.#hooks.install(ep);
  }

  setReady(ep: RpcEndpointImpl | null): void {
    this.#hooks.setReady(ep);
    // 'booted' Accepted is announced once the link is ready for requests.
    if (ep && this.#accepted !== null) {
      this.#ctx.emit({ type: 'booted', status: 'Accepted', heartbeatInterval: this.#accepted });
      this.#accepted = null;
    }
  }

  onReady(): void {
    this.#hooks.onReady();
  }

  emit(event: LinkEvent): void {
    this.#ctx.emit(event);
  }

  heartbeatMs(): number {
    return this.#ctx.config.seconds('HeartBeatInterval') * 1000;
  }

  heartbeat(ep: RpcEndpointImpl): void {
    const ctx = this.#ctx;
    ep.call('Heartbeat', {}, OWN_PAYLOAD).then(
      (conf) => syncClock(ctx, conf.currentTime),
      (error: unknown) => report(ctx, error),
    );
  }

  // chargePointVendor/Model are checked by createChargePoint (≤ 20 UTF-16 units, so ≤ 20 code
  // points); serial and firmware are cut to their maxLength: valid by construction.

  /** BootNotification until Accepted, honouring the interval of a Rejected answer. */
  async boot(ep: RpcEndpointImpl, control: BootControl): Promise<boolean> {
    const ctx = this.#ctx;
    const { opts } = ctx;
    let failures = 0;
    while (!control.closed() && ep.readyState === WebSocket.OPEN) {
      try {
        const conf = await ep.call('BootNotification', await bootPayload(ctx), OWN_PAYLOAD);
        syncClock(ctx, conf.currentTime);
        const interval = ctx.version.bootInterval(conf);
        if (conf.status === 'Accepted') {
          // 0 (or less) keeps the current HeartBeatInterval rather than stopping Heartbeats:
          // they sync the clock (STEVE.md §5.2, "0 → pick a sensible value yourself").
          if (interval > 0) ctx.config.set('HeartBeatInterval', String(interval));
          this.#accepted = interval;
          return true; // 'booted' is emitted once the link is ready for requests
        }
        // Rejected (or 1.6's Pending: the same wait, OCPP 1.6 §4.2).
        ctx.emit({ type: 'booted', status: conf.status, heartbeatInterval: interval });
        // Rejected: stay quiet for the interval before trying again (0 → our own back-off;
        // STEVE.md §5.2). The wait holds any int32-seconds interval (long-timer.ts).
        await control.pause(interval > 0 ? interval * 1000 : (opts.bootRetryMs ?? 30_000));
      } catch (error) {
        if (ep.readyState !== WebSocket.OPEN) return false;
        report(ctx, error);
        await control.pause(
          error instanceof OcppCallError ? (opts.bootRetryMs ?? 30_000) : backoffDelay(failures++),
        );
      }
    }
    return false;
  }
}

/** BootNotification.req (the same fields in 1.5 and 1.6), from the options and `$GV`/`$GI`. */
export async function bootPayload(ctx: Ctx): Promise<Request<'BootNotification'>> {
  const { opts } = ctx;
  const info = await ctx.station.info().catch(() => null);
  return {
    chargePointVendor: opts.vendor,
    chargePointModel: opts.model,
    ...(info?.serial ? { chargePointSerialNumber: info.serial.slice(0, 25) } : {}),
    ...(info
      ? { firmwareVersion: `${info.firmwareVersion} RAPI ${info.protocolVersion}`.slice(0, 50) }
      : {}),
  };
}

/**
 * Run the connection loop. `hooks.install` registers the CS→CP handlers on each new
 * endpoint; `hooks.onReady` runs after every Accepted boot/reconnect (status, queue flush).
 */
export function startLink(ctx: Ctx, hooks: LinkHooks): Link {
  return startSharedLink(new Ocpp15Link(ctx, hooks));
}
