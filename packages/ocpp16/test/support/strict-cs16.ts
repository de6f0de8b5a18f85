/**
 * An independent strict OCPP 1.6J central system for testing our charge point: ocpp-rpc
 * 2.2.1's RPCServer in strictMode with protocols ['ocpp1.6'], so every frame both ways is
 * checked against the official 1.6 JSON schemas it ships. Records the CALLs it receives, and
 * every problem: strict-validation failures, bad messages, and any CALLERROR sent or received.
 */
import type { AddressInfo } from 'node:net';
import { RPCServer } from 'ocpp-rpc';

export interface SeenCall16 {
  readonly action: string;
  readonly params: Record<string, unknown>;
}

interface RpcClient16 {
  readonly identity: string;
  on(event: string, listener: (arg: never) => void): void;
  handle(handler: (call: { method: string; params: Record<string, unknown> }) => unknown): void;
  call(method: string, params: unknown): Promise<unknown>;
  close(options?: { force?: boolean }): Promise<unknown>;
}

export interface StrictCs16Options {
  /** Tag → status; unknown tags are Invalid. @default { TAG1: 'Accepted' } */
  readonly tags?: Record<string, 'Accepted' | 'Blocked'>;
  /** BootNotification status for the n-th boot (0-based), and its interval. @default Accepted, 120 s */
  readonly boot?: (n: number) => { status: 'Accepted' | 'Pending' | 'Rejected'; interval: number };
}

/** Start the strict 1.6 central system on 127.0.0.1, port 0. */
export async function startStrictCs16(options: StrictCs16Options = {}) {
  const tags = options.tags ?? { TAG1: 'Accepted' };
  const calls: SeenCall16[] = [];
  const problems: string[] = [];
  let client: RpcClient16 | null = null;
  let nextTx = 100;
  const now = () => new Date().toISOString();
  const info = (idTag: unknown) => ({
    status: tags[String(idTag)] ?? 'Invalid',
  });
  const onClient = (c: RpcClient16) => {
    client = c;
    c.on('close', () => {
      if (client === c) client = null;
    });
    c.on('message', (m: { message: string | Buffer; outbound: boolean }) => {
      const text = String(m.message);
      if (text.startsWith('[4'))
        problems.push(`CALLERROR ${m.outbound ? 'sent' : 'received'}: ${text}`);
    });
    c.on('strictValidationFailure', (e: { error?: Error }) =>
      problems.push(`strict validation: ${e.error?.message ?? String(e)}`),
    );
    c.on('badMessage', (e: { error?: Error }) =>
      problems.push(`bad message: ${e.error?.message ?? String(e)}`),
    );
    c.handle(({ method, params }) => {
      calls.push({ action: method, params });
      switch (method) {
        case 'BootNotification': {
          const n = calls.filter((c) => c.action === 'BootNotification').length - 1;
          const { status, interval } = options.boot?.(n) ?? { status: 'Accepted', interval: 120 };
          return { status, currentTime: now(), interval };
        }
        case 'Heartbeat':
          return { currentTime: now() };
        case 'Authorize':
          return { idTagInfo: info(params['idTag']) };
        case 'StartTransaction':
          return { transactionId: nextTx++, idTagInfo: info(params['idTag']) };
        case 'StopTransaction':
          return params['idTag'] === undefined ? {} : { idTagInfo: info(params['idTag']) };
        case 'DataTransfer':
          return { status: 'UnknownVendorId' };
        default:
          return {};
      }
    });
  };
  const serve = async (port: number) => {
    const s = new (
      RPCServer as unknown as new (
        o: object,
      ) => {
        on(event: 'client', listener: (c: RpcClient16) => void): void;
        listen(port: number, host: string): Promise<import('node:http').Server>;
        close(options?: { force?: boolean }): Promise<unknown>;
      }
    )({ protocols: ['ocpp1.6'], strictMode: true, pingIntervalMs: 0 });
    s.on('client', onClient);
    const http = await s.listen(port, '127.0.0.1');
    return { s, port: (http.address() as AddressInfo).port };
  };
  let { s: server, port } = await serve(0);
  let down = false;
  return {
    url: `ws://127.0.0.1:${port}/ocpp`,
    calls,
    problems,
    of: (action: string) => calls.filter((c) => c.action === action),
    /** A CS→CP CALL to the connected charge point (validated both ways by strict mode). */
    call(action: string, params: object): Promise<Record<string, unknown>> {
      if (!client) throw new Error('no charge point connected');
      return client.call(action, params) as Promise<Record<string, unknown>>;
    },
    connected: () => client !== null,
    /** An outage: the server stops listening and drops the charge point. */
    async outage(): Promise<void> {
      down = true;
      client = null;
      await server.close({ force: true });
    },
    /** The end of an outage: a new server on the same port, with the same records. */
    async restore(): Promise<void> {
      ({ s: server, port } = await serve(port));
      down = false;
    },
    close: () => (down ? Promise.resolve() : server.close({ force: true })),
  };
}

export type StrictCs16 = Awaited<ReturnType<typeof startStrictCs16>>;
