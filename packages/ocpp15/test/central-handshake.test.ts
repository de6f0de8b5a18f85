import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { basic, centralSystemTests, rawStation } from './support/cs-helpers.js';
import { until } from './support/helpers.js';
import { connect } from './support/ws-helpers.js';

const { startCs } = centralSystemTests();

/** The HTTP status of a refused upgrade (or 101 when it opened). */
async function statusOf(
  url: string,
  protocols?: string | string[],
  headers?: Record<string, string>,
): Promise<number> {
  try {
    const ws = await connect(url, protocols, headers ? { headers } : {});
    ws.terminate();
    return 101;
  } catch (e) {
    return (e as { status?: number }).status ?? -1;
  }
}

describe('endpoint path and registration (STEVE.md §1.1–§1.3)', () => {
  it('serves /steve/websocket/CentralSystemService/<id> on 127.0.0.1 with the actual port', async () => {
    const { cs } = await startCs({ allow: ['CP-1'] });
    expect(cs.url).toBe(`ws://127.0.0.1:${cs.port}/steve/websocket/CentralSystemService`);
    expect(cs.port).toBeGreaterThan(0);
    expect(await statusOf(cs.urlFor('CP-1'), 'ocpp1.5')).toBe(101);
  });

  it('refuses unknown ids with 404 and reports it', async () => {
    const { cs, events } = await startCs({ allow: ['CP-1'] });
    expect(await statusOf(cs.urlFor('CP-2'), 'ocpp1.5')).toBe(404);
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'handshakeRejected', status: 404 }),
    );
    expect(cs.connections()).toEqual([]);
  });

  it('remembers unknown ids that tried to connect, at most 100, newest last', async () => {
    const { cs } = await startCs({ allow: ['CP-1'] });
    await statusOf(cs.urlFor('X-1'), 'ocpp1.5');
    await statusOf(cs.urlFor('X-2'), 'ocpp1.5');
    await statusOf(cs.urlFor('X-1'), 'ocpp1.5');
    await statusOf(cs.urlFor('bad=id'), 'ocpp1.5'); // invalid, not "unknown"
    expect(cs.unknownStations().map((u) => [u.chargeBoxId, u.attempts])).toEqual([
      ['X-2', 1],
      ['X-1', 2],
    ]);
  });

  it('matches registered ids case-insensitively and then uses the registered spelling', async () => {
    const { cs } = await startCs({ allow: ['CP-Alpha'] });
    await rawStation(cs, 'cp-ALPHA');
    expect(cs.connections().map((c) => c.chargeBoxId)).toEqual(['CP-Alpha']);
  });

  it.each([
    ['a=b', 400],
    ['(x)', 400],
    ['x<y', 400],
    [' lead', 400],
    ['trail ', 400],
    ['a%2Fb', 400], // percent-decoded "/" is invalid
    ['%E0%A4%A', 400], // not decodable
  ])('id %j → %i', async (raw, status) => {
    const { cs } = await startCs();
    expect(await statusOf(`${cs.url}/${raw.replace(/ /g, '%20')}`, 'ocpp1.5')).toBe(status);
  });

  it('404 for other paths, extra segments and an empty id is 400', async () => {
    const { cs } = await startCs();
    const origin = `ws://127.0.0.1:${cs.port}`;
    expect(await statusOf(`${origin}/ocpp/CP-1`, 'ocpp1.5')).toBe(404);
    expect(await statusOf(`${cs.url}/CP-1/extra`, 'ocpp1.5')).toBe(404);
    expect(await statusOf(`${cs.url}/`, 'ocpp1.5')).toBe(400);
  });

  it('honours a configured base path', async () => {
    const { cs } = await startCs({ basePath: '/ocpp' });
    expect(cs.urlFor('X')).toBe(`ws://127.0.0.1:${cs.port}/ocpp/X`);
    expect(await statusOf(cs.urlFor('X'), 'ocpp1.5')).toBe(101);
    expect(
      await statusOf(`ws://127.0.0.1:${cs.port}/steve/websocket/CentralSystemService/X`, 'ocpp1.5'),
    ).toBe(404);
  });

  it('plain HTTP requests are not served', async () => {
    const { cs } = await startCs();
    const res = await fetch(`http://127.0.0.1:${cs.port}/steve/websocket/CentralSystemService/X`);
    expect(res.status).toBe(400);
    expect((await fetch(`http://127.0.0.1:${cs.port}/`)).status).toBe(404);
  });
});

describe('subprotocol negotiation (STEVE.md §1.2)', () => {
  it('no Sec-WebSocket-Protocol → 400', async () => {
    const { cs } = await startCs();
    expect(await statusOf(cs.urlFor('CP-1'))).toBe(400);
  });

  it('only unserved subprotocols (exact, case-sensitive) → 404', async () => {
    const { cs } = await startCs();
    expect(await statusOf(cs.urlFor('CP-1'), ['ocpp1.6'])).toBe(404);
    expect(await statusOf(cs.urlFor('CP-1'), ['OCPP1.5'])).toBe(404);
    expect(await statusOf(cs.urlFor('CP-1'), ['ocpp2.0.1', 'ocpp1.2'])).toBe(404);
  });

  it('picks the first served protocol in the client’s order and echoes it', async () => {
    const { cs } = await startCs();
    const st = await rawStation(cs, 'CP-1', ['ocpp2.0.1', 'ocpp1.6', 'ocpp1.5']);
    expect(st.ws.protocol).toBe('ocpp1.5');
    expect(cs.connections()[0]?.protocol).toBe('ocpp1.5');
  });
});

describe('HTTP Basic auth per station (STEVE.md §1.2)', () => {
  const options = { allow: ['CP-1', 'CP-open'], passwords: { 'CP-1': 's3cret' } };

  it('401 without credentials or with wrong ones, 400 for an unparsable header', async () => {
    const { cs } = await startCs(options);
    expect(await statusOf(cs.urlFor('CP-1'), 'ocpp1.5')).toBe(401);
    expect(
      await statusOf(cs.urlFor('CP-1'), 'ocpp1.5', { Authorization: basic('CP-1', 'wrong') }),
    ).toBe(401);
    expect(
      await statusOf(cs.urlFor('CP-1'), 'ocpp1.5', { Authorization: basic('CP-2', 's3cret') }),
    ).toBe(401);
    expect(await statusOf(cs.urlFor('CP-1'), 'ocpp1.5', { Authorization: 'Bearer abc' })).toBe(400);
    expect(
      await statusOf(cs.urlFor('CP-1'), 'ocpp1.5', {
        Authorization: `Basic ${Buffer.from('nocolon').toString('base64')}`,
      }),
    ).toBe(400);
  });

  it('opens with the right credentials (username case-insensitive); stations without a password need none', async () => {
    const { cs } = await startCs(options);
    expect(
      await statusOf(cs.urlFor('CP-1'), 'ocpp1.5', { Authorization: basic('cp-1', 's3cret') }),
    ).toBe(101);
    expect(await statusOf(cs.urlFor('CP-open'), 'ocpp1.5')).toBe(101);
  });

  it('checks auth before the subprotocol, and the id before auth', async () => {
    const { cs } = await startCs(options);
    expect(await statusOf(cs.urlFor('CP-1'))).toBe(401);
    expect(await statusOf(cs.urlFor('CP-9'))).toBe(404);
  });
});

describe('sessions (STEVE.md §1.4)', () => {
  it('keeps a second session with the same id open; connected/disconnected fire on 0→1 and 1→0 only', async () => {
    const { cs, events } = await startCs();
    const a = await rawStation(cs, 'CP-1');
    const b = await rawStation(cs, 'CP-1');
    expect(a.ws.readyState).toBe(WebSocket.OPEN);
    expect(cs.connections()).toHaveLength(2);
    expect(cs.stations()[0]?.sessions).toBe(2);
    a.ws.close();
    await a.closeCode;
    await until(() => cs.connections().length === 1);
    b.ws.close();
    await b.closeCode;
    await until(() => cs.connections().length === 0);
    expect(
      events.filter((e) => e.type === 'connected' || e.type === 'disconnected').map((e) => e.type),
    ).toEqual(['connected', 'disconnected']);
    expect(events.filter((e) => e.type === 'sessionOpened')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'sessionClosed')).toHaveLength(2);
    expect(cs.connections()).toEqual([]);
  });

  it('answers each CALL on the session it came in on', async () => {
    const { cs } = await startCs();
    const a = await rawStation(cs, 'CP-1');
    const b = await rawStation(cs, 'CP-1');
    b.ws.send('[2,"b1","Heartbeat",{}]');
    expect((await a.call('Heartbeat', {}))[0]).toBe(3);
    expect((await b.r.nextJson())[1]).toBe('b1');
  });

  it('pings every pingIntervalMs with payload "ping"; a pong counts as a heartbeat', async () => {
    const { cs } = await startCs({ pingIntervalMs: 50 });
    const st = await rawStation(cs, 'CP-1');
    const payload = await new Promise<string>((resolve) =>
      st.ws.once('ping', (d) => resolve(d.toString())),
    );
    expect(payload).toBe('ping');
    await until(() => cs.stations()[0]?.lastHeartbeat !== undefined); // the automatic pong
    expect(cs.stations()[0]?.lastHeartbeat).toBeInstanceOf(Date);
  });

  it('closes an idle session after idleTimeoutMs', async () => {
    const { cs } = await startCs({ idleTimeoutMs: 80 });
    const st = await rawStation(cs, 'CP-1');
    expect(await st.closeCode).toBe(1001);
  });

  it('every frame pushes the idle timeout back; silence then closes with 1001', async () => {
    const { cs } = await startCs({ idleTimeoutMs: 1000 });
    const st = await rawStation(cs, 'CP-1');
    let open = true;
    void st.closeCode.then(() => {
      open = false;
    });
    const until = performance.now() + 2500; // two and a half idle timeouts of talking
    while (performance.now() < until) {
      await st.call('Heartbeat', {});
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(open).toBe(true);
    expect(await st.closeCode).toBe(1001);
  });

  it('close() closes every session with 1001 and is idempotent', async () => {
    const { cs } = await startCs();
    const st = await rawStation(cs, 'CP-1');
    await Promise.all([cs.close(), cs.close()]);
    expect(await st.closeCode).toBe(1001);
  });

  it('disconnect() closes every session of a station', async () => {
    const { cs } = await startCs();
    const a = await rawStation(cs, 'CP-1');
    const b = await rawStation(cs, 'CP-1');
    expect(cs.disconnect('CP-1', 4000)).toBe(2);
    expect([await a.closeCode, await b.closeCode]).toEqual([4000, 4000]);
  });
});
