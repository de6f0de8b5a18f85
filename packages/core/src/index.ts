export type { ChecksumKind } from './rapi/checksum.js';
export {
  additiveChecksum,
  checksum,
  hex2,
  withChecksum,
  xorChecksum,
} from './rapi/checksum.js';
export type { Transport } from './transport.js';
export { TransportClosedError } from './transport.js';
