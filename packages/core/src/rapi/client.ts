/**
 * The host side of RAPI over any `Transport`: one command in flight, replies matched to
 * requests, async frames on their own stream (RAPI.md §1.7, §1.10, §5).
 */
import {
  asyncScheduler,
  filter,
  map,
  type Observable,
  type SchedulerLike,
  Subject,
  type Subscription,
  share,
} from 'rxjs';
import type { Transport } from '../transport.js';
import type { ChecksumKind } from './checksum.js';
import { createHelpers, type RapiClientHelpers } from './client-helpers.js';
import { RapiError } from './errors.js';
import {
  type ExchangeOutcome,
  type ExchangeRequest,
  exchangeQueue,
  type IncomingLine,
} from './exchange.js';
import {
  encodeCommand,
  parseLine,
  type RapiAsyncFrame,
  type RapiFrame,
  type RapiReplyFrame,
} from './frame.js';
import { splitLines } from './lines.js';

/** Options for `createRapiClient`. */
export interface RapiClientOptions {
  /** Per-command reply timeout in ms (the ESP32 library uses 500, RAPI.md §1.12). @default 2000 */
  readonly timeoutMs?: number;
  /** Send a sequence id (1–255, cycling) with every command and match replies by it (RAPI.md §1.4). @default false */
  readonly useSequenceIds?: boolean;
  /** Checksum appended to commands. @default 'xor' */
  readonly checksum?: ChecksumKind | 'none';
  /** Clock for timeouts and `traffic$` timestamps. @default asyncScheduler */
  readonly scheduler?: SchedulerLike;
  /** Whether `close()` also closes the transport. @default true */
  readonly closeTransport?: boolean;
  /** Longest partial line buffered (see `splitLines`). @default 128 */
  readonly maxLineLength?: number;
}

/** Per-request options. */
export interface RequestOptions {
  /** Overrides the client's `timeoutMs` for this command. */
  readonly timeoutMs?: number;
}

/** One line on the wire, as seen by the client (`line` without its terminator). */
export interface TrafficEntry {
  readonly direction: 'tx' | 'rx';
  readonly line: string;
  /** `scheduler.now()` when the line was sent or received (ms since the epoch by default). */
  readonly at: number;
}

/** A successful (`$OK`) reply. */
export type RapiReply = RapiReplyFrame;

/** The untyped core of a RAPI client; `RapiClient` adds the table-driven helpers. */
export interface RapiClientCore {
  /**
   * Send `$<cmd> <params…>` and resolve with its `$OK` reply. Rejects with `RapiError`:
   * `NK` (the reply is on `error.reply`), `TIMEOUT`, `CHECKSUM`, `CLOSED`, `TRANSPORT`,
   * `TOO_LONG`/`MALFORMED` (not sent: the firmware would drop or refuse it).
   */
  request(
    cmd: string,
    params?: readonly (string | number)[],
    options?: RequestOptions,
  ): Promise<RapiReply>;
  /** Send a command that never answers (`$FR`): resolves once written, in queue order. */
  send(cmd: string, params?: readonly (string | number)[], options?: RequestOptions): Promise<void>;
  /** Every frame received, replies and async alike. Hot: subscribe before you need it. */
  readonly frames$: Observable<RapiFrame>;
  /** Async frames (`$AT $AB $AN $WF $ST`), including those arriving between a request and its reply. */
  readonly events$: Observable<RapiAsyncFrame>;
  /** Every line sent and received. Received lines are those `splitLines` yields (noise dropped). */
  readonly traffic$: Observable<TrafficEntry>;
  /** Received lines that are not frames (garbage, bad checksum, too long). The client keeps going. */
  readonly errors$: Observable<RapiError>;
  /** Stop: pending and queued requests reject with `CLOSED`, streams complete. Idempotent. */
  close(): Promise<void>;
}

interface Job extends ExchangeRequest {
  settle(outcome: { reply: RapiReplyFrame | null } | { error: RapiError }): void;
}

/** Create the untyped client core over `transport` (use `createRapiClient` for the full client). */
export function createRapiClientCore(
  transport: Transport,
  options: RapiClientOptions = {},
): RapiClientCore {
  const scheduler = options.scheduler ?? asyncScheduler;
  const timeoutMs = options.timeoutMs ?? 2000;
  const checksumKind = options.checksum ?? 'xor';
  const traffic$ = new Subject<TrafficEntry>();
  const incoming$ = new Subject<IncomingLine>();
  const jobs$ = new Subject<Job>();
  const pending = new Set<Job>();
  let nextSeq = 1;
  let closed = false;
  let closing: Promise<void> | undefined;

  const subscriptions: Subscription[] = [];
  subscriptions.push(
    jobs$
      .pipe(exchangeQueue<Job>(incoming$, (line) => writeLine(line), scheduler))
      .subscribe((outcome: ExchangeOutcome<Job>) => outcome.request.settle(outcome)),
  );
  subscriptions.push(
    transport.data$.pipe(splitLines({ maxLength: options.maxLineLength ?? 128 })).subscribe({
      next: (line) => {
        traffic$.next({ direction: 'rx', line, at: scheduler.now() });
        incoming$.next({ line, result: parseLine(line, { origin: 'device' }) });
      },
      error: (cause: unknown) => shutdown(new RapiError('CLOSED', 'transport failed', { cause })),
      complete: () => shutdown(new RapiError('CLOSED', 'transport closed')),
    }),
  );

  async function writeLine(line: string): Promise<void> {
    traffic$.next({ direction: 'tx', line: line.slice(0, -1), at: scheduler.now() });
    await transport.write(line);
  }

  function enqueue(
    cmd: string,
    params: readonly (string | number)[],
    opts: RequestOptions,
    expectReply: boolean,
  ): Promise<RapiReplyFrame | null> {
    if (closed) return Promise.reject(new RapiError('CLOSED', 'client is closed'));
    let line: string;
    let seq: number | undefined;
    try {
      if (options.useSequenceIds) seq = nextSeq;
      line = encodeCommand(
        cmd,
        params,
        seq === undefined ? { checksum: checksumKind } : { checksum: checksumKind, seq },
      );
    } catch (error) {
      return Promise.reject(error);
    }
    if (seq !== undefined) nextSeq = nextSeq === 0xff ? 1 : nextSeq + 1;
    return new Promise((resolve, reject) => {
      const job: Job = {
        line,
        ...(seq === undefined ? {} : { seq }),
        expectReply,
        timeoutMs: opts.timeoutMs ?? timeoutMs,
        settle: (outcome) => {
          if (!pending.delete(job)) return;
          if ('error' in outcome) reject(outcome.error);
          else resolve(outcome.reply);
        },
      };
      pending.add(job);
      jobs$.next(job);
    });
  }

  function shutdown(reason: RapiError): void {
    if (closed) return;
    closed = true;
    for (const s of subscriptions) s.unsubscribe();
    for (const job of [...pending]) job.settle({ error: reason });
    jobs$.complete();
    incoming$.complete();
    traffic$.complete();
  }

  const frames$ = incoming$.pipe(
    map((item) => item.result),
    filter((r) => r.ok),
    map((r) => r.frame),
    share(),
  );

  return {
    request: async (cmd, params = [], opts = {}) => {
      const reply = await enqueue(cmd, params, opts, true);
      if (reply === null) throw new RapiError('MALFORMED', `no reply to ${cmd}`);
      return reply;
    },
    send: async (cmd, params = [], opts = {}) => {
      await enqueue(cmd, params, opts, false);
    },
    frames$,
    events$: frames$.pipe(filter((f): f is RapiAsyncFrame => f.kind === 'async')),
    traffic$: traffic$.asObservable(),
    errors$: incoming$.pipe(
      map((item) => item.result),
      filter((r) => !r.ok),
      map((r) => r.error),
    ),
    close: () => {
      closing ??= (async () => {
        shutdown(new RapiError('CLOSED', 'client closed'));
        if (options.closeTransport ?? true) await transport.close();
      })();
      return closing;
    },
  };
}

/** A RAPI client: the core (`request`, streams, `close`) plus the table-driven helpers. */
export interface RapiClient extends RapiClientCore, RapiClientHelpers {}

/**
 * Create a RAPI client over an open transport. It subscribes to `transport.data$` at once.
 * @example const client = createRapiClient(transport); const { evseState } = await client.getState();
 */
export function createRapiClient(
  transport: Transport,
  options: RapiClientOptions = {},
): RapiClient {
  const core = createRapiClientCore(transport, options);
  return { ...core, ...createHelpers(core) };
}
