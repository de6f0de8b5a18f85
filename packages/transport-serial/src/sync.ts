import { catchError, defer, map, type Observable, of, retry, switchMap, timer } from 'rxjs';
import type { ReconnectedEvent } from './connection.js';

/** Anything that can re-read the device state: core's `Station` (`resync()` sends `$GS`). */
export interface Resyncable {
  resync(): Promise<unknown>;
}

/** Outcome of one resync after a reconnect. */
export type SyncEvent =
  | {
      readonly type: 'resynced';
      readonly attempt: number;
      readonly tookMs: number;
      readonly at: Date;
    }
  | {
      readonly type: 'resync-failed';
      readonly attempt: number;
      readonly error: unknown;
      readonly at: Date;
    };

/** Options of `keepInSync`. */
export interface KeepInSyncOptions {
  /** Extra tries when a resync fails (device still booting after replug). @default 3 */
  readonly retries?: number;
  /** Pause between tries. @default 300 */
  readonly retryDelayMs?: number;
}

/**
 * After every reconnect of `transport`, call `station.resync()` so the host-side mirror matches
 * the device again (RAPI.md §1.10: `$AT` frames sent while the link was down are lost for
 * good, and only `$GS` tells the current state). Cold: subscribe to start, unsubscribe to
 * stop. A newer reconnect cancels an unfinished resync.
 *
 * @example
 * const sub = keepInSync(station, transport).subscribe((e) => io.status(e));
 */
export function keepInSync(
  station: Resyncable,
  transport: { readonly reconnected$: Observable<ReconnectedEvent> },
  options: KeepInSyncOptions = {},
): Observable<SyncEvent> {
  const { retries = 3, retryDelayMs = 300 } = options;
  return transport.reconnected$.pipe(
    switchMap(({ attempt }) => {
      const started = Date.now();
      return defer(() => station.resync()).pipe(
        retry({ count: retries, delay: () => timer(retryDelayMs) }),
        map(
          (): SyncEvent => ({
            type: 'resynced',
            attempt,
            tookMs: Date.now() - started,
            at: new Date(),
          }),
        ),
        catchError((error: unknown) =>
          of<SyncEvent>({ type: 'resync-failed', attempt, error, at: new Date() }),
        ),
      );
    }),
  );
}
