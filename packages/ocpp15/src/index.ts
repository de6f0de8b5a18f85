// Public API of @evse/ocpp15: named exports only (STYLE.md §2.14), kept sorted by path.
// The version-independent OCPP-J layer moved to @evse/ocppj; its names stay exported here.
export type {
  CallErrorFrame,
  CallErrorReply,
  CallFrame,
  CallProblem,
  CallResultFrame,
  CallTiming,
  ConnectErrorCode,
  FrameError,
  FrameErrorStage,
  FrameParseResult,
  HandlerContext,
  Infer,
  IssueKind,
  OcppCallErrorOptions,
  OcppErrorCode,
  OcppFrame,
  PersistedState,
  ReconnectOptions,
  RpcTraffic,
  SetAsideJournal,
  Spec,
  StoreErrorCode,
  TxAction,
  TxRecord,
  ValidateOptions,
  ValidationIssue,
  ValidationResult,
} from '@evse/ocppj';
export {
  CALL_TIMING_CHANNEL,
  codeForIssues,
  defaultCallError,
  describeIssues,
  isDateTime,
  isOcppErrorCode,
  MESSAGE_TYPES,
  OCPP_ERROR_CODES,
  OcppCallError,
  OcppClosedError,
  OcppConnectError,
  OcppTimeoutError,
  parseFrame,
  StoreError,
  serializeFrame,
  validatePayload,
} from '@evse/ocppj';
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
// ---- charge point (src/station.ts, src/status-map.ts, src/charge-point/*) ----
export type { AuthSource } from './charge-point/auth.js';
export type { ConfigKey } from './charge-point/config.js';
export { CONFIG_KEYS } from './charge-point/config.js';
export { createChargePoint } from './charge-point/create.js';
export type { SupportedMeasurand } from './charge-point/meter-values.js';
export { SUPPORTED_MEASURANDS } from './charge-point/meter-values.js';
export { OCPP_CLIENT, OCPP_WAITING_CLAIM } from './charge-point/ocpp-claim.js';
export type {
  ChargePoint,
  ChargePointEvent,
  ChargePointOptions,
  StopReason,
} from './charge-point/types.js';
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
  Ocpp15Dialect,
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
export { ACTION_NAMES, ACTIONS, isAction, OCPP15, SUBPROTOCOL, sentBy } from './wire/messages.js';
export type {
  CallOptions,
  Handler,
  RpcEndpoint,
  RpcEndpointOptions,
  RpcEvent,
} from './wire/rpc.js';
export { createRpcEndpoint } from './wire/rpc.js';
export { validateConfirmation, validateRequest } from './wire/validate.js';
// ---- end charge point ----
