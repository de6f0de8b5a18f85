export type { ChecksumKind } from './rapi/checksum.js';
export {
  additiveChecksum,
  checksum,
  hex2,
  withChecksum,
  xorChecksum,
} from './rapi/checksum.js';
export type {
  RapiClient,
  RapiClientCore,
  RapiClientOptions,
  RapiReply,
  RequestOptions,
  TrafficEntry,
} from './rapi/client.js';
export { createRapiClient } from './rapi/client.js';
export type { RapiErrorCode, RapiErrorOptions, RapiErrorReply } from './rapi/errors.js';
export { isRapiError, RapiError } from './rapi/errors.js';
export type {
  AsyncFrameType,
  EncodeCommandOptions,
  FrameChecksum,
  LineOrigin,
  ParseOptions,
  ParseResult,
  RapiAsyncFrame,
  RapiCommandFrame,
  RapiFrame,
  RapiReplyFrame,
} from './rapi/frame.js';
export { encodeCommand, encodeFrame, parseLine } from './rapi/frame.js';
export {
  firmwareHexByte,
  MAX_COMMAND_LENGTH,
  MAX_DEVICE_LINE_LENGTH,
  MAX_TOKENS,
  NO_SEQUENCE_ID,
} from './rapi/limits.js';
export type { SplitLinesOptions } from './rapi/lines.js';
export { splitLines } from './rapi/lines.js';
export type { Transport } from './transport.js';
export { TransportClosedError } from './transport.js';
