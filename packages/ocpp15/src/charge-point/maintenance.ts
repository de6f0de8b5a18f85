import { LongTimer } from '@evse/ocppj';
import type { Connector } from './connector.js';
import { type Ctx, isoNow, now, OWN_PAYLOAD, report } from './context.js';

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

/** What maintenance needs from the rest of the charge point. */
export interface MaintenanceHooks {
  reboot(): void;
  statusChanged(): void;
}

/** A delayed job of {@link MaintenanceImpl}: removes itself from the set, then runs. */
interface Later {
  readonly owner: MaintenanceImpl;
  readonly fn: () => void;
  timer: LongTimer<Later> | null;
}
const runLater = (job: Later): void => job.owner.ran(job);

/** Availability, reset, diagnostics, firmware: a class with its timer set made on first use. */
class MaintenanceImpl implements Maintenance {
  readonly #ctx: Ctx;
  readonly #connector: Connector;
  readonly #hooks: MaintenanceHooks;
  #timers: Set<Later> | null = null;
  #scheduled = false;

  constructor(ctx: Ctx, connector: Connector, hooks: MaintenanceHooks) {
    this.#ctx = ctx;
    this.#connector = connector;
    this.#hooks = hooks;
  }

  #later(ms: number, fn: () => void): void {
    const job: Later = { owner: this, fn, timer: null };
    this.#timers ??= new Set();
    this.#timers.add(job);
    job.timer = new LongTimer(runLater, job, ms);
  }

  /** A delayed job's time came (internal). */
  ran(job: Later): void {
    this.#timers?.delete(job);
    job.fn();
  }

  #send(
    action: 'FirmwareStatusNotification' | 'DiagnosticsStatusNotification',
    status: string,
  ): void {
    const ep = this.#ctx.ready;
    if (!ep) return; // 1.5 does not queue these; the CS may ask again
    ep.call(action, { status } as never, OWN_PAYLOAD).catch((e: unknown) => report(this.#ctx, e));
  }

  #persistedInoperative(): boolean {
    const a = this.#ctx.store.get().availability;
    return a['0'] === 'Inoperative' || a['1'] === 'Inoperative';
  }

  inoperative(): boolean {
    return this.#persistedInoperative() && !this.#scheduled;
  }

  changeAvailability(
    connectorId: number,
    type: 'Operative' | 'Inoperative',
  ): 'Accepted' | 'Rejected' | 'Scheduled' {
    if (connectorId !== 0 && connectorId !== 1) return 'Rejected';
    this.#ctx.store.update((s) => {
      s.availability[String(connectorId)] = type;
    });
    if (type === 'Inoperative' && this.#connector.current()) {
      this.#scheduled = true; // applied when the transaction ends (1.5 §5.2)
      return 'Scheduled';
    }
    this.applyAvailability();
    return 'Accepted';
  }

  applyAvailability(): void {
    this.#scheduled = false;
    // Inoperative withdraws the OCPP claim's permission to charge; the arbiter holds the EVSE
    // asleep (no $FD/$FE of our own: the arbiter is the one path, FIELD-FIRMWARE.md §1).
    this.#connector.regate();
    this.#connector.evaluate(this.#ctx.station.getStatus());
    this.#hooks.statusChanged();
  }

  afterTransaction(): void {
    if (this.#scheduled) this.applyAvailability();
  }

  reset(kind: 'Hard' | 'Soft'): void {
    const ctx = this.#ctx;
    ctx.emit({ type: 'reset', kind });
    // Answer first, then act (the .conf must leave before the socket closes).
    this.#later(50, () => {
      void (async () => {
        await this.#connector.stop('Reset').catch((e: unknown) => report(ctx, e));
        await ctx.station.reset().catch((e: unknown) => report(ctx, e)); // $FR
        this.#hooks.reboot();
      })();
    });
  }

  diagnostics(location: string): string {
    const ctx = this.#ctx;
    const fileName = `diagnostics-${ctx.opts.chargeBoxId}-${isoNow(ctx).replace(/[:.]/g, '')}.json`;
    this.#later(0, () => {
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
          ctx.emit({ type: 'diagnostics', status, fileName });
          this.#send('DiagnosticsStatusNotification', status);
        })
        .catch((e: unknown) => report(ctx, e));
    });
    return fileName;
  }

  updateFirmware(location: string, retrieveDate: string, retries: number): void {
    const ctx = this.#ctx;
    const delay = Math.max(0, Date.parse(retrieveDate) - now(ctx).getTime());
    const attempt = (left: number): void => {
      const download = isHttp(location)
        ? fetch(location).then(async (r) => r.ok && (await r.arrayBuffer()).byteLength > 0)
        : Promise.resolve(false);
      download
        .catch(() => false)
        .then((ok) => {
          if (!ok && left > 1) {
            this.#later(1000, () => attempt(left - 1));
            return;
          }
          const first = ok ? 'Downloaded' : 'DownloadFailed';
          ctx.emit({ type: 'firmware', status: first });
          this.#send('FirmwareStatusNotification', first);
          if (!ok) return;
          // RAPI has no firmware upload: the OpenEVSE controller is flashed over ISP or its
          // bootloader, so the image cannot be installed from here.
          ctx.emit({ type: 'firmware', status: 'InstallationFailed' });
          this.#send('FirmwareStatusNotification', 'InstallationFailed');
        })
        .catch((e: unknown) => report(ctx, e));
    };
    // A retrieveDate months ahead must wait that long, not fire early (long-timer.ts).
    this.#later(delay, () => attempt(Math.max(1, retries)));
  }

  close(): void {
    const timers = this.#timers;
    if (!timers) return;
    for (const job of timers) job.timer?.cancel();
    timers.clear();
  }
}

/** Create the availability/reset/diagnostics/firmware part (internal). */
export function createMaintenance(
  ctx: Ctx,
  connector: Connector,
  hooks: MaintenanceHooks,
): Maintenance {
  return new MaintenanceImpl(ctx, connector, hooks);
}
