/**
 * The independent oracle: the official OCPP 1.6 JSON Schemas as ocpp-rpc 2.2.1 ships them for
 * its strict mode, compiled with ajv + ajv-formats. Tests only — the product never reads them.
 */
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const require = createRequire(import.meta.url);
const schemas = require('ocpp-rpc/lib/schemas/ocpp1_6.json') as { $id: string }[];

// ajv-formats is CommonJS: the plugin is the import itself or its `default`.
type FormatsPlugin = (ajv: Ajv) => Ajv;
const formatsImport = addFormatsModule as unknown as FormatsPlugin | { default: FormatsPlugin };
const addFormats = typeof formatsImport === 'function' ? formatsImport : formatsImport.default;
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
// ajv cannot resolve ids like `urn:Authorize.req`; the key is taken from the id instead.
const validators = new Map<string, ValidateFunction>(
  schemas.map(({ $id, ...schema }) => [$id.replace(/^urn:/, ''), ajv.compile(schema)]),
);

/** The official schemas themselves (JSON Schema draft-07 objects), for structural comparison. */
export const officialSchemas = (): readonly { readonly $id: string }[] => schemas;

/** Number of 1.6 schemas loaded, so a broken path cannot silently pass. */
export const schemaCount = (): number => validators.size;

/** The ajv errors of `payload` against `<action>.<kind>` (e.g. `StatusNotification.req`). */
export function schemaErrors(action: string, kind: 'req' | 'conf', payload: unknown): string[] {
  const validate = validators.get(`${action}.${kind}`);
  if (!validate) return [`no schema for ${action}.${kind}`];
  return validate(payload)
    ? []
    : (validate.errors ?? []).map((e) => `${action}.${kind}${e.instancePath} ${e.message ?? ''}`);
}
