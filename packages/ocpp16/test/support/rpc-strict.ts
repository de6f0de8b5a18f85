/**
 * A second oracle: ocpp-rpc 2.2.1's own strict-mode validator for `ocpp1.6`, exactly as its
 * client and server run it (its ajv, its ajv-formats, and its multipleOf, which allows 1e-6 of
 * floating-point noise where plain ajv divides exactly). Tests only.
 */
import { createRequire } from 'node:module';

interface RpcValidator {
  validate(schemaId: string, params: unknown): boolean;
}
const require = createRequire(import.meta.url);
const { createValidator } = require('ocpp-rpc') as {
  createValidator: (subprotocol: string, schemas: unknown) => RpcValidator;
};
const validator = createValidator('ocpp1.6', require('ocpp-rpc/lib/schemas/ocpp1_6.json'));

/** What ocpp-rpc's strict mode says about `<action>.<kind>`: [] when it accepts. */
export function rpcStrictErrors(action: string, kind: 'req' | 'conf', payload: unknown): string[] {
  try {
    // A failed check that carries no ajv error (its multipleOf) returns false instead of throwing.
    return validator.validate(`urn:${action}.${kind}`, payload)
      ? []
      : [`${action}.${kind} invalid`];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}
