// Public API of @evse/ocppj: named exports only (STYLE.md §2.14), kept sorted by path.
export type {
  ArraySpec,
  BoolSpec,
  DateTimeSpec,
  EnumSpec,
  Infer,
  IntSpec,
  NumberSpec,
  ObjectSpec,
  PropSpec,
  Spec,
  StringSpec,
} from './wire/schema.js';
export { bool, dateTime, int, list, num, obj, oneOf, opt, req, str } from './wire/schema.js';
export type {
  IssueKind,
  ValidateOptions,
  ValidationIssue,
  ValidationResult,
} from './wire/validate.js';
export { describeIssues, isDateTime, validatePayload } from './wire/validate.js';
