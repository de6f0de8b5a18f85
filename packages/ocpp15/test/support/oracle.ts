/**
 * The independent oracle: the OCPP 1.5 JSON Schemas of test/fixtures/ocpp15 (STEVE.md §2)
 * compiled with ajv + ajv-formats. Tests only — the product never reads them.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { loadSchemaIndex, loadSchemas } from './fixtures/ocpp15/index.js';

/** The raw schema objects, keyed `Action.req` / `Action.conf`. */
export const schemas = loadSchemas();

/** `index.json`: action → directions. */
export const schemaIndex = loadSchemaIndex();

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats.default(ajv);
const compiled = new Map<string, ValidateFunction>();

/** Validates `payload` against `<action>.<kind>` with ajv; returns the ajv error texts. */
export function oracle(action: string, kind: 'req' | 'conf', payload: unknown): string[] {
  const key = `${action}.${kind}`;
  let validate = compiled.get(key);
  if (!validate) {
    const schema = schemas[key];
    if (!schema) throw new Error(`no schema ${key}`);
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate(payload)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Parses an OCPP-J frame text and checks its payload against the schemas; returns problems. */
export function frameProblems(
  text: string,
  actionOf: (id: string) => string | undefined,
): string[] {
  const frame = JSON.parse(text) as unknown[];
  if (frame[0] === 2) return oracle(String(frame[2]), 'req', frame[3]);
  if (frame[0] === 3) {
    const action = actionOf(String(frame[1]));
    return action
      ? oracle(action, 'conf', frame[2])
      : [`CALLRESULT for unknown id ${String(frame[1])}`];
  }
  return [];
}
