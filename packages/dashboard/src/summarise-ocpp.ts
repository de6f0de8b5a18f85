/**
 * One-line summaries of OCPP-J payloads for the traffic log: the fields that matter, above all
 * of the messages 1.6 changed or added (docs/protocol/STEVE.md §3, the 1.5 vs 1.6J table:
 * StatusNotification's statuses and error codes, `meterValue`/`sampledValue`, StopTransaction's
 * `reason`, RemoteStartTransaction's `chargingProfile`, BootNotification.conf's `interval`, and
 * the 1.6-only TriggerMessage and smart-charging calls). The 1.5 shapes of the same table
 * (`values`/`value`, `heartbeatInterval`) are read too, so no version is needed. Structural and
 * total: a field that is missing or of the wrong type shows as `?`, and nothing throws.
 */

type Fields = Readonly<Record<string, unknown>>;
type Summariser = (p: Fields) => string;

const isFields = (v: unknown): v is Fields =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
/** A string or number field as text, `?` when missing or of another type. */
const text = (p: Fields, key: string): string => {
  const v = p[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '?';
};
/** `text` of a field that may be absent: '' when absent. */
const optional = (p: Fields, key: string, label: (v: string) => string): string =>
  p[key] === undefined ? '' : label(text(p, key));
const fields = (v: unknown): Fields => (isFields(v) ? v : {});
const list = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const join = (...parts: string[]) => parts.filter((s) => s !== '').join(', ');

/** Samples shown per message before `…`. */
const MAX_SAMPLES = 6;

/**
 * `measurand value unit` of every sample; a sample without measurand is the energy register
 * (OCPP 1.6 §7 SampledValue, 1.5 the same).
 */
function samples(meterValues: readonly unknown[]): string {
  const out: string[] = [];
  for (const mv of meterValues) {
    const m = fields(mv);
    for (const s of list(m['sampledValue'] ?? m['value'])) {
      const f = fields(s);
      const measurand =
        typeof f['measurand'] === 'string' ? f['measurand'] : 'Energy.Active.Import.Register';
      const phase = typeof f['phase'] === 'string' ? `.${f['phase']}` : '';
      const unit = typeof f['unit'] === 'string' ? ` ${f['unit']}` : '';
      out.push(`${measurand}${phase} ${text(f, 'value')}${unit}`);
    }
  }
  if (out.length === 0) return 'no samples';
  const more = out.length > MAX_SAMPLES ? `, … (${out.length} samples)` : '';
  return out.slice(0, MAX_SAMPLES).join(', ') + more;
}

/** `10 A` for one period, `10 A from 0 s, 6 A from 3600 s` for several (OCPP 1.6 §7). */
function schedule(s: Fields): string {
  const unit = text(s, 'chargingRateUnit');
  const periods = list(s['chargingSchedulePeriod']).map(fields);
  if (periods.length === 0) return 'no periods';
  if (periods.length === 1 && periods[0]?.['startPeriod'] === 0)
    return `${text(periods[0], 'limit')} ${unit}`;
  return periods
    .map((p) => `${text(p, 'limit')} ${unit} from ${text(p, 'startPeriod')} s`)
    .join(', ');
}

/** `TxProfile #8 stack 1 (Relative, tx 100): 10 A` of a ChargingProfile. */
function chargingProfile(p: Fields): string {
  const tx = optional(p, 'transactionId', (v) => `, tx ${v}`);
  return `${text(p, 'chargingProfilePurpose')} #${text(p, 'chargingProfileId')} stack ${text(p, 'stackLevel')} (${text(p, 'chargingProfileKind')}${tx}): ${schedule(fields(p['chargingSchedule']))}`;
}

const connector = (p: Fields) => `connector ${text(p, 'connectorId')}`;

/** The CALLs, by action: one summariser each (OCPP 1.6 §5, §6; 1.5 where the names agree). */
const CALLS: ReadonlyMap<string, Summariser> = new Map<string, Summariser>([
  ['Authorize', (p) => `tag ${text(p, 'idTag')}`],
  ['BootNotification', (p) => `${text(p, 'chargePointVendor')} ${text(p, 'chargePointModel')}`],
  [
    'StatusNotification',
    (p) =>
      join(
        `${connector(p)}: ${text(p, 'status')} (${text(p, 'errorCode')})`,
        optional(p, 'info', (v) => `info ${v}`),
        optional(p, 'vendorErrorCode', (v) => `vendor code ${v}`),
      ),
  ],
  [
    'StartTransaction',
    (p) =>
      join(
        connector(p),
        `tag ${text(p, 'idTag')}`,
        `meter ${text(p, 'meterStart')} Wh`,
        optional(p, 'reservationId', (v) => `reservation ${v}`),
      ),
  ],
  [
    'StopTransaction',
    (p) =>
      join(
        `tx ${text(p, 'transactionId')}`,
        optional(p, 'idTag', (v) => `tag ${v}`),
        `meter ${text(p, 'meterStop')} Wh`,
        optional(p, 'reason', (v) => `reason ${v}`),
      ),
  ],
  [
    'MeterValues',
    (p) =>
      `${join(
        connector(p),
        optional(p, 'transactionId', (v) => `tx ${v}`),
      )}: ${samples(list(p['meterValue'] ?? p['values']))}`,
  ],
  [
    'SetChargingProfile',
    (p) => `${connector(p)}: ${chargingProfile(fields(p['csChargingProfiles']))}`,
  ],
  [
    'ClearChargingProfile',
    (p) =>
      join(
        optional(p, 'id', (v) => `#${v}`),
        optional(p, 'connectorId', (v) => `connector ${v}`),
        optional(p, 'chargingProfilePurpose', (v) => v),
        optional(p, 'stackLevel', (v) => `stack ${v}`),
      ) || 'every profile',
  ],
  [
    'GetCompositeSchedule',
    (p) =>
      `${connector(p)}, ${text(p, 'duration')} s${optional(p, 'chargingRateUnit', (v) => ` in ${v}`)}`,
  ],
  [
    'TriggerMessage',
    (p) =>
      `${text(p, 'requestedMessage')}${optional(p, 'connectorId', (v) => ` on connector ${v}`)}`,
  ],
  [
    'RemoteStartTransaction',
    (p) =>
      join(
        `tag ${text(p, 'idTag')}`,
        optional(p, 'connectorId', (v) => `connector ${v}`),
        p['chargingProfile'] === undefined
          ? ''
          : `with ${chargingProfile(fields(p['chargingProfile']))}`,
      ),
  ],
  ['RemoteStopTransaction', (p) => `tx ${text(p, 'transactionId')}`],
  ['ChangeConfiguration', (p) => `${text(p, 'key')} = ${text(p, 'value')}`],
  ['ChangeAvailability', (p) => `${connector(p)}: ${text(p, 'type')}`],
  ['Reset', (p) => text(p, 'type')],
  ['UnlockConnector', connector],
  ['Heartbeat', () => ''],
]);

/** The results worth more than their status, by the action they answer. */
const RESULTS: ReadonlyMap<string, Summariser> = new Map<string, Summariser>([
  [
    'GetCompositeSchedule',
    (p) =>
      join(
        text(p, 'status'),
        p['chargingSchedule'] === undefined ? '' : schedule(fields(p['chargingSchedule'])),
      ),
  ],
  [
    'BootNotification',
    (p) => {
      const interval = p['interval'] === undefined ? 'heartbeatInterval' : 'interval'; // 1.5's name
      return join(text(p, 'status'), `interval ${text(p, interval)} s`);
    },
  ],
]);

/** Any other payload: its scalar fields (`key value`), at most this many characters. */
const MAX_GENERIC = 120;
function generic(p: Fields): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(p)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      parts.push(`${key} ${String(value)}`);
    else if (key === 'idTagInfo' && isFields(value)) parts.push(`idTag ${text(value, 'status')}`);
  }
  const line = parts.join(', ');
  return line.length > MAX_GENERIC ? `${line.slice(0, MAX_GENERIC - 1)}…` : line;
}

const NOT_AN_OBJECT = 'malformed: the payload is not a JSON object';

/** A CALL's payload in one line (an unknown action: its scalar fields). */
export function summariseCall(action: string, payload: unknown): string {
  if (!isFields(payload)) return NOT_AN_OBJECT;
  return (CALLS.get(action) ?? generic)(payload);
}

/** A CALLRESULT's payload in one line; `action` is the CALL's it answers (`?` if unknown). */
export function summariseResult(action: string, payload: unknown): string {
  if (!isFields(payload)) return NOT_AN_OBJECT;
  return (RESULTS.get(action) ?? generic)(payload);
}

/** A CALLERROR: `code: description` (docs/protocol/STEVE.md §5.1). */
export function summariseError(code: unknown, description: unknown): string {
  if (typeof code !== 'string') return 'malformed: the error code is not a string';
  return typeof description === 'string' && description !== '' ? `${code}: ${description}` : code;
}
