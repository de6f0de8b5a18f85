/**
 * Security profiles on the central system's upgrade (OCPP 1.6 security whitepaper; STEVE.md
 * §1.2): Basic auth `chargeBoxId:password` (401 when wrong or missing), `wss://` with a
 * throw-away CA made in the test, and client certificates (profile 3: 401 without a trusted
 * one). The password never shows in an event.
 */
import { openSocket } from '@evse/ocppj';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePki, type Pki } from '../../ocppj/test/support/pki.js';
import { connectClient, startCentral16 } from './support/central16.js';
import { upgradeStatus } from './support/upgrade.js';

const PASSWORD = 'correct-horse-battery-staple';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const v16 = { 'sec-websocket-protocol': 'ocpp1.6' };

let pki: Pki;
beforeAll(() => {
  pki = makePki();
});
afterAll(() => pki?.cleanup());

describe('Basic auth (profile 1)', () => {
  it('lets in the right password and answers 401 to a wrong or missing one', async () => {
    const cs = await startCentral16({ password: PASSWORD });
    const seen: string[] = [];
    cs.events$.subscribe((e) => seen.push(JSON.stringify(e)));
    const url = cs.urlFor('CP1');
    expect(await upgradeStatus(url, v16)).toBe(401);
    expect(await upgradeStatus(url, { ...v16, authorization: basic('CP1', 'wrong') })).toBe(401);
    expect(await upgradeStatus(url, { ...v16, authorization: basic('CP2', PASSWORD) })).toBe(401);
    // ocpp-rpc sends `identity:password` itself.
    const { client } = await connectClient(cs.url, { password: PASSWORD });
    expect(
      await client.call('BootNotification', { chargePointVendor: 'X', chargePointModel: 'Y' }),
    ).toMatchObject({ status: 'Accepted' });
    expect(seen.filter((e) => e.includes('handshakeRejected'))).toHaveLength(3);
    expect(seen.join('\n')).not.toContain(PASSWORD);
    expect(seen.join('\n')).not.toContain(Buffer.from(`CP1:${PASSWORD}`).toString('base64'));
  });

  it('keeps a per-station password over the common one', async () => {
    const cs = await startCentral16({ password: PASSWORD, passwords: { cp1: 'own' } });
    const url = cs.urlFor('CP1');
    expect(await upgradeStatus(url, { ...v16, authorization: basic('CP1', PASSWORD) })).toBe(401);
    expect(await upgradeStatus(url, { ...v16, authorization: basic('CP1', 'own') })).toBe(101);
  });
});

describe('TLS (profiles 2 and 3)', () => {
  it('serves wss:// with Basic auth; our own charge-point connect and ocpp-rpc both get in', async () => {
    const cs = await startCentral16({
      password: PASSWORD,
      tls: { cert: pki.serverCert, key: pki.serverKey },
    });
    expect(cs.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\//);
    const { client, failures } = await connectClient(cs.url, {
      password: PASSWORD,
      wsOpts: { ca: pki.ca },
    });
    expect(
      await client.call('BootNotification', { chargePointVendor: 'X', chargePointModel: 'Y' }),
    ).toMatchObject({ status: 'Accepted' });
    expect(failures).toEqual([]);
    const ws = await openSocket(cs.urlFor('CP1'), {
      subprotocols: ['ocpp1.6', 'ocpp1.5'],
      handshakeTimeoutMs: 10_000,
      chargeBoxId: 'CP1',
      password: PASSWORD,
      ca: pki.ca,
    });
    expect(ws.protocol).toBe('ocpp1.6');
    ws.terminate();
    // A server certificate the client does not trust fails the TLS handshake.
    await expect(
      openSocket(cs.urlFor('CP1'), {
        subprotocols: ['ocpp1.6'],
        handshakeTimeoutMs: 10_000,
        chargeBoxId: 'CP1',
        password: PASSWORD,
        ca: pki.otherCa,
      }),
    ).rejects.toMatchObject({ code: 'TLS' });
  });

  it('requires a client certificate signed by the given CA (profile 3), else 401', async () => {
    const cs = await startCentral16({
      tls: { cert: pki.serverCert, key: pki.serverKey, ca: pki.ca, requestCert: true },
    });
    const url = cs.urlFor('CP1');
    const ca = pki.ca;
    expect(await upgradeStatus(url, v16, { ca })).toBe(401);
    expect(
      await upgradeStatus(url, v16, { ca, cert: pki.strangerCert, key: pki.strangerKey }),
    ).toBe(401);
    expect(await upgradeStatus(url, v16, { ca, cert: pki.clientCert, key: pki.clientKey })).toBe(
      101,
    );
  });

  it('refuses options it cannot serve, naming them', async () => {
    await expect(startCentral16({ password: '' })).rejects.toThrow(/options\.password/);
    await expect(
      startCentral16({ tls: { cert: pki.serverCert, key: pki.serverKey, requestCert: true } }),
    ).rejects.toThrow(/options\.tls: requestCert needs ca/);
  });
});
