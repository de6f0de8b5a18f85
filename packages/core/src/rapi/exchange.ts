/**
 * Request/reply correlation as RxJS pipelines (STYLE.md §2.5): one command in flight, the
 * reply matched by sequence id when one was sent, a per-command timeout. Pure: the clock is
 * a scheduler and writing is a function, so marble tests drive it with virtual time.
 */
import {
  catchError,
  concatMap,
  defer,
  endWith,
  filter,
  from,
  ignoreElements,
  map,
  merge,
  type Observable,
  type ObservableInput,
  type OperatorFunction,
  of,
  type SchedulerLike,
  take,
  throwError,
  timeout,
} from 'rxjs';
import { TransportClosedError } from '../transport.js';
import { RapiError } from './errors.js';
import type { ParseResult, RapiReplyFrame } from './frame.js';

/** A received line and what `parseLine` made of it. */
export interface IncomingLine {
  readonly line: string;
  readonly result: ParseResult;
}

/** One command to send. */
export interface ExchangeRequest {
  /** The encoded command, CR included. */
  readonly line: string;
  /** The sequence id sent in `line`, if any: only a reply echoing it matches. */
  readonly seq?: number;
  /** `false` for `$FR`, which never answers (RAPI.md §2.1): done once written. */
  readonly expectReply: boolean;
  readonly timeoutMs: number;
}

/** What became of one request: its reply (`null` when none was expected) or an error. */
export type ExchangeOutcome<R extends ExchangeRequest> =
  | { readonly request: R; readonly reply: RapiReplyFrame | null }
  | { readonly request: R; readonly error: RapiError };

/** Writes one line; its completion (or resolution) means "handed to the peer". */
export type WriteLine = (line: string) => ObservableInput<unknown>;

const CORRUPT_REPLY = /^\$[ON]K(?:[ ^*]|$)/;

/**
 * Send one request and wait for its reply. The reply subscription is opened before writing,
 * so a device that answers before `write` resolves is still heard. Matching rules:
 * - with a sequence id: a reply echoing it; or a bare `$NK` without id, which is how the
 *   firmware answers a command that failed its checksum (RAPI.md §1.4, §1.8);
 *   replies carrying another id are ignored (late answers to timed-out requests).
 * - without: the first reply without a sequence id.
 * - a line that looks like `$OK`/`$NK` but fails its checksum fails the request with
 *   `CHECKSUM` at once when no sequence id is used (it can only be our reply); with sequence
 *   ids it is ignored, since its id cannot be trusted, and the request times out.
 * Async frames, echoed commands and garbage never match.
 */
export function exchange(
  request: ExchangeRequest,
  incoming$: Observable<IncomingLine>,
  write: WriteLine,
  scheduler: SchedulerLike,
): Observable<RapiReplyFrame | null> {
  const command = request.line.slice(0, -1);
  const written$ = defer(() => from(write(request.line))).pipe(
    catchError((error: unknown) => throwError(() => writeError(error, command))),
  );
  const reply$ = incoming$.pipe(
    map((item) => matchReply(item, request.seq, command)),
    filter((m): m is RapiReplyFrame | RapiError => m !== null),
    take(1),
    map((m) => {
      if (m instanceof RapiError) throw m;
      if (!m.ok)
        throw new RapiError('NK', `${command} answered $NK`, { request: command, reply: m });
      return m;
    }),
  );
  const done$: Observable<RapiReplyFrame | null> = request.expectReply
    ? merge(reply$, written$.pipe(ignoreElements()))
    : written$.pipe(ignoreElements(), endWith(null));
  return done$.pipe(
    take(1),
    timeout({
      first: request.timeoutMs,
      scheduler,
      with: () =>
        throwError(
          () =>
            new RapiError(
              'TIMEOUT',
              `${request.expectReply ? 'no reply to' : 'could not send'} ${command} within ${request.timeoutMs} ms`,
              { request: command },
            ),
        ),
    }),
  );
}

/** Run requests one at a time, in order, turning each into an outcome (never an error). */
export function exchangeQueue<R extends ExchangeRequest>(
  incoming$: Observable<IncomingLine>,
  write: WriteLine,
  scheduler: SchedulerLike,
): OperatorFunction<R, ExchangeOutcome<R>> {
  return (requests$) =>
    requests$.pipe(
      concatMap((request) =>
        exchange(request, incoming$, write, scheduler).pipe(
          map((reply): ExchangeOutcome<R> => ({ request, reply })),
          catchError((error: unknown) =>
            of<ExchangeOutcome<R>>({ request, error: asRapiError(error, request) }),
          ),
        ),
      ),
    );
}

function matchReply(
  item: IncomingLine,
  seq: number | undefined,
  command: string,
): RapiReplyFrame | RapiError | null {
  const { result } = item;
  if (result.ok) {
    const frame = result.frame;
    if (frame.kind !== 'reply') return null;
    if (seq === undefined) return frame.seq === undefined ? frame : null;
    if (frame.seq === seq) return frame;
    return frame.seq === undefined && !frame.ok ? frame : null;
  }
  if (seq === undefined && result.error.code === 'CHECKSUM' && CORRUPT_REPLY.test(item.line)) {
    return new RapiError('CHECKSUM', `reply to ${command} failed its checksum`, {
      cause: result.error,
      line: item.line,
      request: command,
    });
  }
  return null;
}

function writeError(error: unknown, command: string): RapiError {
  if (error instanceof RapiError) return error;
  return error instanceof TransportClosedError
    ? new RapiError('CLOSED', `transport closed while sending ${command}`, {
        cause: error,
        request: command,
      })
    : new RapiError('TRANSPORT', `transport failed to send ${command}`, {
        cause: error,
        request: command,
      });
}

function asRapiError(error: unknown, request: ExchangeRequest): RapiError {
  return error instanceof RapiError ? error : writeError(error, request.line.slice(0, -1));
}
