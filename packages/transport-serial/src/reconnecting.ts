import { TransportClosedError } from '@evse/core';
import { ReplaySubject, Subject, type Subscription } from 'rxjs';
import { backoffDelay, type ReconnectOptions, resolveReconnect } from './backoff.js';
import type { ConnectionEvent, ReconnectedEvent, ReconnectingTransport } from './connection.js';
import { lostError, SerialTransportError } from './errors.js';
import type { Connect, Link } from './link.js';

interface PendingWrite {
  reject(error: Error): void;
}

/**
 * Open `connect()` once (rejecting with its error: no half-open object), then keep one
 * `Transport` alive across losses of the underlying link, reopening it with backoff when
 * `reconnect` allows.
 *
 * Partial lines: when a link is lost in the middle of a line, `data$` emits a lone `\r` so a
 * line splitter ends the fragment there instead of gluing it to the first line of the next
 * link (which would corrupt the reply to the resync `$GS`). RAPI.md §1.6: a frame is `$…\r`,
 * and clients skip what does not parse.
 */
export async function openReconnecting(
  endpoint: string,
  connect: Connect,
  reconnectOption: ReconnectOptions | boolean | undefined,
): Promise<ReconnectingTransport> {
  const policy = resolveReconnect(reconnectOption);
  const first = await connect();

  const data$ = new Subject<string>();
  const connection$ = new ReplaySubject<ConnectionEvent>(1);
  const reconnected$ = new Subject<ReconnectedEvent>();
  const pending = new Set<PendingWrite>();
  let connection: ConnectionEvent = { state: 'open', attempt: 0, at: new Date() };
  let link: Link | null = null;
  let linkSub: Subscription | null = null;
  let midLine = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closePromise: Promise<void> | null = null;

  const setConnection = (event: ConnectionEvent): void => {
    connection = event;
    connection$.next(event);
  };
  const rejectPending = (error: Error): void => {
    for (const p of pending) p.reject(error);
    pending.clear();
  };
  const finish = (error: SerialTransportError | null): void => {
    setConnection({ state: 'closed', error, at: new Date() });
    connection$.complete();
    reconnected$.complete();
    data$.complete();
  };

  const attach = (next: Link): void => {
    link = next;
    // Subscribing synchronously after open: see Link (data$ is hot and nothing is lost).
    linkSub = next.data$.subscribe({
      next: (chunk) => {
        if (chunk.length === 0) return;
        midLine = !/[\r\n]$/.test(chunk);
        data$.next(chunk);
      },
      error: (err: unknown) =>
        onLoss(err instanceof SerialTransportError ? err : lostError(endpoint, err)),
      complete: () => onLoss(lostError(endpoint)),
    });
  };

  const onLoss = (error: SerialTransportError): void => {
    if (connection.state !== 'open') return;
    const lostAt = Date.now();
    const dead = link;
    link = null;
    linkSub = null;
    void dead?.close();
    if (midLine) {
      midLine = false;
      data$.next('\r');
    }
    setConnection({ state: 'lost', error, at: new Date(lostAt) });
    rejectPending(error);
    if (policy === null) finish(error);
    else schedule(1, lostAt, null);
  };

  const schedule = (attempt: number, lostAt: number, lastError: SerialTransportError | null) => {
    if (policy === null) return;
    if (attempt > policy.maxAttempts) {
      finish(lastError ?? lostError(endpoint));
      return;
    }
    const delayMs = backoffDelay(policy, attempt);
    setConnection({ state: 'reconnecting', attempt, delayMs, lastError, at: new Date() });
    timer = setTimeout(() => {
      timer = null;
      connect().then(
        (next) => {
          if (closePromise !== null) {
            void next.close();
            return;
          }
          attach(next);
          setConnection({ state: 'open', attempt, at: new Date() });
          reconnected$.next({ attempt, downtimeMs: Date.now() - lostAt, at: new Date() });
        },
        (err: unknown) => {
          if (closePromise !== null) return;
          const error = err instanceof SerialTransportError ? err : lostError(endpoint, err);
          schedule(attempt + 1, lostAt, error);
        },
      );
    }, delayMs);
  };

  attach(first);
  connection$.next(connection);

  const transport: ReconnectingTransport = {
    endpoint,
    data$: data$.asObservable(),
    connection$: connection$.asObservable(),
    reconnected$: reconnected$.asObservable(),
    get connection() {
      return connection;
    },
    write(text: string): Promise<void> {
      if (closePromise !== null || connection.state === 'closed') {
        const cause = connection.state === 'closed' ? connection.error : null;
        return Promise.reject(
          new TransportClosedError(
            `transport to ${endpoint} is closed${cause ? ` (${cause.message})` : ''}`,
            { cause },
          ),
        );
      }
      const current = link;
      if (current === null || connection.state !== 'open') {
        const detail =
          connection.state === 'reconnecting'
            ? `, reconnecting (attempt ${connection.attempt})`
            : '';
        return Promise.reject(
          new SerialTransportError(
            'LOST',
            endpoint,
            `${endpoint} is disconnected${detail}; ${JSON.stringify(text)} was not sent`,
          ),
        );
      }
      return new Promise<void>((resolve, reject) => {
        const entry: PendingWrite = { reject };
        pending.add(entry);
        current.write(text).then(
          () => {
            if (pending.delete(entry)) resolve();
          },
          (err: unknown) => {
            if (pending.delete(entry)) reject(lostError(endpoint, err));
          },
        );
      });
    },
    close(): Promise<void> {
      if (closePromise !== null) return closePromise;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      rejectPending(new TransportClosedError(`transport to ${endpoint} was closed`));
      const current = link;
      link = null;
      linkSub?.unsubscribe();
      linkSub = null;
      closePromise = (current?.close() ?? Promise.resolve()).then(() => {
        if (connection.state !== 'closed') finish(null);
      });
      return closePromise;
    },
  };
  return transport;
}
