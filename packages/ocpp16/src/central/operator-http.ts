/**
 * The central system's HTTP operator surface: `POST /api/ocpp/<chargeBoxId>/<Action>` with the
 * `.req` payload as a JSON body sends that CS→CP CALL on the station's newest session (what
 * SteVe's operator UI does, STEVE.md §1.6) and answers with the station's `.conf`. Every
 * request passes core's HTTP policy first (Host, Origin, JSON content type, and the token the
 * policy requires off loopback; `packages/core/src/edge/http-guard.ts`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkHttpRequest, type HttpGuardPolicy, requestPath } from '@evse/core';
import { OcppCallError, OcppClosedError, OcppTimeoutError } from '@evse/ocppj';
import { isAction, sentBy } from '../messages/actions.js';
import type { CentralSystem16 } from './create.js';

/** The path prefix of the operator API. */
export const OPERATOR_PATH = '/api/ocpp/';
const MAX_BODY_BYTES = 1024 * 1024;

type Answer = readonly [status: number, body: unknown];

const send = (
  res: ServerResponse,
  [status, body]: Answer,
  headers: Readonly<Record<string, string>> = {},
): void => {
  res
    .writeHead(status, { ...headers, 'content-type': 'application/json' })
    .end(JSON.stringify(body));
};
const problem = (status: number, code: string, message: string, details?: unknown): Answer => [
  status,
  { error: { code, message, ...(details === undefined ? {} : { details }) } },
];

/** What an operation's failure is answered with. */
function failure(error: unknown): Answer {
  if (error instanceof OcppCallError) return problem(502, error.code, error.message, error.details);
  if (error instanceof OcppTimeoutError) return problem(504, 'Timeout', error.message);
  if (error instanceof OcppClosedError) return problem(409, 'NotConnected', error.message);
  if (error instanceof TypeError) return problem(400, 'InvalidPayload', error.message);
  return problem(500, 'InternalError', error instanceof Error ? error.message : String(error));
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new TypeError(`body: larger than ${MAX_BODY_BYTES} bytes`));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        resolve(text.trim() === '' ? {} : JSON.parse(text));
      } catch {
        reject(new TypeError('body: not JSON'));
      }
    });
    req.on('error', reject);
  });
}

/**
 * An `httpHandler` for the central system (returns true when the request was its own).
 * `policy: null` (bound off loopback without a token) refuses every operation with 403.
 */
export function createOperatorHandler(
  cs: () => CentralSystem16 | undefined,
  policy: HttpGuardPolicy | null,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  return (req, res) => {
    const path = requestPath(req.url);
    if (!path.startsWith(OPERATOR_PATH)) return false;
    const parts = path.slice(OPERATOR_PATH.length).split('/');
    const central = cs();
    if (parts.length !== 2 || central === undefined) {
      send(res, problem(404, 'NotFound', `POST ${OPERATOR_PATH}<chargeBoxId>/<Action>`));
      return true;
    }
    if ((req.method ?? 'GET').toUpperCase() !== 'POST') {
      send(res, problem(405, 'MethodNotAllowed', 'operations are sent with POST'), {
        allow: 'POST',
      });
      return true;
    }
    if (policy === null) {
      send(res, problem(403, 'TokenRequired', 'the operator API needs a token off loopback'));
      return true;
    }
    const verdict = checkHttpRequest(req, policy);
    if (!verdict.ok) {
      send(res, problem(verdict.status, verdict.code, verdict.message), verdict.headers);
      return true;
    }
    const [rawId = '', action = ''] = parts;
    let chargeBoxId: string;
    try {
      chargeBoxId = decodeURIComponent(rawId);
    } catch {
      send(res, problem(400, 'InvalidChargeBoxId', 'chargeBoxId is not percent-decodable'));
      return true;
    }
    if (!isAction(action) || !sentBy(action, 'centralSystem')) {
      send(res, problem(404, 'UnknownOperation', `${action} is not a CS→CP operation`));
      return true;
    }
    readJson(req)
      .then((payload) => central.call(chargeBoxId, action as never, payload as never))
      .then((conf) => send(res, [200, { result: conf }]))
      .catch((error: unknown) => send(res, failure(error)));
    return true;
  };
}
