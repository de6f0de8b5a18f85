/**
 * Which OCPP-J endpoint serves the fleet better (issue 15, item 2): ours (`@evse/ocpp15`'s
 * `createRpcEndpoint`, strict validation) or `ocpp-rpc` 2.2.1 (`RPCClient`, strict mode with the
 * official 1.6 schemas). The fleet is the client side, so clients are measured here and each
 * library's server runs in its own child process (bench/rpc-compare-server.ts):
 * - heap per connection: N open connections, heap after GC minus the heap before, ÷ N;
 * - throughput: C connections each sending MeterValues.req back to back for S seconds (the
 *   fleet's main message, one outstanding CALL per connection as in STEVE.md §5.1): CALLs
 *   answered/s and client CPU per CALL.
 * Printed as a ratio of ocpp-rpc to ours, both measured in this run.
 *
 *   node --expose-gc --import tsx --conditions=@evse/source bench/rpc-compare.ts [--connections 2000] [--concurrency 200] [--seconds 10]
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { createRpcEndpoint, type RpcEndpoint } from '@evse/ocpp15';
import { RPCClient } from 'ocpp-rpc';
import WebSocket from 'ws';
import { fmt, printTable } from './report.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '10' },
  },
});
const N = Number(values.connections);
const C = Number(values.concurrency);
const S = Number(values.seconds);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

type Lib = 'evse' | 'ocpp-rpc';

/** One client connection: send one MeterValues.req and wait for its conf. */
interface Conn {
  send(n: number): Promise<unknown>;
  close(): Promise<void>;
}

async function startServer(lib: Lib): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(new URL('./rpc-compare-server.ts', import.meta.url), [lib], {
    execArgv: ['--import', 'tsx', '--conditions=@evse/source'],
  });
  const [msg] = (await once(child, 'message')) as [{ port: number }];
  return { child, port: msg.port };
}

const stamp = new Date().toISOString();

async function connectEvse(port: number, i: number): Promise<Conn> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/CP${i}`, 'ocpp1.5');
  await once(ws, 'open');
  const ep: RpcEndpoint = createRpcEndpoint(ws, { role: 'chargePoint' });
  return {
    send: (n) =>
      ep.call('MeterValues', {
        connectorId: 1,
        transactionId: 1,
        values: [
          {
            timestamp: stamp,
            value: [{ value: String(n), measurand: 'Energy.Active.Import.Register', unit: 'Wh' }],
          },
        ],
      }),
    close: async () => {
      ep.close();
      if (ws.readyState !== WebSocket.CLOSED) await once(ws, 'close');
    },
  };
}

async function connectOcppRpc(port: number, i: number): Promise<Conn> {
  const client = new RPCClient({
    endpoint: `ws://127.0.0.1:${port}`,
    identity: `CP${i}`,
    protocols: ['ocpp1.6'],
    strictMode: true,
    reconnect: false,
    // ocpp-rpc's generated types list every option as required; the rest have defaults.
  } as unknown as ConstructorParameters<typeof RPCClient>[0]);
  await client.connect();
  return {
    send: (n) =>
      client.call('MeterValues', {
        connectorId: 1,
        transactionId: 1,
        meterValue: [
          {
            timestamp: stamp,
            sampledValue: [
              { value: String(n), measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
            ],
          },
        ],
      }),
    close: () => client.close({ awaitPending: false }).then(() => undefined),
  };
}

const heapAfterGc = async (): Promise<number> => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed;
};

async function measure(
  lib: Lib,
): Promise<{ heapPerConn: number; callsPerS: number; cpuUs: number }> {
  const { child, port } = await startServer(lib);
  const connect = lib === 'evse' ? connectEvse : connectOcppRpc;
  const base = await heapAfterGc();
  const conns: Conn[] = [];
  for (let i = 0; i < N; i++) conns.push(await connect(port, i));
  for (const c of conns) await c.send(0); // every connection used once
  const heapPerConn = ((await heapAfterGc()) - base) / N;
  let calls = 0;
  let stop = false;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const loops = conns.slice(0, C).map(async (c) => {
    while (!stop) {
      await c.send(calls);
      calls++;
    }
  });
  await new Promise((r) => setTimeout(r, S * 1000));
  stop = true;
  await Promise.all(loops);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await Promise.all(conns.map((c) => c.close()));
  child.kill();
  await once(child, 'exit');
  return {
    heapPerConn,
    callsPerS: (calls / wallMs) * 1000,
    cpuUs: (cpu.user + cpu.system) / calls,
  };
}

process.stderr.write(`rpc-compare: ${N} connections, ${C} sending for ${S} s, per library …\n`);
const ours = await measure('evse');
const theirs = await measure('ocpp-rpc');
const ratio = (a: number, b: number): string => `${fmt(a / b, 2)}×`;
printTable(
  `OCPP-J client endpoints (${N} connections; ${C} sending MeterValues.req back to back for ${S} s; servers in their own processes)`,
  ['', 'heap per connection', 'CALLs answered/s', 'client CPU per CALL'],
  [
    [
      '@evse/ocpp15 createRpcEndpoint (ocpp1.5, strict)',
      `${fmt(ours.heapPerConn / 1024, 1)} KB`,
      fmt(ours.callsPerS),
      `${fmt(ours.cpuUs)} µs`,
    ],
    [
      'ocpp-rpc 2.2.1 RPCClient (ocpp1.6, strictMode)',
      `${fmt(theirs.heapPerConn / 1024, 1)} KB`,
      fmt(theirs.callsPerS),
      `${fmt(theirs.cpuUs)} µs`,
    ],
    [
      'ocpp-rpc ÷ ours',
      ratio(theirs.heapPerConn, ours.heapPerConn),
      ratio(theirs.callsPerS, ours.callsPerS),
      ratio(theirs.cpuUs, ours.cpuUs),
    ],
  ],
);
process.stdout.write(`${JSON.stringify({ bench: 'rpc-compare', N, C, S, ours, theirs })}\n`);
