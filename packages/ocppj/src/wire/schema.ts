/**
 * A tiny, data-only description language for OCPP-J payloads, shared by every OCPP
 * version. A version's message table (`@evse/ocpp15`'s `messages.ts`, `@evse/ocpp16`'s)
 * is written once in it; the TypeScript types are inferred from it (`Infer`) and the
 * validator (`validate.ts`) interprets it, so nothing is typed twice (STYLE.md §2.3). The
 * constructs are the ones the 1.5 WSDL and the 1.6 JSON schemas use, mapped the way
 * STEVE.md §2 describes: xs:int → int32 integer, xs:string (+maxLength), xs:anyURI →
 * string, xs:dateTime → RFC 3339 string with mandatory offset, enumerations, sequences
 * with minOccurs/maxOccurs, and closed objects; plus the 1.6 schemas' decimal
 * (`"type": "number"`, optionally `multipleOf`).
 */

/** A string field, optionally with an XSD `maxLength` (counted in code points, like JSON Schema). */
export interface StringSpec {
  readonly kind: 'string';
  readonly maxLength?: number;
}
/** An `xs:int` field: a JSON integer in the int32 range. */
export interface IntSpec {
  readonly kind: 'int';
}
/**
 * A decimal field: any finite JSON number (the 1.6 schemas' `"type": "number"`), optionally
 * a multiple of `multipleOf` (e.g. 1.6 `ChargingSchedulePeriod.limit`, multipleOf 0.1).
 */
export interface NumberSpec {
  readonly kind: 'number';
  readonly multipleOf?: number;
}
/** An `xs:boolean` field. */
export interface BoolSpec {
  readonly kind: 'boolean';
}
/** An `xs:dateTime` field: `YYYY-MM-DDThh:mm:ss[.f{1,9}](Z|±hh:mm)`, offset mandatory (STEVE.md §2). */
export interface DateTimeSpec {
  readonly kind: 'dateTime';
}
/** An XSD enumeration: one of the exact, case-sensitive literals (STEVE.md §1.7). */
export interface EnumSpec<V extends string = string> {
  readonly kind: 'enum';
  readonly values: readonly V[];
}
/** A repeated element (`maxOccurs > 1`); `minItems` is 1 when the element is required. */
export interface ArraySpec<I extends Spec = Spec> {
  readonly kind: 'array';
  readonly items: I;
  readonly minItems: number;
}
/** One property of an object: its spec and whether it is required (`minOccurs ≥ 1`). */
export interface PropSpec<S extends Spec = Spec, R extends boolean = boolean> {
  readonly spec: S;
  readonly required: R;
}
/** A closed object (`additionalProperties: false` in the schemas). */
export interface ObjectSpec<P extends Record<string, PropSpec> = Record<string, PropSpec>> {
  readonly kind: 'object';
  readonly props: P;
}

/** Any payload description. */
export type Spec =
  | StringSpec
  | IntSpec
  | NumberSpec
  | BoolSpec
  | DateTimeSpec
  | EnumSpec
  | ArraySpec<Spec>
  | ObjectSpec<Record<string, PropSpec>>;

type Simplify<T> = { [K in keyof T]: T[K] } & {};
type RequiredKeys<P> = { [K in keyof P]: P[K] extends PropSpec<Spec, true> ? K : never }[keyof P];
type OptionalKeys<P> = Exclude<keyof P, RequiredKeys<P>>;

/** The TypeScript type a spec describes. */
export type Infer<S> = S extends StringSpec | DateTimeSpec
  ? string
  : S extends IntSpec | NumberSpec
    ? number
    : S extends BoolSpec
      ? boolean
      : S extends EnumSpec<infer V>
        ? V
        : S extends ArraySpec<infer I>
          ? Infer<I>[]
          : S extends ObjectSpec<infer P>
            ? Simplify<
                { [K in RequiredKeys<P>]: Infer<P[K]['spec']> } & {
                  [K in OptionalKeys<P>]?: Infer<P[K]['spec']>;
                }
              >
            : never;

/** `xs:string`, optionally limited to `maxLength` characters. */
export const str = (maxLength?: number): StringSpec =>
  maxLength === undefined ? { kind: 'string' } : { kind: 'string', maxLength };
/** `xs:int`. */
export const int = (): IntSpec => ({ kind: 'int' });
/** A decimal (JSON number), optionally a multiple of `multipleOf` (> 0). */
export const num = (multipleOf?: number): NumberSpec =>
  multipleOf === undefined ? { kind: 'number' } : { kind: 'number', multipleOf };
/** `xs:boolean`. */
export const bool = (): BoolSpec => ({ kind: 'boolean' });
/** `xs:dateTime`. */
export const dateTime = (): DateTimeSpec => ({ kind: 'dateTime' });
/** An enumeration over an `as const` tuple of literals. */
export const oneOf = <const V extends string>(values: readonly V[]): EnumSpec<V> => ({
  kind: 'enum',
  values,
});
/** A repeated element. */
export const list = <I extends Spec>(items: I, minItems = 0): ArraySpec<I> => ({
  kind: 'array',
  items,
  minItems,
});
/** A required property. */
export const req = <S extends Spec>(spec: S): PropSpec<S, true> => ({ spec, required: true });
/** An optional property. */
export const opt = <S extends Spec>(spec: S): PropSpec<S, false> => ({ spec, required: false });
/** A closed object. */
export const obj = <P extends Record<string, PropSpec>>(props: P): ObjectSpec<P> => ({
  kind: 'object',
  props,
});
