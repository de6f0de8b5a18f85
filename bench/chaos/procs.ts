/**
 * The chaos run's `evse` processes: the central system (`evse central --db`, killed,
 * restarted, frozen) and one bridge per PTY station (`evse bridge --queue`, killed and
 * restarted). Each is the real command in a child process, started as the CLI tests start it.
 */
import { createServer } from 'node:net';
import { type CliProcess, startCli } from '../../test/support/evse-cli.js';

/** A free loopback port (the central system keeps it across restarts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

/** `evse central --db FILE` on a fixed port. */
export class CentralProc {
  #proc: CliProcess | null = null;
  #frozen = false;
  /** Output of every past life, for the counts. */
  #past = '';
  url = '';
  readonly port: number;
  readonly db: string;
  readonly log: string;
  readonly tags: readonly string[];

  /** With `maxOutput`, only the newest characters of its output are kept (the soak's heap). */
  readonly #maxOutput: number | undefined;

  constructor(
    port: number,
    db: string,
    log: string,
    tags: readonly string[],
    options: { maxOutput?: number } = {},
  ) {
    this.port = port;
    this.db = db;
    this.log = log;
    this.tags = tags;
    this.#maxOutput = options.maxOutput;
  }

  get up(): boolean {
    return this.#proc !== null && !this.#frozen;
  }

  async start(): Promise<void> {
    const proc = startCli(
      [
        'central',
        '--listen',
        `127.0.0.1:${this.port}`,
        '--allow-any',
        '--tags',
        this.tags.join(','),
        '--tag-sessions',
        '100000',
        '--db',
        this.db,
        '--log',
        this.log,
      ],
      {},
      this.#maxOutput === undefined ? {} : { maxOutput: this.#maxOutput },
    );
    this.#proc = proc;
    this.url = (await proc.waitFor(/^OCPP endpoint (ws:\/\/\S+)$/m, 60_000))[1] ?? '';
    await proc.waitFor(/^Data kept in /m, 60_000);
  }

  async #end(signal: NodeJS.Signals): Promise<number | NodeJS.Signals> {
    const proc = this.#proc;
    if (!proc) return 0;
    if (this.#frozen) proc.child.kill('SIGCONT');
    this.#frozen = false;
    const code = await proc.stop(signal);
    this.#past += proc.stdout();
    this.#proc = null;
    return code;
  }

  /** SIGKILL: no shutdown at all (SQLite's WAL must carry what was committed). */
  kill(): Promise<number | NodeJS.Signals> {
    return this.#end('SIGKILL');
  }

  /** A clean stop (SIGINT). */
  stop(): Promise<number | NodeJS.Signals> {
    return this.#end('SIGINT');
  }

  /** SIGSTOP: the socket stays open but nothing is answered (a network black hole). */
  freeze(): void {
    if (this.#proc && !this.#frozen) {
      this.#proc.child.kill('SIGSTOP');
      this.#frozen = true;
    }
  }

  thaw(): void {
    if (this.#proc && this.#frozen) {
      this.#proc.child.kill('SIGCONT');
      this.#frozen = false;
    }
  }

  /** Lines that say a StopTransaction was ignored (unknown or already stopped). */
  ignoredStops(): number {
    return count(this.#past + (this.#proc?.stdout() ?? ''), /StopTransaction.*ignored/gi);
  }
}

/** `evse bridge --port PTY --queue DIR --id-tag TAG` for one station. */
export class BridgeProc {
  #proc: CliProcess | null = null;
  #ready = false;
  #past = '';
  #pastErr = '';
  http = '';
  /** Lives that ended with an exit code of their own (not killed by the harness). */
  crashes: string[] = [];
  /** Start-ups that ended before the bridge was up (its last stderr line each). */
  readonly failedStarts: string[] = [];
  readonly id: string;
  readonly port: string;
  readonly url: () => string;
  readonly queue: string;
  readonly idTag: string;

  constructor(o: { id: string; port: string; url: () => string; queue: string; idTag: string }) {
    this.id = o.id;
    this.port = o.port;
    this.url = o.url;
    this.queue = o.queue;
    this.idTag = o.idTag;
  }

  /** Running and past its start-up (the gate holds the EVSE asleep from then on). */
  get up(): boolean {
    return this.#ready;
  }

  /**
   * Start the bridge; one that exits during its start-up (a controller that does not answer
   * `$GV` on a damaged line exits 1) is started again after a second, as systemd's
   * Restart=always does, and counted.
   */
  async start(): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#startOnce();
      } catch (error) {
        if (this.#proc !== null || attempt >= 10) throw error;
        this.failedStarts.push((this.#pastErr.trim().split('\n').at(-1) ?? '').slice(0, 200));
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  async #startOnce(): Promise<void> {
    const proc = startCli([
      'bridge',
      '--port',
      this.port,
      '--ocpp',
      this.url(),
      '--id',
      this.id,
      '--queue',
      this.queue,
      '--id-tag',
      this.idTag,
      '--http',
      '127.0.0.1:0',
    ]);
    this.#proc = proc;
    void proc.exit.then((code) => {
      if (this.#proc === proc) {
        const wasUp = this.#ready;
        this.#ready = false;
        this.#past += proc.stdout();
        this.#pastErr += proc.stderr();
        this.#proc = null;
        if (!wasUp) return; // a failed start-up: start() retries it
        this.crashes.push(`${this.id} exited ${code}: ${proc.stderr().trim().slice(-300)}`);
      }
    });
    const m = await Promise.race([
      proc.waitFor(/^Authorize endpoint listening on (http:\S+)\/api\/authorize$/m, 60_000),
      proc.exit.then((code) => {
        throw new Error(`${this.id}: bridge exited ${code} during its start-up`);
      }),
    ]);
    this.http = m[1] ?? '';
    this.#ready = this.#proc === proc;
  }

  async #end(signal: NodeJS.Signals): Promise<number | NodeJS.Signals> {
    const proc = this.#proc;
    if (!proc) return 0;
    this.#proc = null;
    this.#ready = false;
    const code = await proc.stop(signal);
    this.#past += proc.stdout();
    this.#pastErr += proc.stderr();
    return code;
  }

  kill(): Promise<number | NodeJS.Signals> {
    return this.#end('SIGKILL');
  }

  stop(): Promise<number | NodeJS.Signals> {
    return this.#end('SIGINT');
  }

  /** `GET /api/status`: queued messages and the open transaction, or null when down. */
  async status(): Promise<{ queued: number; transaction: unknown } | null> {
    if (!this.#proc) return null;
    try {
      const response = await fetch(`${this.http}/api/status`, {
        signal: AbortSignal.timeout(5000),
      });
      return (await response.json()) as { queued: number; transaction: unknown };
    } catch {
      return null;
    }
  }

  /** Everything this station's bridges printed, all lives. */
  output(): string {
    return this.#past + (this.#proc?.stdout() ?? '');
  }

  stderr(): string {
    return this.#pastErr + (this.#proc?.stderr() ?? '');
  }

  /** Times a bridge got (back) to the central system. */
  connects(): number {
    return count(this.output(), /^OCPP connected to /gm);
  }

  /** Times the serial link came back after a loss. */
  linkBacks(): number {
    return count(this.output(), /: link back \(attempt/g);
  }
}
