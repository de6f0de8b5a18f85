/** `/override`, `/claims…` and `/limit` (WIFI-API.md §8–10). */
import type { ServerResponse } from 'node:http';
import { CLAIM_PRIORITY } from '@evse/core';
import { type ClaimBook, toggleOverride } from '../claims.js';
import { CLIENTS } from '../clients.js';
import { readLimit } from '../limit.js';
import type { StatusModel } from '../model.js';
import { isObject, propertiesJson, readProperties } from '../properties.js';
import { jsonBody, notAllowed, type Sent, sendJson, type WifiRequest } from './reply.js';

const MANUAL = CLIENTS.manual;

export function override(req: WifiRequest, res: ServerResponse, book: ClaimBook): Sent {
  switch (req.method) {
    case 'GET': {
      const c = book.get(MANUAL.id);
      return sendJson(res, 200, c ? propertiesJson(c.properties) : {});
    }
    case 'POST': {
      const body = jsonBody(req);
      if (!isObject(body)) return sendJson(res, 400, { msg: 'Failed to parse JSON' });
      // Replaces the override (not merged); auto_release defaults to true (WIFI-API.md §8).
      book.put(MANUAL.id, readProperties(body, { auto_release: true }), MANUAL.priority);
      return sendJson(res, 201, { msg: 'Created' });
    }
    case 'PATCH':
      toggleOverride(book);
      return sendJson(res, 200, { msg: 'Updated' });
    case 'DELETE':
      return book.drop(MANUAL.id)
        ? sendJson(res, 200, { msg: 'Deleted' })
        : sendJson(res, 500, { msg: 'Failed to release manual override' });
    default:
      return notAllowed(res);
  }
}

export function claims(req: WifiRequest, res: ServerResponse, book: ClaimBook): Sent {
  const rest = req.path.slice('/claims'.length);
  if (rest === '/target') {
    return req.method === 'GET' ? sendJson(res, 200, book.targetJson()) : notAllowed(res);
  }
  if (rest === '' || rest === '/') {
    if (req.method !== 'GET') return notAllowed(res);
    const list = book.list().map((c) => ({
      client: c.client,
      priority: c.priority,
      ...propertiesJson(c.properties),
    }));
    return sendJson(res, 200, list);
  }
  const id = /^\/(\d+)$/.exec(rest)?.[1];
  if (id === undefined) return sendJson(res, 404, { msg: 'Not found' });
  const client = Number(id);
  switch (req.method) {
    case 'GET': {
      const c = book.get(client);
      return c
        ? sendJson(res, 200, { priority: c.priority, ...propertiesJson(c.properties) })
        : sendJson(res, 404, { msg: 'Not found' });
    }
    case 'POST': {
      const body = jsonBody(req);
      if (!isObject(body)) return sendJson(res, 400, { msg: 'Could not parse JSON' });
      book.put(client, readProperties(body, { auto_release: false }), CLAIM_PRIORITY.api);
      return sendJson(res, 200, { msg: 'done' });
    }
    case 'DELETE':
      return book.drop(client)
        ? sendJson(res, 200, { msg: 'done' })
        : sendJson(res, 404, { msg: 'Not found' });
    default:
      return notAllowed(res);
  }
}

export function limit(req: WifiRequest, res: ServerResponse, model: StatusModel): Sent {
  const keeper = model.limit;
  switch (req.method) {
    case 'GET':
      return sendJson(res, 200, keeper.get() ?? {});
    case 'POST': {
      const l = readLimit(jsonBody(req));
      if (l === null) return sendJson(res, 400, { msg: 'failed to parse JSON' });
      keeper.set(l);
      return sendJson(res, 201, { msg: 'done' });
    }
    case 'DELETE':
      return sendJson(res, 200, { msg: keeper.clear() ? 'done' : 'no limit' });
    default:
      return notAllowed(res);
  }
}
