/**
 * The OCPP endpoint against browsers (AUDIT-2026-12.md findings 4 and 14): charge points send
 * no Origin and keep connecting; a page's WebSocket (it always sends Origin) is refused, and
 * a rebound DNS name on plain HTTP gets 421. Real sockets on 127.0.0.1.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type CentralSystem, type CentralSystemEvent, createCentralSystem } from '../src/index.js';
import { connect } from './support/ws-helpers.js';

let running: CentralSystem | undefined;
afterEach(async () => {
  await running?.close();
});

async function startCs() {
  const cs = await createCentralSystem({ allow: 'any' });
  running = cs;
  const events: CentralSystemEvent[] = [];
  cs.events$.subscribe((e) => events.push(e));
  const urlFor = (id: string) => `${cs.url}/${id}`;
  const port = Number(new URL(cs.url).port);
  return { cs: Object.assign(cs, { urlFor, port }), events };
}

async function statusOf(url: string, headers: Record<string, string> = {}): Promise<number> {
  try {
    const ws = await connect(url, 'ocpp1.5', { headers });
    ws.terminate();
    return 101;
  } catch (e) {
    return (e as { status?: number }).status ?? -1;
  }
}

function plainGet(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url.replace(/^ws/, 'http'), { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('central system endpoint and browsers', () => {
  it('opens for a charge point (no Origin) and refuses any Origin with 403', async () => {
    const { cs, events } = await startCs();
    expect(await statusOf(cs.urlFor('CP-1'))).toBe(101);
    expect(await statusOf(cs.urlFor('CP-2'), { origin: 'http://evil.example' })).toBe(403);
    expect(await statusOf(cs.urlFor('CP-3'), { origin: `http://127.0.0.1:${cs.port}` })).toBe(403);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'handshakeRejected', status: 403 }),
    );
    expect(cs.connections().map((c) => c.chargeBoxId)).toEqual([]);
  });

  it('answers plain HTTP with Host: evil.example 421, its own address as before', async () => {
    const { cs } = await startCs();
    expect(await plainGet(cs.urlFor('CP-1'), 'evil.example')).toBe(421);
    expect(await plainGet(cs.urlFor('CP-1'), `127.0.0.1:${cs.port}`)).toBe(400);
    expect(await plainGet(`${cs.url.replace(/\/steve.*/, '')}/nope`, 'localhost')).toBe(404);
  });
});
