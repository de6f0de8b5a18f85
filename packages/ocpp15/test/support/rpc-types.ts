// Loose local types for ocpp-rpc 2.2.1. Its hand-written .d.ts marks every client option as
// required and wants handlers to return Promises, so tests talk to it through these shapes
// (the runtime objects are ocpp-rpc's own, unchanged).
import type { EventEmitter } from 'node:events';
import { RPCClient, RPCServer } from 'ocpp-rpc';
import type { ChargePointAction, Confirmation } from '../../src/wire/messages.js';

/** What a handler receives from ocpp-rpc. */
export interface RpcCallInfo {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly messageId: string;
}

/** A handler: returns the .conf (or a promise of it), or throws an RPCError. */
export type RpcHandler = (call: RpcCallInfo) => unknown;

/** The parts of ocpp-rpc's RPCClient (and its server-side client) the tests use. */
export interface RpcClientLike extends EventEmitter {
  readonly identity: string;
  readonly protocol: string | undefined;
  /** 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
  readonly state: number;
  connect(): Promise<unknown>;
  call<A extends ChargePointAction>(
    method: A,
    params: unknown,
    options?: { callTimeoutMs?: number },
  ): Promise<Confirmation<A>>;
  call(method: string, params: unknown, options?: { callTimeoutMs?: number }): Promise<unknown>;
  handle(handler: RpcHandler): void;
  handle(method: string, handler: RpcHandler): void;
  sendRaw(text: string): void;
  close(options?: { code?: number; reason?: string; force?: boolean }): Promise<unknown>;
}

/** A new ocpp-rpc RPCClient (options as in its README). */
export function newRpcClient(options: Record<string, unknown>): RpcClientLike {
  return new RPCClient(options as never) as unknown as RpcClientLike;
}

/** The handshake ocpp-rpc passes to `server.auth`. */
export interface RpcHandshake {
  readonly identity: string;
  readonly endpoint: string;
  readonly protocols: Set<string>;
  /** The Basic-auth password when the username equals the identity. */
  readonly password: Buffer | undefined;
}

/** The parts of ocpp-rpc's RPCServer the tests use. */
export interface RpcServerLike {
  auth(
    cb: (
      accept: (session?: Record<string, unknown>, protocol?: string | false) => void,
      reject: (code: number, message: string) => void,
      handshake: RpcHandshake,
    ) => void,
  ): void;
  listen(port: number, host: string): Promise<import('node:http').Server>;
  close(options?: { code?: number; reason?: string; force?: boolean }): Promise<void>;
  on(event: 'client', listener: (client: RpcClientLike) => void): unknown;
}

/** A new ocpp-rpc RPCServer. */
export function newRpcServer(options: Record<string, unknown>): RpcServerLike {
  return new RPCServer(options as never) as unknown as RpcServerLike;
}
