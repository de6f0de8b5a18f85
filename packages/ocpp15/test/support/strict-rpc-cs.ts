// An independent strict central system for testing OUR charge point: ocpp-rpc's RPCServer
// (subprotocol ocpp1.5, strictMode off — ocpp-rpc has no 1.5 schemas) with every incoming
// CALL and every CALLRESULT to our CALLs checked by ajv against the fixtures' 1.5 schemas, and
// the charge-point duties of STEVE.md §5 checked frame by frame. Nothing here shares code
// with src/central/*. Violations are collected in `problems` (tests assert it stays empty)
// and answered the way SteVe ≥3.11 answers them (STEVE.md §1.5).
import type { AddressInfo } from 'node:net';
import { createRPCError } from 'ocpp-rpc';
import { schemaErrors } from './oracle.js';
import { newRpcServer, type RpcClientLike } from './rpc-types.js';

/** A CALL the charge point sent. */
export interface SeenCall {
  readonly action: string;
  readonly params: Record<string, unknown>;
  readonly messageId: string;
  readonly at: number;
}

export interface StrictCsOptions {
  /** BootNotification status for the n-th boot (0-based). @default always Accepted */
  readonly bootStatus?: (n: number) => 'Accepted' | 'Rejected';
  /** heartbeatInterval in BootNotification.conf, s. @default 300 */
  readonly heartbeatInterval?: number;
  /** Tag → status; unknown tags are Invalid. @default { TAG1: 'Accepted' } */
  readonly tags?: Record<string, 'Accepted' | 'Blocked' | 'Expired'>;
  /** ocpp-rpc's WebSocket ping period; it drops a session whose pong is missing. @default 200 */
  readonly pingIntervalMs?: number;
  /** Answer the first N CALLs of an action with CALLERROR InternalError (a DB failure). @default {} */
  readonly failFirst?: Record<string, number>;
  /** A CALL sent the moment each session opens (SteVe may call at any time, STEVE.md §1.6). */
  /** Require HTTP Basic auth with this password (SteVe security profile 1, STEVE.md §1.2). */
  readonly password?: string;
  readonly callOnConnect?: { readonly action: string; readonly params: Record<string, unknown> };
}

const PATH = '/steve/websocket/CentralSystemService';
// SteVe's error codes (STEVE.md §1.5): a CP CALLERROR with any other code closes the socket.
const STEVE_CODES = new Set([
  'NotImplemented',
  'NotSupported',
  'InternalError',
  'ProtocolError',
  'SecurityError',
  'FormationViolation',
  'PropertyConstraintViolation',
  'OccurenceConstraintViolation',
  'TypeConstraintViolation',
  'GenericError',
]);
// STEVE.md §5.2: CP timestamps in UTC with Z and milliseconds.
const UTC_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const CP_ACTIONS = new Set([
  'Authorize',
  'BootNotification',
  'DataTransfer',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'StartTransaction',
  'StatusNotification',
  'StopTransaction',
]);

/** SteVe writes Joda dates: millis + the JVM offset; here +02:00 to exercise the CP's parser. */
export const steveDate = (d = new Date()): string =>
  new Date(d.getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00');

/** Every `timestamp`-like date field in a payload that is not UTC-Z-with-millis. */
function badDates(value: unknown, path: string, out: string[]): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) badDates(v, `${path}[${i}]`, out);
  } else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'timestamp' || k === 'expiryDate') && typeof v === 'string' && !UTC_MS.test(v))
        out.push(`${path}.${k} not UTC-Z-millis: ${v}`);
      else badDates(v, `${path}.${k}`, out);
    }
}

/** Starts the server on 127.0.0.1:0; `url` is the base the charge point appends its id to. */
export async function startStrictRpcCs(chargeBoxId: string, options: StrictCsOptions = {}) {
  const tags = options.tags ?? { TAG1: 'Accepted' };
  const problems: string[] = [];
  const calls: SeenCall[] = [];
  const transactions = new Map<number, { idTag: string; stopped: boolean }>();
  let nextTx = 100;
  let boots = 0;
  let accepted = false;
  let client: RpcClientLike | undefined;
  const sessions: RpcClientLike[] = [];

  const closes: number[] = [];
  const onConnectAnswers: unknown[] = [];
  const server = newRpcServer({
    protocols: ['ocpp1.5'],
    strictMode: false,
    pingIntervalMs: options.pingIntervalMs ?? 200,
  });
  // SteVe's handshake rules (STEVE.md §1.2): known id on the single-segment path, subprotocol.
  server.auth((accept, reject, hs) => {
    if (hs.endpoint !== PATH) return reject(404, 'wrong path');
    if (hs.identity !== chargeBoxId) return reject(404, 'unknown chargeBoxId');
    if (options.password !== undefined && hs.password?.toString() !== options.password)
      return reject(401, 'authentication failed');
    if (hs.protocols.size === 0) return reject(400, 'no subprotocol');
    if (!hs.protocols.has('ocpp1.5')) return reject(404, 'no served subprotocol');
    accept({}, 'ocpp1.5');
  });

  server.on('client', (c) => {
    client = c;
    sessions.push(c);
    c.on('close', (({ code }: { code: number }) => closes.push(code)) as never);
    if (options.callOnConnect) {
      const { action, params } = options.callOnConnect;
      c.call(action, params, { callTimeoutMs: 1000 }).then(
        (conf) => onConnectAnswers.push(conf),
        (error: unknown) => onConnectAnswers.push(error),
      );
    }
    const ids = new Set<string>();
    let inFlight = 0;
    c.on('message', (({ message, outbound }: { message: Buffer | string; outbound: boolean }) => {
      const msg = JSON.parse(String(message)) as unknown[];
      if (outbound) {
        if (msg[0] === 3 || msg[0] === 4) inFlight--;
        return;
      }
      if (msg[0] === 2) {
        const id = String(msg[1]);
        // STEVE.md §5.1: fresh id ≤ 36 chars per CALL; one outstanding CALL at a time.
        if (id.length === 0 || id.length > 36) problems.push(`bad message id ${id}`);
        if (ids.has(id)) problems.push(`message id reused: ${id}`);
        ids.add(id);
        if (inFlight > 0) problems.push(`${String(msg[2])} sent while a CALL was outstanding`);
        inFlight++;
      }
      if (msg[0] === 4 && !STEVE_CODES.has(String(msg[2])))
        problems.push(`CALLERROR code SteVe does not know: ${String(message)}`);
    }) as never);
    c.on('badMessage', (({ buffer }: { buffer: Buffer }) =>
      problems.push(`bad frame: ${String(buffer)}`)) as never);

    c.handle(({ method, params, messageId }) => {
      calls.push({ action: method, params, messageId, at: Date.now() });
      if (!CP_ACTIONS.has(method))
        throw createRPCError(
          'NotImplemented',
          `The action '${method}' you are looking for is not found`,
        );
      // STEVE.md §5.2: nothing but BootNotification until it was Accepted.
      // A BootNotification (re)starts the wait; a reconnect without a reboot needs none.
      if (method === 'BootNotification') accepted = false;
      else if (!accepted) problems.push(`${method} sent before BootNotification was Accepted`);
      const errors = schemaErrors(method, 'req', params);
      const dates: string[] = [];
      badDates(params, method, dates);
      problems.push(...errors, ...dates);
      if (errors.length > 0)
        throw createRPCError('PropertyConstraintViolation', 'Message validation failed', {
          errorMsg: 'Violation of field constraints',
        });
      const fails = options.failFirst?.[method] ?? 0;
      if (fails > 0 && calls.filter((x) => x.action === method).length <= fails)
        throw createRPCError(
          'InternalError',
          'Internal services failed while processing of the payload',
        );
      return answer(method, params);
    });
  });

  const idTagInfo = (idTag: unknown) => {
    const status = tags[String(idTag)];
    return status
      ? { status, expiryDate: steveDate(new Date(Date.now() + 3_600_000)) }
      : { status: 'Invalid' };
  };

  function answer(method: string, p: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'BootNotification': {
        const status = options.bootStatus?.(boots++) ?? 'Accepted';
        if (status === 'Accepted') accepted = true;
        return {
          status,
          currentTime: steveDate(),
          heartbeatInterval: options.heartbeatInterval ?? 300,
        };
      }
      case 'Heartbeat':
        return { currentTime: steveDate() };
      case 'Authorize':
        return { idTagInfo: idTagInfo(p['idTag']) };
      case 'StartTransaction': {
        if (Number(p['connectorId']) < 1) problems.push('StartTransaction on connector 0');
        const transactionId = nextTx++;
        transactions.set(transactionId, { idTag: String(p['idTag']), stopped: false });
        return { transactionId, idTagInfo: idTagInfo(p['idTag']) };
      }
      case 'StopTransaction': {
        const tx = transactions.get(Number(p['transactionId']));
        if (!tx || tx.stopped)
          problems.push(`StopTransaction for unknown/stopped ${String(p['transactionId'])}`);
        if (tx) tx.stopped = true;
        return p['idTag'] === undefined ? {} : { idTagInfo: idTagInfo(p['idTag']) };
      }
      case 'MeterValues': {
        const id = p['transactionId'];
        if (id !== undefined && !transactions.has(Number(id)))
          problems.push(`MeterValues for unknown transaction ${String(id)}`);
        return {};
      }
      case 'DataTransfer':
        return { status: 'Rejected' };
      default:
        return {};
    }
  }

  const http = await server.listen(0, '127.0.0.1');
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}${PATH}`,
    problems,
    calls,
    transactions,
    of: (action: string) => calls.filter((c) => c.action === action),
    sessions: () => sessions.length,
    /** Close codes of ended sessions. */
    closes,
    /** Answers (or errors) to `callOnConnect`, one per session. */
    onConnectAnswers,
    get accepted() {
      return accepted;
    },
    /** A CS→CP CALL on the newest session; the CP's .conf is checked against the schemas. */
    async call(action: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
      if (!client) throw new Error('no session');
      const req = schemaErrors(action, 'req', params);
      if (req.length > 0) throw new Error(`test bug, bad ${action}.req: ${req.join('; ')}`);
      const conf = (await client.call(action, params)) as Record<string, unknown>;
      problems.push(...schemaErrors(action, 'conf', conf));
      return conf;
    },
    /** Drop the newest session (like deleting the station in SteVe's UI). */
    async disconnect(): Promise<void> {
      await client?.close({ code: 1000, force: true });
    },
    /** A CALL with no schema check at all (for actions 1.5 does not have). */
    raw(action: string, params: unknown): Promise<unknown> {
      if (!client) return Promise.reject(new Error('no session'));
      return client.call(action, params);
    },
    close: () => server.close({ force: true }),
  };
}

export type StrictCs = Awaited<ReturnType<typeof startStrictRpcCs>>;
