/**
 * The independent oracle: the shared OCPP 1.5 JSON Schemas (STEVE.md §2) compiled with ajv
 * + ajv-formats. Tests only — the product never reads /work/shared (common.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

const dir = new URL('../../../../shared/ocpp15/schemas/', import.meta.url);

/** The raw schema objects, keyed `Action.req` / `Action.conf`. */
export const schemas: Record<string, Record<string, unknown>> = {};
for (const file of readdirSync(dir)) {
  if (!file.endsWith('.req.json') && !file.endsWith('.conf.json')) continue;
  schemas[file.replace(/\.json$/, '')] = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
}

/** `index.json`: action → directions. */
export const schemaIndex = JSON.parse(readFileSync(new URL('index.json', dir), 'utf8')) as {
  actions: Record<string, { directions: string[] }>;
};

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
