/**
 * The independent oracle: the OCPP 1.5 JSON Schemas of test/fixtures/ocpp15 (STEVE.md §2)
 * compiled with ajv + ajv-formats. Tests only — the product never reads them.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { loadSchemaIndex, loadSchemas } from '../fixtures/ocpp15/index.js';

/** The raw schema objects, keyed `Action.req` / `Action.conf`. */
export const schemas = loadSchemas();

/** `index.json`: action → directions. */
export const schemaIndex = loadSchemaIndex();

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`.
// Depending on the loader's interop, the plugin is the import itself or its `default`.
type FormatsPlugin = (ajv: Ajv) => Ajv;
const formatsImport = addFormatsModule as unknown as FormatsPlugin | { default: FormatsPlugin };
const addFormats = typeof formatsImport === 'function' ? formatsImport : formatsImport.default;

const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validators = new Map<string, ValidateFunction>();
for (const [key, schema] of Object.entries(schemas)) validators.set(key, ajv.compile(schema));

/** Number of schemas loaded (48 for 1.5), so a broken path cannot silently pass. */
export const schemaCount = (): number => validators.size;

/** Validates `payload` against `<action>.<kind>`; returns the ajv error texts. Throws for an unknown schema. */
export function oracle(action: string, kind: 'req' | 'conf', payload: unknown): string[] {
  const validate = validators.get(`${action}.${kind}`);
  if (!validate) throw new Error(`no schema ${action}.${kind}`);
  return validate(payload)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Like `oracle`, each error prefixed with `Action.kind`; an unknown schema is an error, not a throw. */
export function schemaErrors(action: string, kind: 'req' | 'conf', payload: unknown): string[] {
  if (!validators.has(`${action}.${kind}`)) return [`no schema for ${action}.${kind}`];
  return oracle(action, kind, payload).map((e) => `${action}.${kind}${e}`);
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
