/**
 * Validation of control API request bodies (pure: JSON value in, command or error out). Every
 * body is checked completely before anything is done, so a bad request changes nothing.
 */
import { FAULT_KINDS, idTagProblem, isFaultKind } from '@evse/core';
import type { EmulatorFaultKind, EvSettings } from './types.js';

/** Every fault the API accepts (RAPI.md §3.1): the kinds of core's fault table. */
export const FAULT_KIND_NAMES: readonly EmulatorFaultKind[] = FAULT_KINDS.map((f) => f.kind);

/** EV actions of `POST /api/ev`. */
export const EV_ACTIONS = ['connect', 'charge', 'stop', 'disconnect'] as const;
/** Button presses of `POST /api/button` (RAPI.md §4.13). */
export const BUTTON_PRESSES = ['short', 'long', 'hold'] as const;

/** A validated control request. */
export type ControlCommand =
  | { kind: 'ev'; action: (typeof EV_ACTIONS)[number] | null; settings: EvSettings }
  | { kind: 'fault'; fault: EmulatorFaultKind }
  | { kind: 'clearFault' }
  | { kind: 'swipe'; idTag: string }
  | { kind: 'button'; press: (typeof BUTTON_PRESSES)[number] }
  | { kind: 'ambient'; celsius: number }
  | { kind: 'reboot' };

/** Error codes in `{ "error": { "code", "message" } }` bodies. */
export type ControlApiErrorCode =
  | 'MALFORMED_JSON'
  | 'INVALID_BODY'
  | 'UNKNOWN_FIELD'
  | 'MISSING_FIELD'
  | 'INVALID_FIELD'
  | 'UNKNOWN_ACTION'
  | 'UNKNOWN_FAULT'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'BODY_TOO_LARGE'
  | 'REJECTED'
  | 'INTERNAL'
  | 'MISDIRECTED_HOST'
  | 'CROSS_ORIGIN'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'TOKEN_REQUIRED';

/** A 4xx answer. */
export interface ControlApiError {
  status: number;
  code: ControlApiErrorCode;
  message: string;
}

type Parsed = { ok: true; command: ControlCommand } | { ok: false; error: ControlApiError };
type Body = Record<string, unknown>;

const bad = (code: ControlApiErrorCode, message: string): Parsed => ({
  ok: false,
  error: { status: 400, code, message },
});

/** Parse the body of a POST to `route` (`ev`, `fault`, `swipe`, `button`, `ambient`, `reboot`). */
export function parseControlRequest(route: string, text: string): Parsed {
  let json: unknown = {};
  if (text.trim() !== '') {
    try {
      json = JSON.parse(text);
    } catch (err) {
      return bad('MALFORMED_JSON', `body is not valid JSON: ${(err as Error).message}`);
    }
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return bad('INVALID_BODY', 'body must be a JSON object');
  }
  const body = json as Body;
  switch (route) {
    case 'ev':
      return parseEv(body);
    case 'fault':
      return parseFault(body);
    case 'swipe': {
      const extra = unknownField(body, ['idTag']);
      if (extra) return extra;
      const { idTag } = body;
      if (idTag === undefined) return bad('MISSING_FIELD', 'idTag is required');
      // OCPP 1.5 IdToken is a CiString20; no control characters (AUDIT-2026-12.md #13).
      const problem = idTagProblem(idTag);
      if (problem !== null) return bad('INVALID_FIELD', `idTag ${problem}`);
      return { ok: true, command: { kind: 'swipe', idTag: idTag as string } };
    }
    case 'button': {
      const extra = unknownField(body, ['press']);
      if (extra) return extra;
      const { press = 'short' } = body;
      if (!BUTTON_PRESSES.includes(press as never)) {
        return bad('UNKNOWN_ACTION', `press must be one of ${BUTTON_PRESSES.join(', ')}`);
      }
      return {
        ok: true,
        command: { kind: 'button', press: press as (typeof BUTTON_PRESSES)[number] },
      };
    }
    case 'ambient': {
      const extra = unknownField(body, ['celsius']);
      if (extra) return extra;
      const { celsius } = body;
      if (celsius === undefined) return bad('MISSING_FIELD', 'celsius is required');
      if (!isNumberIn(celsius, -40, 120)) {
        return bad('INVALID_FIELD', 'celsius must be a number from -40 to 120');
      }
      return { ok: true, command: { kind: 'ambient', celsius } };
    }
    default: {
      const extra = unknownField(body, []);
      return extra ?? { ok: true, command: { kind: 'reboot' } };
    }
  }
}

const EV_LIMITS = {
  maxCurrentA: [1, 80], // 80 A is the hardware maximum of the reference build (RAPI.md §3.6)
  batteryKwh: [1, 1000],
  socPercent: [0, 100],
} as const;

function parseEv(body: Body): Parsed {
  const extra = unknownField(body, ['action', ...Object.keys(EV_LIMITS)]);
  if (extra) return extra;
  const settings: EvSettings = {};
  for (const [key, [min, max]] of Object.entries(EV_LIMITS)) {
    const value = body[key];
    if (value === undefined) continue;
    if (!isNumberIn(value, min, max)) {
      return bad('INVALID_FIELD', `${key} must be a number from ${min} to ${max}`);
    }
    settings[key as keyof EvSettings] = value;
  }
  const { action } = body;
  if (action === undefined) {
    if (Object.keys(settings).length === 0) {
      return bad('MISSING_FIELD', `give an action (${EV_ACTIONS.join(', ')}) or an EV setting`);
    }
    return { ok: true, command: { kind: 'ev', action: null, settings } };
  }
  if (!EV_ACTIONS.includes(action as never)) {
    return bad('UNKNOWN_ACTION', `action must be one of ${EV_ACTIONS.join(', ')}`);
  }
  return {
    ok: true,
    command: { kind: 'ev', action: action as (typeof EV_ACTIONS)[number], settings },
  };
}

function parseFault(body: Body): Parsed {
  const extra = unknownField(body, ['kind', 'action']);
  if (extra) return extra;
  const { kind, action } = body;
  if (kind !== undefined && action !== undefined) {
    return bad('INVALID_BODY', 'give either kind or action, not both');
  }
  if (action !== undefined) {
    if (action !== 'clear') return bad('UNKNOWN_ACTION', 'action must be "clear"');
    return { ok: true, command: { kind: 'clearFault' } };
  }
  if (kind === undefined)
    return bad('MISSING_FIELD', 'kind (a fault) or action "clear" is required');
  if (!isFaultKind(kind)) {
    return bad('UNKNOWN_FAULT', `kind must be one of ${FAULT_KIND_NAMES.join(', ')}`);
  }
  return { ok: true, command: { kind: 'fault', fault: kind } };
}

function unknownField(body: Body, allowed: readonly string[]): Parsed | null {
  const extra = Object.keys(body).find((k) => !allowed.includes(k));
  if (extra === undefined) return null;
  const known = allowed.length ? `known: ${allowed.join(', ')}` : 'this endpoint takes no body';
  return bad('UNKNOWN_FIELD', `unknown field ${JSON.stringify(extra)} (${known})`);
}

function isNumberIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
}
