import type { MeterReading, Station } from '@evse/core';
import { type ChargePoint, createChargePoint, type GateLike } from '@evse/ocpp15';
import { type ActiveLimit, createChargePoint16 } from '@evse/ocpp16';
import type { SecurityOptions } from '@evse/ocppj';
import {
  combineLatest,
  distinctUntilChanged,
  filter,
  map,
  type Observable,
  pairwise,
  ReplaySubject,
  type Subscription,
  startWith,
} from 'rxjs';
import { describeError } from '../errors.js';
import { stateLabel } from '../io/format.js';
import type { Output } from '../io/output.js';
import type { OcppVersion } from '../ocpp-version.js';
import { describeChargePointEvent } from './describe.js';

/** Options of `startBridge`. */
export interface StartBridgeOptions {
  readonly station: Station;
  /** The station's started arbiter (`startGate`): the charge point gates charging through it. */
  readonly arbiter: GateLike;
  /** Central system endpoint; the chargeBoxId is appended. */
  readonly url: string;
  readonly chargeBoxId: string;
  /** OCPP security profile 1–3 settings (password, ca, cert, key). @default none */
  readonly security?: SecurityOptions;
  /** The OCPP version spoken (chosen before, see ocpp-version.ts). @default '1.5' */
  readonly version?: OcppVersion;
  /** Durable queue directory. @default in memory */
  readonly dataDir?: string;
  /** Authorize this tag when an EV is plugged in and nobody swiped a card. */
  readonly idTag?: string;
  /** Card swipes (the emulator's `control.swipes$`). */
  readonly swipes$?: Observable<{ idTag: string }>;
  readonly out: Output;
  /** JSON lines instead of text. @default false */
  readonly json?: boolean;
  /** Keep a status line (connection, station, transaction, queue). @default true */
  readonly statusLine?: boolean;
}

/** A running bridge. */
export interface RunningBridge {
  readonly chargePoint: ChargePoint;
  /** The subprotocol of the latest connection (`ocpp1.5`, `ocpp1.6`), replayed to latecomers. */
  readonly protocol$: Observable<string>;
  /** OCPP 1.6 only: the charging limit smart charging applies now (`ChargePoint16.limit$`). */
  readonly limit$?: Observable<ActiveLimit | null>;
  /** Authorize a card (swipe); prints the outcome, never throws. */
  swipe(idTag: string): Promise<void>;
  /** Close the charge point (queue flushed to disk) and stop printing. */
  close(): Promise<void>;
}

const CONNECTION = ['connecting', 'open', 'closing', 'closed'] as const;

/**
 * Make `station` an OCPP 1.5 charge point and show what happens: events as lines, and a live
 * line with the connection, station state, transaction, meter and queue length.
 */
export function startBridge(options: StartBridgeOptions): RunningBridge {
  const { station, out } = options;
  // The same charge point shape in both versions: 1.6 is the 1.5 engine speaking 1.6.
  const cpOptions = {
    url: options.url,
    chargeBoxId: options.chargeBoxId,
    ...options.security,
    station,
    arbiter: options.arbiter,
    vendor: 'OpenEVSE',
    model: 'evse-bridge',
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
  };
  const cp16 = options.version === '1.6' ? createChargePoint16(cpOptions) : null;
  const chargePoint: ChargePoint = cp16 ?? createChargePoint(cpOptions);
  const subscriptions: Subscription[] = [];
  // The dashboard subscribes after the first connection may be up: keep the latest.
  const protocol$ = new ReplaySubject<string>(1);
  subscriptions.push(
    chargePoint.events$
      .pipe(
        filter((e) => e.type === 'connected'),
        map((e) => e.protocol),
      )
      .subscribe(protocol$),
  );
  let lastError: string | null = null;

  subscriptions.push(
    chargePoint.events$.subscribe((event) => {
      if (options.json) {
        out.json(
          event.type === 'error' ? { type: 'error', message: describeError(event.error) } : event,
        );
        return;
      }
      const line = describeChargePointEvent(event);
      // While the central system is unreachable every attempt fails the same way: say it once.
      if (event.type === 'error') {
        if (line === lastError) return;
        lastError = line;
      } else if (event.type === 'connected') {
        lastError = null;
      }
      if (line) out.line(line);
    }),
  );

  const swipe = async (idTag: string): Promise<void> => {
    if (!options.json) out.line(`Card ${idTag} swiped`);
    try {
      await chargePoint.authorize(idTag);
    } catch (error) {
      out.line(`Authorize ${idTag} failed: ${describeError(error)}`);
    }
  };
  if (options.swipes$)
    subscriptions.push(options.swipes$.subscribe(({ idTag }) => void swipe(idTag)));

  // --id-tag: plugging in without a swipe authorizes the fixed tag ("plug and charge").
  const { idTag } = options;
  if (idTag !== undefined) {
    subscriptions.push(
      station.status$
        .pipe(
          map((s) => s.evConnected),
          distinctUntilChanged(),
          pairwise(),
        )
        .subscribe(([before, now]) => {
          if (!before && now && chargePoint.transactions.current() === null) void swipe(idTag);
        }),
    );
  }

  if (!options.json && options.statusLine !== false) {
    subscriptions.push(
      combineLatest([
        chargePoint.state$,
        station.status$,
        station.meter$.pipe(startWith(null as MeterReading | null)),
      ]).subscribe(([connection, status, meter]) => {
        const tx = chargePoint.transactions.current();
        const parts = [
          `OCPP ${CONNECTION[connection]}`,
          `station ${stateLabel(status)}`,
          tx ? `transaction ${tx.transactionId ?? '(pending)'} for ${tx.idTag}` : 'no transaction',
        ];
        if (meter)
          parts.push(
            `${(meter.currentMa / 1000).toFixed(1)} A`,
            `${(meter.sessionWh / 1000).toFixed(3)} kWh`,
          );
        parts.push(`queue ${chargePoint.transactions.queued()}`);
        out.status(
          parts.join(' | '),
          // Off a terminal: a line when the link goes up or down, not for each retry.
          `${connection === 1}|${status.state}|${tx?.transactionId ?? tx?.txRef ?? ''}`,
        );
      }),
    );
  }

  let closing: Promise<void> | null = null;
  return {
    chargePoint,
    protocol$,
    ...(cp16 ? { limit$: cp16.limit$ } : {}),
    swipe,
    close() {
      closing ??= (async () => {
        for (const s of subscriptions) s.unsubscribe();
        out.end();
        await chargePoint.close();
      })();
      return closing;
    },
  };
}
