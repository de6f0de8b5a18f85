/**
 * The shared OCPP-J RPC endpoint (@evse/ocppj) speaking OCPP 1.5: its types bound to the
 * 1.5 action table (`messages.ts`), and `createRpcEndpoint` without a dialect argument, as
 * this package has always offered it.
 */
import {
  RpcEndpointImpl as GenericEndpoint,
  type Handler as GenericHandler,
  type HandlerTable as GenericHandlerTable,
  type RpcEndpoint as GenericRpcEndpoint,
  type RpcEndpointOptions as GenericRpcEndpointOptions,
  type RpcEvent as GenericRpcEvent,
} from '@evse/ocppj';
import type { WebSocket } from 'ws';
import { type Action, OCPP15, type Ocpp15Dialect } from './messages.js';

export type { CallOptions, HandlerContext, TrafficSink } from '@evse/ocppj';

/** An event of a 1.5 endpoint (its actions are 1.5 action names). */
export type RpcEvent = GenericRpcEvent<Action>;
/** Options of {@link createRpcEndpoint}. */
export type RpcEndpointOptions = GenericRpcEndpointOptions<Ocpp15Dialect>;
/** An OCPP 1.5J endpoint bound to one open WebSocket. */
export type RpcEndpoint = GenericRpcEndpoint<Ocpp15Dialect>;
/** Answers an incoming 1.5 CALL; throw an `OcppCallError` to answer with a CALLERROR. */
export type Handler<A extends Action> = GenericHandler<Ocpp15Dialect, A>;
/** 1.5 handlers in one shared table (internal: the charge point's handlers). */
export type HandlerTable<T> = GenericHandlerTable<Ocpp15Dialect, T>;
/** The endpoint class speaking 1.5 (internal: the charge point's link, the central system). */
export type RpcEndpointImpl = GenericEndpoint<Ocpp15Dialect>;

/** A 1.5 endpoint over an open socket (internal form of {@link createRpcEndpoint}). */
export const newEndpoint = (socket: WebSocket, options: RpcEndpointOptions): RpcEndpointImpl =>
  new GenericEndpoint(socket, OCPP15, options);

/** Creates an OCPP 1.5J RPC endpoint over an open `ws` WebSocket. */
export function createRpcEndpoint(socket: WebSocket, options: RpcEndpointOptions): RpcEndpoint {
  return newEndpoint(socket, options);
}
