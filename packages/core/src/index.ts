export { createArbiter } from './arbiter/arbiter.js';
export type { GateCapabilities } from './arbiter/capabilities.js';
export { BOOT_LOCK_VFLAG, UNKNOWN_CAPABILITIES } from './arbiter/capabilities.js';
export type { ArbiterTarget, Claim } from './arbiter/claims.js';
export { CLAIM_PRIORITY, checkClaim, DEFAULT_CLIENT, resolveTarget } from './arbiter/claims.js';
export { GateError } from './arbiter/gate-error.js';
export type {
  Arbiter,
  ArbiterEvent,
  ArbiterOptions,
  ArbiterReason,
  ArbiterStation,
} from './arbiter/types.js';
export type {
  GuardedRequest,
  HeaderBag,
  HttpGuardPolicy,
  HttpGuardVerdict,
} from './edge/http-guard.js';
export {
  checkHttpRequest,
  checkStationUpgrade,
  httpGuardPolicy,
  isLoopbackHost,
  requestPath,
  tokenCookieName,
  tokenProblem,
} from './edge/http-guard.js';
export {
  CHARGE_BOX_ID_MAX,
  chargeBoxIdProblem,
  escapeControl,
  hasControl,
  ID_TAG_MAX,
  idTagProblem,
  textProblem,
} from './edge/text.js';
export type { EvseSnapshotLike, EvseTopState } from './evse/codes-map.js';
export { ALL_STATE_CODES, evseStateCode, STATE_CODES, stateFromCode } from './evse/codes-map.js';
export type { EvseContext, EvseInput } from './evse/context.js';
export type {
  AsyncFrameLike,
  DeviceStateEvent,
  EvseEvent,
  ReplyFrameLike,
} from './evse/events.js';
export { eventFromFrame } from './evse/events.js';
export type { FaultInfo, FaultKind } from './evse/faults.js';
export { FAULT_KINDS, faultFromCode, faultInfo, isFaultKind } from './evse/faults.js';
export type { EvseMachine } from './evse/machine.js';
export { evseMachine, FAULT_RETRY_MS } from './evse/machine.js';
export type { EvsePath } from './evse/paths.js';
export { DEVICE_EVENTS, serializeEvseState, shortestEventPaths } from './evse/paths.js';
export type {
  ChartJson,
  ChartState,
  ChartTransition,
  RenderMermaidOptions,
} from './evse/render.js';
export { machineToJson, renderMermaid } from './evse/render.js';
export type { BuildConfig, BuildOption, BuildProfile } from './rapi/build-options.js';
export { buildOptions, isOptionOn } from './rapi/build-options.js';
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
export type { CurrentMode, RapiClientHelpers, Temperatures } from './rapi/client-helpers.js';
export type {
  EvseStateCode,
  EvseStateKind,
  EvseStateName,
  PilotStateName,
  SettingsFlagConstant,
  SettingsFlagName,
  VflagConstant,
  VflagName,
} from './rapi/codes.js';
export {
  AT_CHANGE_MASK,
  decodeSettingsFlags,
  decodeVflags,
  ECF,
  encodeSettingsFlags,
  encodeVflags,
  evseStateCodes,
  evseStateInfo,
  evseStates,
  isFaultState,
  pilotStates,
  settingsFlags,
  VF,
  vflags,
} from './rapi/codes.js';
export type {
  CommandCode,
  CommandSpec,
  GetterCode,
  ParamSpec,
  ReplyFieldSpec,
  TokenType,
} from './rapi/commands.js';
export {
  commandCodes,
  commandSpec,
  commands,
  isCommandAvailable,
  isCommandCode,
  liveCommands,
} from './rapi/commands.js';
export type { ProtocolVersion, RapiDialect } from './rapi/dialect.js';
export {
  compareProtocol,
  DEFAULT_DIALECT,
  dialectOf,
  isSupportedProtocol,
  NEWEST_PROTOCOL,
  OLDEST_PROTOCOL,
  parseProtocolVersion,
} from './rapi/dialect.js';
export type { RapiErrorCode, RapiErrorOptions, RapiErrorReply } from './rapi/errors.js';
export { isRapiError, RapiError } from './rapi/errors.js';
export type {
  CapacityLimits,
  FirmwareBuild,
  FirmwareProfile,
  FirmwareVersion,
} from './rapi/firmware.js';
export {
  answersCommand,
  CHANGED_MEANING,
  DEFAULT_FIRMWARE,
  FIRMWARE_VERSIONS,
  firmwareProfile,
  isFirmwareVersion,
  LEGACY_FEATURE_SETTERS,
} from './rapi/firmware.js';
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
export type { DecodedReply } from './rapi/reply.js';
export { decodeReply } from './rapi/reply.js';
export type { DeviceStatus } from './rapi/status-reply.js';
export { decodeStatus } from './rapi/status-reply.js';
export type { ControllerVersion } from './rapi/version-probe.js';
export { controllerVersion } from './rapi/version-probe.js';
export type { PlugDetection, StationCapabilities } from './station/capabilities.js';
export { createStation } from './station/create-station.js';
export type { RawMeter } from './station/meter.js';
export { meterReading } from './station/meter.js';
export { sameStatus, statusFromSnapshot } from './station/status.js';
export type {
  MeterReading,
  Station,
  StationInfo,
  StationOptions,
  StationStatus,
  StationTransition,
} from './station/types.js';
export type { Transport } from './transport.js';
export { TransportClosedError } from './transport.js';
