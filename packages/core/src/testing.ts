/**
 * `@evse/core/testing`: helpers for testing transports and RAPI code (like `rxjs/testing`).
 */
export type {
  TransportCheck,
  TransportContractContext,
  TransportPeer,
  TransportUnderTest,
} from './testing/contract.js';
export { peerFromTransport, transportContract } from './testing/contract.js';
export type { LoopbackOptions } from './testing/loopback.js';
export { createLoopbackPair } from './testing/loopback.js';
