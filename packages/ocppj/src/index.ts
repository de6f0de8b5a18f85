// Public API of @evse/ocppj: named exports only (STYLE.md §2.14), kept sorted by path.
export type {
  ConnectErrorCode,
  OpenSocketOptions,
  ReconnectOptions,
  SecurityOptions,
} from './connect/connect.js';
export {
  backoffDelay,
  basicAuthHeader,
  checkSecurityOptions,
  endpointUrl,
  OcppConnectError,
  openSocket,
  redactUrl,
} from './connect/connect.js';
export type {
  BootControl,
  Link,
  LinkEndpoint,
  LinkEvent,
  LinkOptions,
  LinkVersion,
} from './connect/link.js';
export { startLink } from './connect/link.js';
export type { CancelTimer } from './connect/long-timer.js';
export { LongTimer, MAX_TIMER_MS, setLongInterval, setLongTimeout } from './connect/long-timer.js';
export type {
  Delivery,
  DeliveryEndpoint,
  DeliveryEvent,
  DeliveryHost,
  StartConfirmed,
} from './queue/delivery.js';
export { startDelivery } from './queue/delivery.js';
export type { Journal, RecordCheck, SetAsideJournal, StoreErrorCode } from './queue/journal.js';
export { moveAside, openJournal, StoreError, writeFileAtomic } from './queue/journal.js';
export type { IdTagInfo, PersistedState, StateStore } from './queue/state-store.js';
export { createStateStore } from './queue/state-store.js';
export type {
  QueuedMessage,
  TxAction,
  TxQueue,
  TxQueueOptions,
  TxRecord,
} from './queue/tx-queue.js';
export { createTxQueue } from './queue/tx-queue.js';
export type { CallErrorReply, CallProblem } from './wire/call-problems.js';
export { codeForIssues, defaultCallError, problemId } from './wire/call-problems.js';
export type { CallTiming } from './wire/call-timing.js';
export { CALL_TIMING_CHANNEL } from './wire/call-timing.js';
export type {
  ActionDef,
  ActionOf,
  ActionTable,
  ConfirmationOf,
  Dialect,
  Initiator,
  RequestOf,
  SentBy,
} from './wire/dialect.js';
export {
  defineDialect,
  isActionOf,
  isSentBy,
  validateConfirmationOf,
  validateRequestOf,
} from './wire/dialect.js';
export type { OcppCallErrorOptions, OcppErrorCode } from './wire/errors.js';
export {
  asError,
  isOcppErrorCode,
  OCPP_ERROR_CODES,
  OcppCallError,
  OcppClosedError,
  OcppTimeoutError,
} from './wire/errors.js';
export type {
  CallErrorFrame,
  CallFrame,
  CallResultFrame,
  FrameError,
  FrameErrorStage,
  FrameParseResult,
  MessageType,
  OcppFrame,
} from './wire/frame.js';
export { MESSAGE_TYPES, parseFrame, serializeFrame } from './wire/frame.js';
export type { HandlerTable, TrafficSink } from './wire/rpc.js';
export { createRpcEndpoint, RpcEndpointImpl } from './wire/rpc.js';
export type { RpcEvent, RpcTraffic } from './wire/rpc-events.js';
export type {
  CallOptions,
  Handler,
  HandlerContext,
  RpcEndpoint,
  RpcEndpointOptions,
} from './wire/rpc-types.js';
export type {
  ArraySpec,
  BoolSpec,
  DateTimeSpec,
  EnumSpec,
  Infer,
  IntSpec,
  NumberSpec,
  ObjectSpec,
  PropSpec,
  Spec,
  StringSpec,
} from './wire/schema.js';
export { bool, dateTime, int, list, num, obj, oneOf, opt, req, str } from './wire/schema.js';
export type {
  IssueKind,
  ValidateOptions,
  ValidationIssue,
  ValidationResult,
} from './wire/validate.js';
export { describeIssues, isDateTime, validatePayload } from './wire/validate.js';
