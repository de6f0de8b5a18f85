// The bridge's card-swipe endpoint (`evse bridge --http`) over real HTTP on 127.0.0.1:0:
// good swipes reach the charge point, bad requests get a 4xx and change nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { type BridgeApi, serveBridgeApi } from '../src/bridge/http.js';

let api: BridgeApi | null = null;
afterEach(async () => {
  await api?.close();
  api = null;
});

async function start(token?: string): Promise<{ swiped: string[]; base: string }> {
  const swiped: string[] = [];
  api = await serveBridgeApi(
    {
      authorize: async (idTag) => {
        swiped.push(idTag);
        return { idTagInfo: { status: idTag === 'GOOD' ? 'Accepted' : 'Invalid' } };
      },
      status: () => ({ queued: 0 }),
    },
    { host: '127.0.0.1', port: 0 },
    token,
  );
  return { swiped, base: api.url };
}

const post = (url: string, body: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('serveBridgeApi', () => {
  it('authorizes on /api/authorize and /api/swipe, and reports status', async () => {
    const { swiped, base } = await start();
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const a = await post(`${base}/api/authorize`, '{"idTag":"GOOD"}');
    expect(a.status).toBe(200);
    expect(await a.json()).toEqual({ idTagInfo: { status: 'Accepted' } });
    const b = await post(`${base}/api/swipe`, '{"idTag":"OTHER"}');
    expect(await b.json()).toEqual({ idTagInfo: { status: 'Invalid' } });
    expect(await (await fetch(`${base}/api/status`)).json()).toEqual({ queued: 0 });
    expect(swiped).toEqual(['GOOD', 'OTHER']);
  });

  it.each([
    { what: 'not JSON', path: '/api/authorize', body: '{idTag', status: 400, code: 'BAD_JSON' },
    { what: 'no idTag', path: '/api/authorize', body: '{}', status: 400, code: 'BAD_ID_TAG' },
    {
      what: 'a 21-character idTag (OCPP 1.5 IdToken is 20)',
      path: '/api/authorize',
      body: JSON.stringify({ idTag: 'X'.repeat(21) }),
      status: 400,
      code: 'BAD_ID_TAG',
    },
    { what: 'an unknown route', path: '/api/nope', body: '{}', status: 404, code: 'NOT_FOUND' },
    {
      what: 'an unknown field',
      path: '/api/authorize',
      body: '{"idTag":"GOOD","x":1}',
      status: 400,
      code: 'UNKNOWN_FIELD',
    },
    {
      what: 'a newline in the idTag (a forged log line)',
      path: '/api/authorize',
      body: JSON.stringify({ idTag: 'A\nB FAKE LINE' }),
      status: 400,
      code: 'BAD_ID_TAG',
    },
    {
      what: 'ESC in the idTag',
      path: '/api/swipe',
      body: JSON.stringify({ idTag: '\u001b[31mRED' }),
      status: 400,
      code: 'BAD_ID_TAG',
    },
    {
      what: 'a body over 4 KiB',
      path: '/api/authorize',
      body: JSON.stringify({ idTag: 'X'.repeat(10_000) }),
      status: 413,
      code: 'BODY_TOO_LARGE',
    },
  ])(
    'answers $what with $status $code and authorizes nothing',
    async ({ path, body, status, code }) => {
      const { swiped, base } = await start();
      const response = await post(`${base}${path}`, body);
      expect(response.status).toBe(status);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(code);
      expect(swiped).toEqual([]);
    },
  );

  it('answers GET on the authorize route with 405', async () => {
    const { base } = await start();
    const response = await fetch(`${base}/api/authorize`);
    expect(response.status).toBe(405);
    await response.body?.cancel();
  });

  it('refuses other origins, text bodies and foreign Hosts, and authorizes nothing', async () => {
    const { swiped, base } = await start();
    const body = '{"idTag":"GOOD"}';
    const crossOrigin = await fetch(`${base}/api/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:9' },
      body,
    });
    expect(crossOrigin.status).toBe(403);
    const text = await fetch(`${base}/api/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    expect(text.status).toBe(415);
    expect(swiped).toEqual([]);
  });

  it('with a token, swipes need the bearer header', async () => {
    const { swiped, base } = await start('bridge-token-1');
    const body = '{"idTag":"GOOD"}';
    expect((await post(`${base}/api/authorize`, body)).status).toBe(401);
    const ok = await fetch(`${base}/api/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer bridge-token-1' },
      body,
    });
    expect(ok.status).toBe(200);
    expect(swiped).toEqual(['GOOD']);
  });
});
