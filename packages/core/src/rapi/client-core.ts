/**
 * The client core as a class: one command in flight (`ExchangeQueue`), replies matched to
 * requests, async frames on their own stream (RAPI.md §1.7, §1.10, §5).
 *
 * A fleet holds 10,000 clients (issue 8), so the per-instance cost is kept small: methods live
 * on the prototype, the streams are Subjects created on first access (nothing is built for a
 * stream nobody reads), and the transport is read without an operator chain.
 */
import {
  asyncScheduler,
  type Observable,
  type SchedulerLike,
  Subject,
  type Subscription,
} from 'rxjs';
import type { Transport } from '../transport.js';
import type { ChecksumKind } from './checksum.js';
import type {
  RapiClientCore,
  RapiClientOptions,
  RapiReply,
  RequestOptions,
  TrafficEntry,
} from './client.js';
import { DEFAULT_DIALECT, type RapiDialect } from './dialect.js';
import { encodeLine } from './encode-command.js';
import { RapiError } from './errors.js';
import { ExchangeQueue, type ExchangeRequest } from './exchange.js';
import {
  type ParseOptions,
  parseLine,
  type RapiAsyncFrame,
  type RapiFrame,
  type RapiReplyFrame,
} from './frame.js';
import { checkMaxLength, LineSplitter } from './lines.js';

/** Shared defaults, so a call without params or options allocates nothing for them. */
export const NO_PARAMS: readonly (string | number)[] = Object.freeze([]);
export const NO_OPTIONS: RequestOptions = Object.freeze({});
const FROM_DEVICE: ParseOptions = Object.freeze({ origin: 'device' });

class Job implements ExchangeRequest {
  readonly line: string;
  readonly seq: number | undefined;
  readonly expectReply: boolean;
  readonly timeoutMs: number;
  readonly resolve: (reply: RapiReplyFrame | null) => void;
  readonly reject: (error: unknown) => void;

  constructor(
    line: string,
    seq: number | undefined,
    expectReply: boolean,
    timeoutMs: number,
    resolve: (reply: RapiReplyFrame | null) => void,
    reject: (error: unknown) => void,
  ) {
    this.line = line;
    this.seq = seq;
    this.expectReply = expectReply;
    this.timeoutMs = timeoutMs;
    this.resolve = resolve;
    this.reject = reject;
  }
}

/** Reads the transport: splits lines and hands them to the client. */
class LineReader extends LineSplitter {
  readonly #client: RapiClientBase;

  constructor(client: RapiClientBase, maxLength: number) {
    super(maxLength);
    this.#client = client;
  }

  next(chunk: string): void {
    this.push(chunk);
  }

  error(cause: unknown): void {
    this.#client.transportEnded(new RapiError('CLOSED', 'transport failed', { cause }));
  }

  complete(): void {
    this.#client.transportEnded(new RapiError('CLOSED', 'transport closed'));
  }

  protected override onLine(line: string): void {
    this.#client.deviceLine(line);
  }
}

/** `RapiClientCore` over a transport; `RapiClientImpl` (client-helpers.ts) adds the helpers. */
export class RapiClientBase extends ExchangeQueue<Job> implements RapiClientCore {
  readonly #transport: Transport;
  readonly #scheduler: SchedulerLike;
  readonly #timeoutMs: number;
  readonly #checksum: ChecksumKind | 'none';
  readonly #useSequenceIds: boolean;
  readonly #closeTransport: boolean;
  #dialect: RapiDialect;
  // Ids go out when asked for and the dialect echoes them (RAPI ≥ 3.0.0, FIELD-FIRMWARE.md §2).
  #sendSeq: boolean;
  #nextSeq = 1;
  #closed = false;
  #closing: Promise<void> | undefined = undefined;
  #data: Subscription | null = null;
  // Created on first access to the matching stream. frames$, events$ and errors$ hand out
  // the Subject itself, typed as an Observable, as the piped Subjects before them did (an
  // `asObservable()` view costs 72 B each, ×3 streams a Station reads); traffic$ keeps its view.
  #frames: Subject<RapiFrame> | null = null;
  #events: Subject<RapiAsyncFrame> | null = null;
  #errors: Subject<RapiError> | null = null;
  #traffic: Subject<TrafficEntry> | null = null;
  #trafficView: Observable<TrafficEntry> | null = null;

  constructor(transport: Transport, options: RapiClientOptions) {
    const scheduler = options.scheduler ?? asyncScheduler;
    super(scheduler);
    this.#transport = transport;
    this.#scheduler = scheduler;
    this.#timeoutMs = options.timeoutMs ?? 2000;
    this.#checksum = options.checksum ?? 'xor';
    this.#useSequenceIds = Boolean(options.useSequenceIds);
    this.#closeTransport = options.closeTransport ?? true;
    this.#dialect = options.dialect ?? DEFAULT_DIALECT;
    this.#sendSeq = this.#useSequenceIds && this.#dialect.sequenceIds;
    const reader = new LineReader(this, checkMaxLength(options.maxLineLength ?? 128));
    const data = transport.data$.subscribe(reader);
    // The transport may have ended while subscribing.
    if (this.#closed) data.unsubscribe();
    else this.#data = data;
  }

  request(
    cmd: string,
    params: readonly (string | number)[] = NO_PARAMS,
    options: RequestOptions = NO_OPTIONS,
  ): Promise<RapiReply> {
    // A request expecting a reply only resolves with one (ExchangeQueue), never with null.
    return this.#enqueue(cmd, params, options, true) as Promise<RapiReply>;
  }

  send(
    cmd: string,
    params: readonly (string | number)[] = NO_PARAMS,
    options: RequestOptions = NO_OPTIONS,
  ): Promise<void> {
    return this.#enqueue(cmd, params, options, false).then(toVoid);
  }

  get frames$(): Observable<RapiFrame> {
    this.#frames ??= this.#subject();
    return this.#frames;
  }

  get events$(): Observable<RapiAsyncFrame> {
    this.#events ??= this.#subject();
    return this.#events;
  }

  get traffic$(): Observable<TrafficEntry> {
    if (this.#trafficView === null) {
      this.#traffic = this.#subject();
      this.#trafficView = this.#traffic.asObservable();
    }
    return this.#trafficView;
  }

  get errors$(): Observable<RapiError> {
    this.#errors ??= this.#subject();
    return this.#errors;
  }

  get dialect(): RapiDialect {
    return this.#dialect;
  }

  useDialect(dialect: RapiDialect): void {
    this.#dialect = dialect;
    this.#sendSeq = this.#useSequenceIds && dialect.sequenceIds;
  }

  close(): Promise<void> {
    this.#closing ??= this.#closeOnce();
    return this.#closing;
  }

  /** @internal One received line (from `LineReader`). */
  deviceLine(line: string): void {
    if (this.#closed) return;
    const traffic = this.#traffic;
    if (traffic?.observed) traffic.next({ direction: 'rx', line, at: this.#scheduler.now() });
    const result = parseLine(line, FROM_DEVICE);
    if (result.ok) {
      const frame = result.frame;
      this.#frames?.next(frame);
      if (frame.kind === 'async') this.#events?.next(frame);
    } else {
      this.#errors?.next(result.error);
    }
    this.receiveLine(line, result);
  }

  /** @internal The transport's `data$` ended (from `LineReader`). */
  transportEnded(reason: RapiError): void {
    this.#shutdown(reason);
  }

  protected override writeRequest(line: string, at: number): PromiseLike<unknown> {
    const traffic = this.#traffic;
    if (traffic?.observed) traffic.next({ direction: 'tx', line: line.slice(0, -1), at });
    return this.#transport.write(line);
  }

  protected override resolveRequest(job: Job, reply: RapiReplyFrame | null): void {
    job.resolve(reply);
  }

  protected override rejectRequest(job: Job, error: RapiError): void {
    job.reject(error);
  }

  #enqueue(
    cmd: string,
    params: readonly (string | number)[],
    options: RequestOptions,
    expectReply: boolean,
  ): Promise<RapiReplyFrame | null> {
    if (this.#closed) return Promise.reject(new RapiError('CLOSED', 'client is closed'));
    const seq = this.#sendSeq && options.sequenceId !== false ? this.#nextSeq : undefined;
    let line: string;
    let timeoutMs: number;
    try {
      line = encodeLine(cmd, params, this.#checksum, seq);
      timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    } catch (error) {
      return Promise.reject(error);
    }
    // Ids cycle 1–255: 0 means "no id" to the firmware (RAPI.md §1.4).
    if (seq !== undefined) this.#nextSeq = seq === 0xff ? 1 : seq + 1;
    return new Promise((resolve, reject) => {
      this.enqueueRequest(new Job(line, seq, expectReply, timeoutMs, resolve, reject));
    });
  }

  /** A Subject for a stream; already complete when the client is closed. */
  #subject<T>(): Subject<T> {
    const subject = new Subject<T>();
    if (this.#closed) subject.complete();
    return subject;
  }

  async #closeOnce(): Promise<void> {
    this.#shutdown(new RapiError('CLOSED', 'client closed'));
    if (this.#closeTransport) await this.#transport.close();
  }

  /** Stop: pending and queued requests reject with `reason`, streams complete. */
  #shutdown(reason: RapiError): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#data?.unsubscribe();
    this.#data = null;
    for (const job of this.stopQueue()) job.reject(reason);
    this.#frames?.complete();
    this.#events?.complete();
    this.#errors?.complete();
    this.#traffic?.complete();
  }
}

function toVoid(): void {}
