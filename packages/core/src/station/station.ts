/**
 * The `Station` implementation: the mirror plus meter, commands, background resyncs and
 * close. One class, so a fleet of stations shares its methods; streams nobody asked for are
 * never made (RxJS Subjects and pipelines are built on first access).
 */
import {
  AsyncSubject,
  asyncScheduler,
  catchError,
  EMPTY,
  exhaustMap,
  from,
  type Observable,
  type SchedulerAction,
  Subject,
  type Subscription,
  share,
  takeUntil,
  timer,
} from 'rxjs';
import { createRapiClient } from '../rapi/client.js';
import type { CurrentMode } from '../rapi/client-helpers.js';
import { RapiError } from '../rapi/errors.js';
import type { RapiFrame } from '../rapi/frame.js';
import type { Transport } from '../transport.js';
import { ControllerMirror } from './controller.js';
import { meterReading, readRawMeter } from './meter.js';
import type { MeterReading, Station, StationInfo, StationOptions } from './types.js';

const asRapiError = (error: unknown): RapiError =>
  error instanceof RapiError
    ? error
    : new RapiError('MALFORMED', error instanceof Error ? error.message : String(error), {
        cause: error,
      });

/** `$GV` as read at start (and kept until the device reboots). */
interface Version {
  readonly firmware: string;
  readonly protocol: string;
}

/** A station over a RAPI client (internal; `createStation` opens one). */
export class StationImpl extends ControllerMirror implements Station {
  readonly #meterIntervalMs: number;
  readonly #resyncIntervalMs: number;
  #frames: Subscription | null = null;
  #timer: Subscription | null = null;
  #closed = false;
  #closing: Promise<void> | undefined = undefined;
  // Exhaust semantics: a trigger while the same kind of resync is running is dropped.
  #rebootResync = false;
  #tickResync = false;
  // `$GV` cannot change without a reboot, which the device announces with `$AB` (RAPI.md §4.1).
  #version: Version | null = null;
  #boots = 0;
  // Created on first access, like the mirror's streams.
  #errors$: Subject<RapiError> | null = null;
  #errorsView: Observable<RapiError> | null = null;
  #clientErrors: Subscription | null = null;
  #meter$: Observable<MeterReading> | null = null;
  #closed$: AsyncSubject<void> | null = null;

  /** Open a station over `transport`: read `$GV`, `$GS` and `$GE`; close it all on failure. */
  static async open(transport: Transport, options: StationOptions): Promise<StationImpl> {
    const station = new StationImpl(transport, options);
    try {
      const boots = station.#boots;
      // `$GV` first: every later exchange is spoken in the dialect it names (FIELD-FIRMWARE.md
      // "Implications" 1); a protocol older than supported is refused with UNSUPPORTED.
      const version = await station.client.probeVersion();
      if (boots === station.#boots) station.#version = version;
      await station.adopt(version);
      await station.resync();
      if (options.probeFeatures) await station.probeFeatures();
    } catch (error) {
      await station.close();
      throw error;
    }
    return station;
  }

  private constructor(transport: Transport, options: StationOptions) {
    const scheduler = options.scheduler ?? asyncScheduler;
    super(
      createRapiClient(transport, options.client ?? {}),
      scheduler,
      options.sleepPollMs ?? 1000,
    );
    this.#meterIntervalMs = options.meterIntervalMs ?? 5000;
    this.#resyncIntervalMs = options.resyncIntervalMs ?? 30_000;
    const frames = this.client.frames$.subscribe({
      next: (frame) => this.#onFrame(frame),
      // The transport ended (port gone, peer closed): nothing more will come, so close too.
      complete: () => void this.close(),
    });
    // The client may have ended while subscribing (then close() already ran).
    if (this.#closed) return;
    this.#frames = frames;
    if (this.#resyncIntervalMs > 0) {
      this.#timer = scheduler.schedule(StationImpl.#tick, this.#resyncIntervalMs, this);
    }
  }

  /** The periodic resync (the ESP32 re-reads `$GS` every 30 s, RAPI.md §2.3). */
  static #tick(this: SchedulerAction<StationImpl>, station?: StationImpl): void {
    if (station === undefined) return;
    if (!station.#tickResync) {
      station.#tickResync = true;
      void station.#quietly(station.resync()).then(() => {
        station.#tickResync = false;
      });
    }
    // biome-ignore lint/complexity/noThisInStatic: rxjs runs scheduled work with the action as `this`
    this.schedule(station, station.#resyncIntervalMs);
  }

  #onFrame(frame: RapiFrame): void {
    this.mirrorFrame(frame);
    if (frame.kind !== 'async' || !isBootFrame(frame.type, frame.fields)) return;
    // `$AB`, or `$ST 00` before RAPI 5 (no `$AB` then): the device rebooted, so everything
    // volatile changed (RAPI.md §4.1).
    this.#boots += 1;
    this.#version = null;
    if (this.#rebootResync) return;
    this.#rebootResync = true;
    void this.#quietly(this.resync()).then(() => {
      this.#rebootResync = false;
    });
  }

  /** `work` with its failure reported instead of thrown. */
  #quietly(work: Promise<unknown>): Promise<unknown> {
    return work.catch((error: unknown) => this.report(error));
  }

  protected report(error: unknown): void {
    // Nobody can be listening before `errors$` was first read.
    this.#errors$?.next(asRapiError(error));
  }

  get errors$(): Observable<RapiError> {
    if (this.#errorsView === null) {
      const subject = new Subject<RapiError>();
      this.#errors$ = subject;
      this.#errorsView = subject.asObservable();
      if (this.#closed) subject.complete();
      else this.#clientErrors = this.client.errors$.subscribe((error) => this.report(error));
    }
    return this.#errorsView;
  }

  get meter$(): Observable<MeterReading> {
    this.#meter$ ??= timer(0, this.#meterIntervalMs, this.scheduler).pipe(
      exhaustMap(() =>
        from(this.readMeter()).pipe(
          catchError((error: unknown) => {
            this.report(error);
            return EMPTY;
          }),
        ),
      ),
      takeUntil(this.#closedSignal()),
      share(),
    );
    return this.#meter$;
  }

  /** Emits once at close (also to late subscribers, so polling never outlives the station). */
  #closedSignal(): Observable<void> {
    if (this.#closed$ === null) {
      const closed$ = new AsyncSubject<void>();
      if (this.#closed) {
        closed$.next();
        closed$.complete();
      }
      this.#closed$ = closed$;
    }
    return this.#closed$;
  }

  async readMeter(): Promise<MeterReading> {
    const raw = await readRawMeter(this.client);
    return meterReading(raw, new Date(this.scheduler.now()));
  }

  async info(): Promise<StationInfo> {
    const boots = this.#boots;
    const version = this.#version ?? (await this.client.getVersion());
    if (boots === this.#boots) this.#version = version;
    let serial: string | null = null;
    try {
      serial = (await this.client.get('GI')).serial || null;
    } catch (error) {
      // `$GI` exists since 7.1.5 (RAPI.md §2.3); older firmware answers `$NK`.
      if (!(error instanceof RapiError && error.code === 'NK')) throw error;
    }
    return { firmwareVersion: version.firmware, protocolVersion: version.protocol, serial };
  }

  enable(): Promise<void> {
    return this.#thenResync(this.client.enable());
  }

  disable(): Promise<void> {
    return this.#thenResync(this.client.disable());
  }

  sleep(): Promise<void> {
    return this.#thenResync(this.client.sleep());
  }

  setCurrent(amps: number, mode: CurrentMode = 'volatile'): Promise<number> {
    return this.client.setCurrent(amps, mode);
  }

  setAuthLock(locked: boolean): Promise<void> {
    return this.client.setAuthLock(locked);
  }

  reset(): Promise<void> {
    return this.client.reset();
  }

  /**
   * Commands whose effect the `$AT` after the reply may not show in full (`$FE` goes through
   * state 00, which is never reported): the ESP32 reads `$GS` after each (RAPI.md §2.3).
   */
  async #thenResync(work: Promise<unknown>): Promise<void> {
    await work;
    await this.resync();
  }

  close(): Promise<void> {
    this.#closing ??= this.#closeOnce();
    return this.#closing;
  }

  async #closeOnce(): Promise<void> {
    this.#closed = true;
    this.#closed$?.next();
    this.#closed$?.complete();
    this.#frames?.unsubscribe();
    this.#timer?.unsubscribe();
    this.stopSleepPoll();
    this.#clientErrors?.unsubscribe();
    this.stopMirror();
    this.#errors$?.complete();
    await this.client.close();
  }
}

/**
 * `$AB`, or the legacy `$ST 00`: firmware before RAPI 5 sends its state, forced, from the
 * controller's init (v3.11.3 and v4.8.0 J1772EvseController.cpp `RapiSendEvseState(0)`), so
 * state 00 is a boot there; a `$ST` to any other state is an ordinary change.
 */
function isBootFrame(type: string, fields: readonly string[]): boolean {
  if (type === 'AB') return true;
  return type === 'ST' && fields.length === 1 && fields[0] === '00';
}
