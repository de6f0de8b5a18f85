import type { Connector } from './connector.js';
import { type Ctx, isoNow, now, report } from './context.js';
import { type CancelTimer, setLongTimeout } from './long-timer.js';

/** Availability, Reset, diagnostics upload and firmware download (internal). */
export interface Maintenance {
  /** ChangeAvailability Inoperative in force for connector 0 or 1. */
  inoperative(): boolean;
  /** Apply ChangeAvailability (persisted); Scheduled while a transaction runs. */
  changeAvailability(
    connectorId: number,
    type: 'Operative' | 'Inoperative',
  ): 'Accepted' | 'Rejected' | 'Scheduled';
  /** Apply the persisted availability to the station (at start and after ChangeAvailability). */
  applyAvailability(): void;
  /** A transaction ended: apply a Scheduled availability change now. */
  afterTransaction(): void;
  /** Reset: end the transaction, `$FR` the station, drop the connection and boot again. */
  reset(kind: 'Hard' | 'Soft'): void;
  /** Start a diagnostics upload; returns the file name. */
  diagnostics(location: string): string;
  /** Schedule a firmware download at `retrieveDate`. */
  updateFirmware(location: string, retrieveDate: string, retries: number): void;
  close(): void;
}

const isHttp = (location: string): boolean => /^https?:\/\//i.test(location);

/** Create the availability/reset/diagnostics/firmware part (internal). */
export function createMaintenance(
  ctx: Ctx,
  connector: Connector,
  hooks: { reboot: () => void; statusChanged: () => void },
): Maintenance {
  const timers = new Set<CancelTimer>();
  const later = (ms: number, fn: () => void): void => {
    const t = setLongTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  const send = (
    action: 'FirmwareStatusNotification' | 'DiagnosticsStatusNotification',
    status: string,
  ): void => {
    const ep = ctx.ready$.value;
    if (!ep) return; // 1.5 does not queue these; the CS may ask again
    ep.call(action, { status } as never).catch((e: unknown) => report(ctx, e));
  };

  const inoperative = (): boolean => {
    const a = ctx.store.get().availability;
    return a['0'] === 'Inoperative' || a['1'] === 'Inoperative';
  };
  let scheduled = false;

  const m: Maintenance = {
    inoperative: () => inoperative() && !scheduled,
    changeAvailability(connectorId, type) {
      if (connectorId !== 0 && connectorId !== 1) return 'Rejected';
      ctx.store.update((s) => {
        s.availability[String(connectorId)] = type;
      });
      if (type === 'Inoperative' && connector.current()) {
        scheduled = true; // applied when the transaction ends (1.5 §5.2)
        return 'Scheduled';
      }
      m.applyAvailability();
      return 'Accepted';
    },
    applyAvailability() {
      scheduled = false;
      const disabled = ctx.station.getStatus().state === 'disabled';
      // Only act on a change: $FE on an enabled station would restart its state machine.
      const run = inoperative()
        ? disabled
          ? null
          : ctx.station.disable()
        : disabled
          ? ctx.station.enable()
          : null;
      if (!run) return hooks.statusChanged();
      run.catch((e: unknown) => report(ctx, e)).finally(hooks.statusChanged);
    },
    afterTransaction() {
      if (scheduled) m.applyAvailability();
    },
    reset(kind) {
      ctx.events.next({ type: 'reset', kind });
      // Answer first, then act (the .conf must leave before the socket closes).
      later(50, () => {
        void (async () => {
          await connector.stop('Reset').catch((e: unknown) => report(ctx, e));
          await ctx.station.reset().catch((e: unknown) => report(ctx, e)); // $FR
          hooks.reboot();
        })();
      });
    },
    diagnostics(location) {
      const fileName = `diagnostics-${ctx.opts.chargeBoxId}-${isoNow(ctx).replace(/[:.]/g, '')}.json`;
      later(0, () => {
        const body = JSON.stringify({
          chargeBoxId: ctx.opts.chargeBoxId,
          at: isoNow(ctx),
          station: ctx.station.getStatus(),
          configuration: ctx.config.list().configurationKey,
          queuedTransactionMessages: ctx.queue.pending,
        });
        const url = `${location.replace(/\/+$/, '')}/${fileName}`;
        const upload = isHttp(location)
          ? fetch(url, {
              method: 'PUT',
              body,
              headers: { 'content-type': 'application/json' },
            }).then((r) => r.ok)
          : Promise.resolve(false); // only http(s) uploads are implemented
        upload
          .catch(() => false)
          .then((ok) => {
            const status = ok ? 'Uploaded' : 'UploadFailed';
            ctx.events.next({ type: 'diagnostics', status, fileName });
            send('DiagnosticsStatusNotification', status);
          })
          .catch((e: unknown) => report(ctx, e));
      });
      return fileName;
    },
    updateFirmware(location, retrieveDate, retries) {
      const delay = Math.max(0, Date.parse(retrieveDate) - now(ctx).getTime());
      const attempt = (left: number): void => {
        const download = isHttp(location)
          ? fetch(location).then(async (r) => r.ok && (await r.arrayBuffer()).byteLength > 0)
          : Promise.resolve(false);
        download
          .catch(() => false)
          .then((ok) => {
            if (!ok && left > 1) return later(1000, () => attempt(left - 1));
            const first = ok ? 'Downloaded' : 'DownloadFailed';
            ctx.events.next({ type: 'firmware', status: first });
            send('FirmwareStatusNotification', first);
            if (!ok) return;
            // RAPI has no firmware upload: the OpenEVSE controller is flashed over ISP or its
            // bootloader, so the image cannot be installed from here.
            ctx.events.next({ type: 'firmware', status: 'InstallationFailed' });
            send('FirmwareStatusNotification', 'InstallationFailed');
          })
          .catch((e: unknown) => report(ctx, e));
      };
      // A retrieveDate months ahead must wait that long, not fire early (long-timer.ts).
      later(delay, () => attempt(Math.max(1, retries)));
    },
    close() {
      for (const cancel of timers) cancel();
      timers.clear();
    },
  };
  return m;
}
