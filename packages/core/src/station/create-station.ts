import {
  asyncScheduler,
  catchError,
  distinctUntilChanged,
  EMPTY,
  exhaustMap,
  filter,
  from,
  type Observable,
  Subject,
  Subscription,
  share,
  takeUntil,
  timer,
} from 'rxjs';
import { createRapiClient } from '../rapi/client.js';
import { RapiError } from '../rapi/errors.js';
import type { Transport } from '../transport.js';
import { meterReading, readRawMeter } from './meter.js';
import { startMirror } from './mirror.js';
import { sameStatus } from './status.js';
import type { MeterReading, Station, StationOptions } from './types.js';

const asRapiError = (error: unknown): RapiError =>
  error instanceof RapiError
    ? error
    : new RapiError('MALFORMED', error instanceof Error ? error.message : String(error), {
        cause: error,
      });

/**
 * Open a `Station` over `transport`: a RAPI client plus a mirror of the device's state.
 * Resolves once `$GV`, `$GS` and `$GE` have been read; if that fails the client (and, by
 * default, the transport) is closed and the `RapiError` is thrown.
 * @example
 * const station = await createStation(transport);
 * station.status$.subscribe((s) => console.log(s.state));
 */
export async function createStation(
  transport: Transport,
  options: StationOptions = {},
): Promise<Station> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const meterIntervalMs = options.meterIntervalMs ?? 5000;
  const resyncIntervalMs = options.resyncIntervalMs ?? 30_000;
  const now = () => new Date(scheduler.now());
  const client = createRapiClient(transport, options.client ?? {});
  const errors$ = new Subject<RapiError>();
  const closed$ = new Subject<void>();
  const report = (error: unknown) => errors$.next(asRapiError(error));
  const mirror = startMirror(client, report, now);
  const background = new Subscription();
  let closing: Promise<void> | undefined;

  const quietly = <T>(work: () => Promise<T>): Observable<T> =>
    from(work()).pipe(
      catchError((error: unknown) => {
        report(error);
        return EMPTY;
      }),
    );

  // `$AB`: the device rebooted, so everything volatile changed (RAPI.md §4.1).
  background.add(
    client.events$
      .pipe(
        filter((f) => f.type === 'AB'),
        exhaustMap(() => quietly(mirror.resync)),
      )
      .subscribe(),
  );
  if (resyncIntervalMs > 0) {
    background.add(
      timer(resyncIntervalMs, resyncIntervalMs, scheduler)
        .pipe(exhaustMap(() => quietly(mirror.resync)))
        .subscribe(),
    );
  }
  background.add(client.errors$.subscribe(report));
  // The transport ended (port gone, peer closed): nothing more will come, so close too.
  background.add(client.frames$.subscribe({ complete: () => void close() }));

  const readMeter = async (): Promise<MeterReading> =>
    meterReading(await readRawMeter(client), now());

  const close = (): Promise<void> => {
    closing ??= (async () => {
      closed$.next();
      closed$.complete();
      background.unsubscribe();
      mirror.stop();
      errors$.complete();
      await client.close();
    })();
    return closing;
  };

  // Commands whose effect the `$AT` after the reply may not show in full (`$FE` goes through
  // state 00, which is never reported): the ESP32 reads `$GS` after each (RAPI.md §2.3).
  const thenResync = async (work: Promise<unknown>): Promise<void> => {
    await work;
    await mirror.resync();
  };

  try {
    await client.getVersion();
    await mirror.resync();
  } catch (error) {
    await close();
    throw error;
  }

  return {
    status$: mirror.status$.pipe(distinctUntilChanged(sameStatus)),
    getStatus: () => mirror.status$.getValue(),
    transitions$: mirror.transitions$.asObservable(),
    meter$: timer(0, meterIntervalMs, scheduler).pipe(
      exhaustMap(() => quietly(readMeter)),
      takeUntil(closed$),
      share(),
    ),
    errors$: errors$.asObservable(),
    readMeter,
    info: async () => {
      const version = await client.getVersion();
      let serial: string | null = null;
      try {
        serial = (await client.get('GI')).serial || null;
      } catch (error) {
        // `$GI` exists since 7.1.5 (RAPI.md §2.3); older firmware answers `$NK`.
        if (!(error instanceof RapiError && error.code === 'NK')) throw error;
      }
      return { firmwareVersion: version.firmware, protocolVersion: version.protocol, serial };
    },
    enable: () => thenResync(client.enable()),
    disable: () => thenResync(client.disable()),
    sleep: () => thenResync(client.sleep()),
    setCurrent: (amps, mode = 'volatile') => client.setCurrent(amps, mode),
    setAuthLock: (locked) => client.setAuthLock(locked),
    reset: () => client.reset(),
    resync: () => mirror.resync(),
    actor: mirror.actor,
    client,
    close,
  };
}
