/**
 * Test support for the 1.6 central system: ocpp-rpc 2.2.1's RPCClient (its own runtime, through
 * loose local types: its hand-written .d.ts marks every option required) as the charge point,
 * in strict mode for `ocpp1.6` so every frame our central system writes is judged by the
 * official 1.6 schemas; every strict-mode failure is collected.
 */
import type { EventEmitter } from 'node:events';
import { RPCClient } from 'ocpp-rpc';
import { onTestFinished } from 'vitest';
import {
  type CentralSystem16,
  type CentralSystem16Options,
  createCentralSystem,
} from '../../src/central/index.js';
import { schemaErrors } from './oracle.js';

/** What a handler receives from ocpp-rpc. */
export interface RpcCallInfo {
  readonly method: string;
  readonly params: Record<string, unknown>;
}

/** The parts of ocpp-rpc's RPCClient the tests use. */
export interface RpcClientLike extends EventEmitter {
  readonly protocol: string | undefined;
  connect(): Promise<unknown>;
  call(method: string, params: unknown): Promise<Record<string, unknown>>;
  handle(method: string, handler: (call: RpcCallInfo) => unknown): void;
  sendRaw(text: string): void;
  close(options?: { force?: boolean }): Promise<unknown>;
}

/** A strict-mode failure ocpp-rpc reported (a frame that broke the official 1.6 schemas). */
export interface StrictFailure {
  readonly method: string;
  readonly outbound: boolean;
  readonly isCall: boolean;
  readonly error: string;
}

/** A central system on 127.0.0.1 port 0, closed after the test. */
export async function startCentral16(
  options: CentralSystem16Options = {},
): Promise<CentralSystem16> {
  const cs = await createCentralSystem({
    allow: ['CP1'],
    tags: { TAG1: 'Accepted', BLOCKED1: 'Blocked' },
    heartbeatIntervalSec: 60,
    ...options,
  });
  onTestFinished(() => cs.close());
  return cs;
}

/**
 * A connected ocpp-rpc client (strict for ocpp1.6 unless told otherwise), closed after the
 * test, and the strict-mode failures it reported.
 */
export async function connectClient(
  url: string,
  extra: Record<string, unknown> = {},
): Promise<{ client: RpcClientLike; failures: StrictFailure[] }> {
  const client = new RPCClient({
    endpoint: url,
    identity: 'CP1',
    protocols: ['ocpp1.6'],
    strictMode: ['ocpp1.6'],
    reconnect: false,
    ...extra,
  } as never) as unknown as RpcClientLike;
  const failures: StrictFailure[] = [];
  client.on('strictValidationFailure', (e: Record<string, unknown>) =>
    failures.push({
      method: String(e['method']),
      outbound: e['outbound'] === true,
      isCall: e['isCall'] === true,
      error: String(e['error']),
    }),
  );
  onTestFinished(async () => {
    await client.close({ force: true });
  });
  await client.connect();
  return { client, failures };
}

/**
 * Every frame the central system writes on its 1.6 sessions, checked with plain ajv against
 * the official 1.6 schemas (the second oracle beside ocpp-rpc's strict mode): CALLRESULTs to
 * the charge point's CALLs and the central system's own CALLs. Returns the problems so far,
 * and how many frames were checked (so a check that saw nothing cannot pass unnoticed).
 */
export function centralFrameProblems(cs: CentralSystem16): () => {
  problems: string[];
  checked: number;
} {
  const problems: string[] = [];
  let checked = 0;
  const cpCalls = new Map<string, string>();
  const v16 = new Set<number>();
  cs.events$.subscribe((e) => {
    if (e.type === 'sessionOpened' && e.connection.protocol === 'ocpp1.6')
      v16.add(e.connection.sessionId);
    if (e.type !== 'frame' || !v16.has(e.sessionId)) return;
    const msg = JSON.parse(e.text) as unknown[];
    if (e.direction === 'tx') checked++;
    if (e.direction === 'rx' && msg[0] === 2) cpCalls.set(String(msg[1]), String(msg[2]));
    if (e.direction === 'tx' && msg[0] === 3)
      problems.push(...schemaErrors(cpCalls.get(String(msg[1])) ?? '?', 'conf', msg[2]));
    if (e.direction === 'tx' && msg[0] === 2)
      problems.push(...schemaErrors(String(msg[2]), 'req', msg[3]));
  });
  return () => ({ problems, checked });
}
