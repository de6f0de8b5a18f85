/**
 * Carry out one `evse ev` request and tell what it did: the emulator's reply carries the
 * status before and after (transport-emulator README.md, Control API), the control loop's
 * result is awaited briefly, and a server that is no emulator is named (AUDIT-2026-12.md #15,
 * #16).
 */
import type { FaultKind } from '@evse/core';
import { FAULT_TRIGGERS } from '@evse/transport-emulator';
import { CliError } from '../errors.js';
import { type ControlReply, isOk, replyError, requestControlApi } from '../http/control-client.js';
import { formatStatusLine, type StatusView } from '../io/format.js';
import { kindOfStatus, type ServerKind, wrongServer } from './identify.js';
import { describeOutcome, type EvAction, type EvStatus, type Outcome, settled } from './outcome.js';

/** Where and how to call. */
export interface EvTarget {
  readonly base: URL;
  readonly token?: string | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * How long to wait for the control loop to show an action's result: its 250 ms pilot debounce
 * and 1 s checks (RAPI.md §4.2, §4.12) with room to spare.
 */
const SETTLE_MS = 1500;
const POLL_MS = 100;

/** POST an EV action; the outcome to print (effect false: nothing happened, nothing will). */
export async function runEvAction(
  target: EvTarget,
  action: EvAction,
  kind: FaultKind | undefined,
  path: string,
  body: unknown,
): Promise<{ outcome: Outcome; reply: unknown }> {
  const reply = await call(target, 'POST', path, body);
  if (reply.status === 404)
    throw new CliError(wrongServer(await identify(target), target.base.origin));
  if (reply.status === 409) {
    // The emulator refused the action (e.g. charge while unplugged): nothing happened.
    const message = (reply.body as { error?: { message?: string } } | null)?.error?.message;
    return {
      outcome: { line: `${action}: ${message ?? 'refused'}`, effect: false },
      reply: reply.body,
    };
  }
  if (!isOk(reply)) throw replyError('POST', path, reply);
  const { before, status } = (reply.body ?? {}) as { before?: EvStatus; status?: EvStatus };
  if (!isEvStatus(before) || !isEvStatus(status)) {
    throw new CliError(
      `POST ${path} at ${target.base.origin}: the reply has no status before and after; is that an evse emulator control API?`,
    );
  }
  let after = status;
  const deadline = Date.now() + SETTLE_MS;
  while (!settled(action, before, after) && Date.now() < deadline && !target.signal?.aborted) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const now = await call(target, 'GET', '/api/status');
    if (isOk(now) && isEvStatus(now.body)) after = now.body;
  }
  return { outcome: describeOutcome(action, kind, before, after), reply: reply.body };
}

/** `GET /api/status` of an emulator or a bridge, as lines to print. */
export async function statusLines(target: EvTarget): Promise<{ lines: string[]; reply: unknown }> {
  const reply = await call(target, 'GET', '/api/status');
  const kind = kindFromReply(reply);
  if (kind === 'emulator') {
    const s = reply.body as EvStatus;
    const lines = [formatStatusLine(s)];
    const waiting = s.injectedFaults.filter((f) => f !== s.fault);
    if (waiting.length > 0) {
      const what = waiting.map((f) => `${f} (${FAULT_TRIGGERS[f]})`).join('; ');
      lines.push(`injected, not tripped yet: ${what}`);
    }
    return { lines, reply: reply.body };
  }
  if (kind === 'bridge') {
    const b = reply.body as {
      station: StatusView;
      transaction: { transactionId?: number; idTag?: string } | null;
      queued: number;
    };
    const tx = b.transaction
      ? `transaction ${b.transaction.transactionId ?? '(pending)'} for ${b.transaction.idTag ?? '?'}`
      : 'no transaction';
    return {
      lines: [`${formatStatusLine(b.station)}  ${tx}  queued ${b.queued}`],
      reply: reply.body,
    };
  }
  if (!isOk(reply) && reply.status !== 404) throw replyError('GET', '/api/status', reply);
  throw new CliError(wrongServer(kind, target.base.origin));
}

/** The kind of server at the target, for a request it answered 404. */
export async function identify(target: EvTarget): Promise<ServerKind> {
  return kindFromReply(await call(target, 'GET', '/api/status'));
}

function kindFromReply(reply: ControlReply): ServerKind {
  if (isOk(reply)) return kindOfStatus(reply.body);
  // Every evse HTTP API answers errors as JSON; the central system's plain HTTP answers an
  // empty 404 (it serves only WebSocket upgrades, packages/ocpp15 README.md).
  return reply.status === 404 && reply.body === null ? 'central' : 'unknown';
}

function call(target: EvTarget, method: 'GET' | 'POST', path: string, body?: unknown) {
  return requestControlApi(target.base, method, path, body, target.signal, target.token);
}

function isEvStatus(value: unknown): value is EvStatus {
  const s = value as Partial<EvStatus> | null;
  return (
    typeof s?.state === 'string' &&
    typeof s.pilotState === 'number' &&
    typeof s.evConnected === 'boolean' &&
    Array.isArray(s.injectedFaults)
  );
}
