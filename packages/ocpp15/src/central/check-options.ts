/** Argument checks for `createCentralSystem`: a TypeError naming the option (STYLE.md §2.8). */
import type { CentralSystemOptions } from './options.js';

const isInt = (v: unknown, min: number, max = 2147483647): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Throws a TypeError for the first invalid option. */
export function checkOptions(options: CentralSystemOptions): void {
  const fail = (name: string, rule: string): never => {
    throw new TypeError(`options.${name}: ${rule}`);
  };
  const o = options;
  if (o.port !== undefined && !isInt(o.port, 0, 65535)) fail('port', 'must be an integer 0–65535');
  if (o.basePath !== undefined && !/^\/\S*[^/]$/.test(o.basePath))
    fail('basePath', 'must start with "/" and not end with "/"');
  if (o.allow !== undefined && o.allow !== 'any' && !Array.isArray(o.allow))
    fail('allow', "must be an array of chargeBoxIds or 'any'");
  if (o.heartbeatIntervalSec !== undefined && !isInt(o.heartbeatIntervalSec, 0))
    fail('heartbeatIntervalSec', 'must be a non-negative int32');
  if (o.firstTransactionId !== undefined && !isInt(o.firstTransactionId, 1))
    fail('firstTransactionId', 'must be a positive int32');
  if (o.maxMeterValues !== undefined && !isInt(o.maxMeterValues, 0))
    fail('maxMeterValues', 'must be a non-negative int32');
  if (o.expiryHours !== undefined && !(typeof o.expiryHours === 'number' && o.expiryHours >= 0))
    fail('expiryHours', 'must be a number ≥ 0');
  if (o.utcOffsetMinutes !== undefined && !isInt(o.utcOffsetMinutes, -1080, 1080))
    fail('utcOffsetMinutes', 'must be an integer between -1080 and 1080');
  if (o.jacksonCoercion !== undefined && typeof o.jacksonCoercion !== 'boolean')
    fail('jacksonCoercion', 'must be a boolean');
  for (const name of [
    'callTimeoutMs',
    'pingIntervalMs',
    'idleTimeoutMs',
    'maxMessageBytes',
  ] as const) {
    const v = o[name];
    if (v !== undefined && !isInt(v, 1, Number.MAX_SAFE_INTEGER))
      fail(name, 'must be a positive integer');
  }
  if (o.password !== undefined && (typeof o.password !== 'string' || o.password === ''))
    fail('password', 'must be a non-empty string');
  if (
    o.tls !== undefined &&
    (typeof o.tls !== 'object' || o.tls === null || !o.tls.cert || !o.tls.key)
  )
    fail('tls', 'must give cert and key (PEM)');
  if (o.tls?.requestCert === true && o.tls.ca === undefined)
    fail('tls', 'requestCert needs ca (the CA that signs client certificates)');
  if (o.versions !== undefined && (!Array.isArray(o.versions) || o.versions.length === 0))
    fail('versions', 'must be a non-empty array of CentralVersion');
  if (
    o.store !== undefined &&
    (typeof o.store !== 'object' ||
      o.store === null ||
      typeof o.store.saveTransaction !== 'function')
  )
    fail('store', 'must be a CentralStore (createMemoryStore() or openSqliteStore(file))');
  for (const [idTag, spec] of Object.entries(o.tags ?? {})) {
    if ([...idTag].length > 20) fail('tags', `idTag ${idTag} is longer than 20 characters`);
    const expiry = typeof spec === 'object' ? spec.expiryDate : undefined;
    if (expiry !== undefined && Number.isNaN(new Date(expiry).getTime()))
      fail('tags', `expiryDate of ${idTag} is not a date`);
  }
}
