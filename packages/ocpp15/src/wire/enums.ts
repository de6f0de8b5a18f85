/**
 * The OCPP 1.5 enumerations, literal for literal as the 1.5 WSDLs define them
 * (ocpp_centralsystemservice_1.5_final.wsdl, ocpp_chargepointservice_1.5_final.wsdl;
 * STEVE.md §2). SteVe reads and writes exactly these literals, case-sensitively (STEVE.md §1.7).
 */

/** `AuthorizationStatus` (IdTagInfo.status). */
export const AUTHORIZATION_STATUSES = [
  'Accepted',
  'Blocked',
  'Expired',
  'Invalid',
  'ConcurrentTx',
] as const;
/** One of {@link AUTHORIZATION_STATUSES}. */
export type AuthorizationStatus = (typeof AUTHORIZATION_STATUSES)[number];

/** `RegistrationStatus` (BootNotification.conf; 1.5 has no `Pending`, STEVE.md §3). */
export const REGISTRATION_STATUSES = ['Accepted', 'Rejected'] as const;
/** One of {@link REGISTRATION_STATUSES}. */
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

/** `ChargePointStatus` (StatusNotification.status; 1.5 uses `Occupied`, STEVE.md §3). */
export const CHARGE_POINT_STATUSES = [
  'Available',
  'Occupied',
  'Faulted',
  'Unavailable',
  'Reserved',
] as const;
/** One of {@link CHARGE_POINT_STATUSES}. */
export type ChargePointStatus = (typeof CHARGE_POINT_STATUSES)[number];

/** `ChargePointErrorCode` (StatusNotification.errorCode; 13 values incl. `Mode3Error`). */
export const CHARGE_POINT_ERROR_CODES = [
  'ConnectorLockFailure',
  'HighTemperature',
  'Mode3Error',
  'NoError',
  'PowerMeterFailure',
  'PowerSwitchFailure',
  'ReaderFailure',
  'ResetFailure',
  'GroundFailure',
  'OverCurrentFailure',
  'UnderVoltage',
  'WeakSignal',
  'OtherError',
] as const;
/** One of {@link CHARGE_POINT_ERROR_CODES}. */
export type ChargePointErrorCode = (typeof CHARGE_POINT_ERROR_CODES)[number];

/** `DataTransferStatus`. */
export const DATA_TRANSFER_STATUSES = [
  'Accepted',
  'Rejected',
  'UnknownMessageId',
  'UnknownVendorId',
] as const;
/** One of {@link DATA_TRANSFER_STATUSES}. */
export type DataTransferStatus = (typeof DATA_TRANSFER_STATUSES)[number];

/** `DiagnosticsStatus`. */
export const DIAGNOSTICS_STATUSES = ['Uploaded', 'UploadFailed'] as const;
/** One of {@link DIAGNOSTICS_STATUSES}. */
export type DiagnosticsStatus = (typeof DIAGNOSTICS_STATUSES)[number];

/** `FirmwareStatus`. */
export const FIRMWARE_STATUSES = [
  'Downloaded',
  'DownloadFailed',
  'InstallationFailed',
  'Installed',
] as const;
/** One of {@link FIRMWARE_STATUSES}. */
export type FirmwareStatus = (typeof FIRMWARE_STATUSES)[number];

/** `ReadingContext` (sampled value context). */
export const READING_CONTEXTS = [
  'Interruption.Begin',
  'Interruption.End',
  'Sample.Clock',
  'Sample.Periodic',
  'Transaction.Begin',
  'Transaction.End',
] as const;
/** One of {@link READING_CONTEXTS}. */
export type ReadingContext = (typeof READING_CONTEXTS)[number];

/** `ValueFormat`. */
export const VALUE_FORMATS = ['Raw', 'SignedData'] as const;
/** One of {@link VALUE_FORMATS}. */
export type ValueFormat = (typeof VALUE_FORMATS)[number];

/** `Measurand` (16 values in 1.5). */
export const MEASURANDS = [
  'Energy.Active.Export.Register',
  'Energy.Active.Import.Register',
  'Energy.Reactive.Export.Register',
  'Energy.Reactive.Import.Register',
  'Energy.Active.Export.Interval',
  'Energy.Active.Import.Interval',
  'Energy.Reactive.Export.Interval',
  'Energy.Reactive.Import.Interval',
  'Power.Active.Export',
  'Power.Active.Import',
  'Power.Reactive.Export',
  'Power.Reactive.Import',
  'Current.Export',
  'Current.Import',
  'Voltage',
  'Temperature',
] as const;
/** One of {@link MEASURANDS}. */
export type Measurand = (typeof MEASURANDS)[number];

/** `Location`. */
export const LOCATIONS = ['Inlet', 'Outlet', 'Body'] as const;
/** One of {@link LOCATIONS}. */
export type Location = (typeof LOCATIONS)[number];

/** `UnitOfMeasure` (1.5 spells `Amp`, `Volt`; STEVE.md §3). */
export const UNITS_OF_MEASURE = [
  'Wh',
  'kWh',
  'varh',
  'kvarh',
  'W',
  'kW',
  'var',
  'kvar',
  'Amp',
  'Volt',
  'Celsius',
] as const;
/** One of {@link UNITS_OF_MEASURE}. */
export type UnitOfMeasure = (typeof UNITS_OF_MEASURE)[number];

/** `CancelReservationStatus`. */
export const CANCEL_RESERVATION_STATUSES = ['Accepted', 'Rejected'] as const;
/** `AvailabilityType`. */
export const AVAILABILITY_TYPES = ['Inoperative', 'Operative'] as const;
/** One of {@link AVAILABILITY_TYPES}. */
export type AvailabilityType = (typeof AVAILABILITY_TYPES)[number];
/** `AvailabilityStatus`. */
export const AVAILABILITY_STATUSES = ['Accepted', 'Rejected', 'Scheduled'] as const;
/** `ConfigurationStatus`. */
export const CONFIGURATION_STATUSES = ['Accepted', 'Rejected', 'NotSupported'] as const;
/** `ClearCacheStatus`. */
export const CLEAR_CACHE_STATUSES = ['Accepted', 'Rejected'] as const;
/** `RemoteStartStopStatus`. */
export const REMOTE_START_STOP_STATUSES = ['Accepted', 'Rejected'] as const;
/** `ReservationStatus`. */
export const RESERVATION_STATUSES = [
  'Accepted',
  'Faulted',
  'Occupied',
  'Rejected',
  'Unavailable',
] as const;
/** One of {@link RESERVATION_STATUSES}. */
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];
/** `ResetType`. */
export const RESET_TYPES = ['Hard', 'Soft'] as const;
/** One of {@link RESET_TYPES}. */
export type ResetType = (typeof RESET_TYPES)[number];
/** `ResetStatus`. */
export const RESET_STATUSES = ['Accepted', 'Rejected'] as const;
/** `UpdateType` (SendLocalList). */
export const UPDATE_TYPES = ['Differential', 'Full'] as const;
/** One of {@link UPDATE_TYPES}. */
export type UpdateType = (typeof UPDATE_TYPES)[number];
/** `UpdateStatus` (SendLocalList.conf; 1.5 adds `HashError`). */
export const UPDATE_STATUSES = [
  'Accepted',
  'Failed',
  'HashError',
  'NotSupported',
  'VersionMismatch',
] as const;
/** One of {@link UPDATE_STATUSES}. */
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];
/** `UnlockStatus` (1.5: Accepted/Rejected, STEVE.md §3). */
export const UNLOCK_STATUSES = ['Accepted', 'Rejected'] as const;
