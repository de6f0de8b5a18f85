// Public API of @evse/ocpp15: named exports only (STYLE.md §2.14), kept sorted by path.
// The version-independent OCPP-J layer moved to @evse/ocppj; its names stay exported here.
export type {
  Infer,
  IssueKind,
  Spec,
  ValidateOptions,
  ValidationIssue,
  ValidationResult,
} from '@evse/ocppj';
export { describeIssues, isDateTime, validatePayload } from '@evse/ocppj';
export type { CentralSystem } from './central/central-system.js';
export { createCentralSystem } from './central/central-system.js';
export type {
  CentralSystemEvent,
  CentralSystemOptions,
  ConnectionInfo,
  RegistrationSetting,
} from './central/options.js';
export type {
  ConnectorRecord,
  MeterValueRecord,
  StationRecord,
  TagSpec,
  Totals,
  TransactionRecord,
  UnknownStation,
} from './central/records.js';
export type { ReservationRecord } from './central/reservations.js';
export { openSqliteStore } from './central/sqlite-store.js';
export type { SteveClose } from './central/steve-errors.js';
export { STEVE_ERROR_MSG, steveCallError, steveCloseFor } from './central/steve-errors.js';
export { escapeStrings, forHtml, formatSteveDate } from './central/steve-json.js';
export type { CentralStore, MemoryStoreOptions } from './central/store.js';
export { createMemoryStore } from './central/store.js';
// ---- charge point (src/station.ts, src/status-map.ts, src/queue/*, src/charge-point/*) ----
export type { AuthSource } from './charge-point/auth.js';
export type { ConfigKey } from './charge-point/config.js';
export { CONFIG_KEYS } from './charge-point/config.js';
export type { ConnectErrorCode, ReconnectOptions } from './charge-point/connect.js';
export { OcppConnectError, SUBPROTOCOL } from './charge-point/connect.js';
export { OCPP_CLIENT, OCPP_WAITING_CLAIM } from './charge-point/connector.js';
export { createChargePoint } from './charge-point/create.js';
export type { SupportedMeasurand } from './charge-point/meter-values.js';
export { SUPPORTED_MEASURANDS } from './charge-point/meter-values.js';
export type {
  ChargePoint,
  ChargePointEvent,
  ChargePointOptions,
  StopReason,
} from './charge-point/types.js';
export type { StoreErrorCode } from './queue/journal.js';
export { StoreError } from './queue/journal.js';
export type { PersistedState } from './queue/state-store.js';
export type { SetAsideJournal, TxAction, TxRecord } from './queue/tx-queue.js';
export type {
  GateLike,
  MeterReading,
  StationFaultKind,
  StationInfo,
  StationLike,
  StationState,
  StationStatus,
} from './station.js';
export { STATION_STATES } from './station.js';
export type { MappedStatus, StatusOverrides } from './status-map.js';
export { FAULT_STATUS, mapStatus, STATE_STATUS } from './status-map.js';
export type {
  CallErrorReply,
  CallProblem,
} from './wire/call-problems.js';
export { codeForIssues, defaultCallError } from './wire/call-problems.js';
export type { CallTiming } from './wire/call-timing.js';
export { CALL_TIMING_CHANNEL } from './wire/call-timing.js';
export type {
  AuthorizationStatus,
  AvailabilityType,
  ChargePointErrorCode,
  ChargePointStatus,
  DataTransferStatus,
  DiagnosticsStatus,
  FirmwareStatus,
  Location,
  Measurand,
  ReadingContext,
  RegistrationStatus,
  ReservationStatus,
  ResetType,
  UnitOfMeasure,
  UpdateStatus,
  UpdateType,
  ValueFormat,
} from './wire/enums.js';
export {
  AUTHORIZATION_STATUSES,
  CHARGE_POINT_ERROR_CODES,
  CHARGE_POINT_STATUSES,
  MEASURANDS,
  READING_CONTEXTS,
  REGISTRATION_STATUSES,
  UNITS_OF_MEASURE,
} from './wire/enums.js';
export type { OcppCallErrorOptions, OcppErrorCode } from './wire/errors.js';
export {
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
  OcppFrame,
} from './wire/frame.js';
export { MESSAGE_TYPES, parseFrame, serializeFrame } from './wire/frame.js';
export type {
  Action,
  ActionDef,
  AuthorizeConf,
  AuthorizeReq,
  BootNotificationConf,
  BootNotificationReq,
  CancelReservationReq,
  CentralSystemAction,
  ChangeAvailabilityReq,
  ChangeConfigurationReq,
  ChargePointAction,
  Confirmation,
  DataTransferConf,
  DataTransferReq,
  DiagnosticsStatusNotificationReq,
  FirmwareStatusNotificationReq,
  GetConfigurationConf,
  GetConfigurationReq,
  GetDiagnosticsReq,
  HeartbeatConf,
  IdTagInfo,
  Initiator,
  MeterValue,
  MeterValuesReq,
  RemoteStartTransactionReq,
  RemoteStopTransactionReq,
  Request,
  ReserveNowReq,
  ResetReq,
  SampledValue,
  SendLocalListReq,
  StartTransactionConf,
  StartTransactionReq,
  StatusNotificationReq,
  StopTransactionConf,
  StopTransactionReq,
  UnlockConnectorReq,
  UpdateFirmwareReq,
} from './wire/messages.js';
export { ACTION_NAMES, ACTIONS, isAction, sentBy } from './wire/messages.js';
export type {
  CallOptions,
  Handler,
  HandlerContext,
  RpcEndpoint,
  RpcEndpointOptions,
} from './wire/rpc.js';
export { createRpcEndpoint } from './wire/rpc.js';
export type { RpcEvent, RpcTraffic } from './wire/rpc-events.js';
export { validateConfirmation, validateRequest } from './wire/validate.js';
// ---- end charge point ----
