/**
 * One neutral shape for a payload description, computed from an official 1.6 JSON schema and
 * from one of our specs, so the two can be compared field by field (names, required, JSON
 * types, enum literals, maxLength, multipleOf, date-time/uri formats, closed objects).
 * Test-only; nothing here ships.
 */
import type { Spec } from '@evse/ocppj';
import { URI_FIELDS } from './generate.js';

export type Shape =
  | { readonly type: 'string'; readonly maxLength?: number; readonly format?: string }
  | { readonly type: 'enum'; readonly values: readonly string[] }
  | { readonly type: 'integer' | 'boolean' }
  | { readonly type: 'number'; readonly multipleOf?: number }
  | { readonly type: 'array'; readonly items: Shape; readonly minItems: number }
  | {
      readonly type: 'object';
      readonly closed: boolean;
      readonly props: Readonly<
        Record<string, { readonly required: boolean; readonly shape: Shape }>
      >;
    };

interface JsonSchema {
  type?: string;
  enum?: string[];
  maxLength?: number;
  format?: string;
  multipleOf?: number;
  items?: JsonSchema;
  minItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
}

const sorted = (values: readonly string[]): string[] => [...values].sort();

/** The shape an official schema describes. */
export function schemaShape(schema: JsonSchema): Shape {
  switch (schema.type) {
    case 'string':
      if (schema.enum) return { type: 'enum', values: sorted(schema.enum) };
      return {
        type: 'string',
        ...(schema.maxLength === undefined ? {} : { maxLength: schema.maxLength }),
        ...(schema.format === undefined ? {} : { format: schema.format }),
      };
    case 'integer':
    case 'boolean':
      return { type: schema.type };
    case 'number':
      return schema.multipleOf === undefined
        ? { type: 'number' }
        : { type: 'number', multipleOf: schema.multipleOf };
    case 'array':
      return {
        type: 'array',
        items: schemaShape(schema.items ?? {}),
        minItems: schema.minItems ?? 0,
      };
    case 'object': {
      const required = new Set(schema.required ?? []);
      const props = Object.entries(schema.properties ?? {}).map(([name, s]) => [
        name,
        { required: required.has(name), shape: schemaShape(s) },
      ]);
      return {
        type: 'object',
        closed: schema.additionalProperties === false,
        props: Object.fromEntries(props),
      };
    }
    default:
      throw new Error(`unexpected schema type ${schema.type}`);
  }
}

/** The shape one of our specs describes; `path` (`Action.req.field`) finds the URI fields. */
export function specShape(spec: Spec, path: string): Shape {
  switch (spec.kind) {
    case 'string':
      if (URI_FIELDS.has(path)) return { type: 'string', format: 'uri' };
      return spec.maxLength === undefined
        ? { type: 'string' }
        : { type: 'string', maxLength: spec.maxLength };
    case 'dateTime':
      return { type: 'string', format: 'date-time' };
    case 'enum':
      return { type: 'enum', values: sorted(spec.values) };
    case 'int':
      return { type: 'integer' };
    case 'boolean':
      return { type: 'boolean' };
    case 'number':
      return spec.multipleOf === undefined
        ? { type: 'number' }
        : { type: 'number', multipleOf: spec.multipleOf };
    case 'array':
      return { type: 'array', items: specShape(spec.items, path), minItems: spec.minItems };
    case 'object': {
      const props = Object.entries(spec.props).map(([name, p]) => [
        name,
        { required: p.required, shape: specShape(p.spec, `${path}.${name}`) },
      ]);
      return { type: 'object', closed: true, props: Object.fromEntries(props) };
    }
  }
}
